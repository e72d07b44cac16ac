// The session transcript: what each settled check-in adds to it, the few turns the wording prompt
// sees, and the hand-off to reflection when the session ends.
import type { Insight, Outcome, StrategyId } from '../../shared/domain';
import type { Logger } from '../core/logger';
import { describeError } from '../core/redact';
import type { Memory } from '../memory/types';
import type { ActiveSession } from './focus-session';
import { OUTCOME_CREDIT } from './learner';
import { DEFAULT_REFLECTION_TIMEOUT_MS, reflectOnSession } from './reflection';
import type { StepSize } from './strategies';
import type { TextGenerator } from './types';
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
}

/** Adds a settled check-in to its session and steers the next choice away from what did not work. */
export function noteTurn(session: ActiveSession, turn: SettledTurn): void {
  const { reply, outcome } = turn;
  session.transcript.push({
    at: turn.at,
    task: turn.task,
    strategy: turn.strategy,
    nudge: turn.nudge,
    reply: reply || null,
    outcome,
  });
  if (reply) session.lastReply = { text: reply, outcome };
  session.lastFailed = OUTCOME_CREDIT[outcome].failure > 0 ? turn.strategy : null;
  session.smallerThan = outcome === 'stuck' ? turn.size : null;
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
