// The session transcript: what each settled check-in adds to it, the few turns the wording prompt
// sees, and the hand-off to reflection when the session ends.
import type { Insight, Outcome, StrategyId } from '../../shared/domain';
import type { Logger } from '../base/logger';
import { describeError } from '../base/redact';
import type { Memory } from '../memory/types';
import { taskKey, type ActiveSession } from './focus-session';
import { OUTCOME_CREDIT } from './learner';
import {
  DEFAULT_REFLECTION_TIMEOUT_MS,
  reflectOnSession,
  type TranscriptEntry,
} from './reflection';
import type { StepSize } from './strategies';
import type { TextGenerator } from '../gemini/text-generator';
import type { ConversationTurn } from './wording';

/** How many earlier exchanges the wording prompt sees. */
const RECENT_TURNS = 3;

export interface SettledTurn {
  at: number;
  task: string;
  strategy: StrategyId;
  /** Size of the strategy's step: after `stuck` the next one must be smaller. */
  size: StepSize;
  nudge: string;
  reply: string;
  outcome: Outcome;
  /** After `stuck`: the concrete-step strategy the follow-up offered (null otherwise). */
  offered: StrategyId | null;
}

/** Adds a settled check-in to its session and steers the next choice away from what did not work. */
export function noteTurn(session: ActiveSession, turn: SettledTurn): TranscriptEntry {
  const { reply, outcome } = turn;
  const entry: TranscriptEntry = {
    at: turn.at,
    task: turn.task,
    strategy: turn.strategy,
    nudge: turn.nudge,
    reply: reply || null,
    outcome,
    ...(turn.offered ? { offered: turn.offered } : {}),
  };
  session.transcript.push(entry);
  if (reply) session.lastReply = { text: reply, outcome };
  steer(session, turn);
  return entry;
}

/** The person corrected the outcome of the session's latest check-in with this nudge. */
export function correctTurn(session: ActiveSession, turn: Omit<SettledTurn, 'at' | 'reply'>): void {
  const entry = session.transcript.findLast((e) => e.nudge === turn.nudge);
  if (!entry) return;
  if (entry.outcome === 'task_completed') session.doneTasks.delete(taskKey(entry.task));
  entry.outcome = turn.outcome;
  if (turn.offered) entry.offered = turn.offered;
  else delete entry.offered;
  if (session.lastReply && entry === session.transcript.at(-1)) {
    session.lastReply = { ...session.lastReply, outcome: turn.outcome };
  }
  if (entry === session.transcript.at(-1)) steer(session, turn);
  else if (turn.outcome === 'task_completed') session.doneTasks.add(taskKey(turn.task));
}

/** A stored check-in changed (outcome) or deleted (null) in History: its entry follows. */
export function applyStoredCorrection(
  session: ActiveSession,
  key: string,
  outcome: Outcome | null,
): void {
  const index = session.transcript.findIndex((e) => e.key === key);
  if (index < 0) return;
  // The reflection at the end of the session reads what the person said it was.
  if (outcome === null) session.transcript.splice(index, 1);
  else session.transcript[index]!.outcome = outcome;
}

/**
 * What the next check-in avoids: the strategy that did not work, or after `stuck` the step just
 * offered (no step twice); a smaller size after `stuck`; a task that is done.
 */
function steer(
  session: ActiveSession,
  turn: Pick<SettledTurn, 'outcome' | 'strategy' | 'size' | 'offered' | 'task'>,
): void {
  const { outcome } = turn;
  session.lastFailed = turn.offered ?? (OUTCOME_CREDIT[outcome].failure > 0 ? turn.strategy : null);
  session.smallerThan = outcome === 'stuck' ? turn.size : null;
  if (outcome === 'task_completed') session.doneTasks.add(taskKey(turn.task));
}

export function recentTurns(session: ActiveSession): ConversationTurn[] {
  return session.transcript
    .slice(-RECENT_TURNS)
    .map((e) => ({ nudge: e.nudge, reply: e.reply, outcome: e.outcome }));
}

export interface ReflectionHandOff {
  memory: Memory;
  userId: string;
  generator: TextGenerator | null;
  now: number;
  timeoutMs?: number;
  logger: Logger;
}

/** Reflects on an ended session; a failure is logged and gives no insight (ending never fails). */
export async function reflectOnEndedSession(
  session: ActiveSession,
  handOff: ReflectionHandOff,
): Promise<Insight | null> {
  try {
    return await reflectOnSession({
      memory: handOff.memory,
      userId: handOff.userId,
      generator: handOff.generator,
      sessionId: session.id,
      transcript: session.transcript,
      now: handOff.now,
      timeoutMs: handOff.timeoutMs ?? DEFAULT_REFLECTION_TIMEOUT_MS,
      logger: handOff.logger,
    });
  } catch (error) {
    handOff.logger.warn(`the session insight could not be stored: ${describeError(error)}`);
    return null;
  }
}
