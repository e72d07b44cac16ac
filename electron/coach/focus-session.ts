// A focus session: the one that may be running, the task kept between sessions, the last outcome
// and the snooze, the SessionView the window shows of them — and every change a check-in makes to
// a session (its transcript, what the next check-in avoids, what was said), so a session's state
// changes only here. The hand-off to reflection when it ends is here too.
import { randomUUID } from 'node:crypto';
import { StartSessionSchema, type SessionView } from '../../shared/checkin';
import {
  InvalidInputError,
  LIMITS,
  clampText,
  describeZodError,
  type Insight,
  type Outcome,
  type StrategyId,
} from '../../shared/domain';
import type { Logger } from '../base/logger';
import { describeError } from '../base/redact';
import type { TextGenerator } from '../gemini/text-generator';
import type { Memory } from '../memory/types';
import { describeMoment } from './context';
import { OUTCOME_CREDIT } from './learner';
import {
  DEFAULT_REFLECTION_TIMEOUT_MS,
  reflectOnSession,
  type TranscriptEntry,
} from './reflection';
import { saidKey, type StepSize } from './strategies';
import type { ConversationTurn } from './wording';

/** Used when a check-in opens with no task set. */
export const FALLBACK_TASK = 'what you are working on';

export interface ActiveSession {
  id: string;
  task: string;
  startedAt: number;
  plannedMinutes: number | null;
  /** Started by the person (a focus block), not opened by a scheduled check-in. */
  byPerson: boolean;
  checkIns: number;
  transcript: TranscriptEntry[];
  lastReply: { text: string; outcome: Outcome } | null;
  /** The strategy whose check-in did not work: not offered again straight away. */
  lastFailed: StrategyId | null;
  /** Set after `stuck`: the next strategy must be smaller than this. */
  smallerThan: StepSize | null;
  /** Every nudge and follow-up shown in this session (saidKey form): none is said twice. */
  said: Set<string>;
  /** Tasks reported done in this session (taskKey form): never nudged about again. */
  doneTasks: Set<string>;
}

/** The key under which two task texts are the same task (case, spacing and punctuation aside). */
export function taskKey(task: string): string {
  return task
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The task a check-in in this session is about: its task, unless that one is already done. */
export function nudgeTask(session: ActiveSession): string {
  return session.doneTasks.has(taskKey(session.task)) ? FALLBACK_TASK : session.task;
}

export interface SessionRequest {
  task?: string;
  minutes?: number;
}

/** Validates a start-session request, or throws a clear InvalidInputError. */
export function parseSessionRequest(input: SessionRequest): SessionRequest {
  const parsed = StartSessionSchema.safeParse(input);
  if (!parsed.success)
    throw new InvalidInputError(`Invalid session: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** When the session is planned to end, or null when it has no planned length. */
export function plannedEnd(session: ActiveSession | null): number | null {
  return session?.plannedMinutes ? session.startedAt + session.plannedMinutes * 60_000 : null;
}

export class FocusSessions {
  active: ActiveSession | null = null;
  /** Task set while no session runs: used by the next one. */
  idleTask: string | null = null;
  lastOutcome: Outcome | null = null;
  /** When the last snooze ends; changed only by snoozeFor and clearSnooze. */
  private snoozedUntil: number | null = null;

  constructor(private readonly clock: () => number) {}

  view(): SessionView {
    const s = this.active;
    return {
      id: s?.id ?? null,
      active: s !== null,
      focus: s?.byPerson ?? false,
      task: s?.task ?? this.idleTask,
      startedAt: s?.startedAt ?? null,
      endsAt: plannedEnd(s),
      checkIns: s?.checkIns ?? 0,
      // Kept after it ends until the next check-in uses it up: the schedule reads it ("due since").
      snoozedUntil: this.snoozedUntil,
      lastOutcome: this.lastOutcome,
      taskDone: s !== null && s.doneTasks.has(taskKey(s.task)),
    };
  }

  /** Starts a fresh session from a validated request; any running one must have been ended. */
  begin(request: SessionRequest, byPerson: boolean): void {
    const now = this.clock();
    this.active = {
      id: `session-${now}-${randomUUID().slice(0, 8)}`,
      task: request.task || this.idleTask || FALLBACK_TASK,
      startedAt: now,
      plannedMinutes: request.minutes ?? null,
      byPerson,
      checkIns: 0,
      transcript: [],
      lastReply: null,
      lastFailed: null,
      smallerThan: null,
      said: new Set(),
      doneTasks: new Set(),
    };
    this.lastOutcome = null;
    this.snoozedUntil = null;
  }

  /** The session is over: its task stays as the task for the next one, unless it was done. */
  finish(session: ActiveSession): void {
    this.idleTask = session.doneTasks.has(taskKey(session.task)) ? null : session.task;
    this.active = null;
  }

  setTask(task: string): void {
    const clean = clampText(String(task ?? ''), LIMITS.task);
    if (!clean) throw new InvalidInputError('Invalid task: task must not be empty');
    if (this.active) {
      this.active.task = clean;
      // Setting a task (even one done earlier) says it is what the person works on now.
      this.active.doneTasks.delete(taskKey(clean));
    } else this.idleTask = clean;
  }

  /** The task a check-in outside any session is about. */
  currentTask(): string {
    return this.active?.task ?? this.idleTask ?? FALLBACK_TASK;
  }

  /** The running session if it is the one with this id (a check-in may outlive its session). */
  ownerOf(sessionId: string): ActiveSession | null {
    return this.active && this.active.id === sessionId ? this.active : null;
  }

  snoozeFor(minutes: number, now: number): void {
    this.snoozedUntil = now + minutes * 60_000;
  }
  /** Drops a pending snooze: a check-in used it up, a pause replaced it, or it was taken back. */
  clearSnooze(): void {
    this.snoozedUntil = null;
  }

  /** The moment, in words, for the embedding and the stored record. */
  describeNow(now: number): string {
    const s = this.active;
    return describeMoment({
      now,
      sessionStartedAt: s?.startedAt ?? null,
      plannedMinutes: s?.plannedMinutes ?? null,
      checkInNumber: (s?.checkIns ?? 0) || 1,
      lastReply: s?.lastReply ?? null,
    });
  }
}

// ------------------------------------------------------------------ what check-ins change

/**
 * A check-in opens in this session: it is counted, and the "smaller than" rule left by a `stuck`
 * applies to this one choice only, so it is handed over and cleared.
 */
export function beginTurn(session: ActiveSession): { smallerThan: StepSize | null } {
  session.checkIns += 1;
  const smallerThan = session.smallerThan;
  session.smallerThan = null;
  return { smallerThan };
}

/** A text was shown in this session: it is not said again. */
export function markSaid(session: ActiveSession, text: string): void {
  session.said.add(saidKey(text));
}

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
  /** The reply was typed (not a button). */
  typed: boolean;
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
    ...(turn.typed && reply ? { typed: true as const } : {}),
  };
  session.transcript.push(entry);
  if (reply) session.lastReply = { text: reply, outcome };
  steer(session, turn);
  return entry;
}

/** The person corrected the outcome of the session's latest check-in with this nudge. */
export function correctTurn(
  session: ActiveSession,
  turn: Omit<SettledTurn, 'at' | 'reply' | 'typed'>,
): void {
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

/**
 * A stored check-in changed (outcome) or deleted (null) in History: its entry follows. Returns the
 * reply the person typed for a changed entry of this session (a correction of it teaches), else null.
 */
export function applyStoredCorrection(
  session: ActiveSession,
  key: string,
  outcome: Outcome | null,
): string | null {
  const index = session.transcript.findIndex((e) => e.key === key);
  if (index < 0) return null;
  const entry = session.transcript[index]!;
  // The reflection at the end of the session reads what the person said it was.
  if (outcome === null) {
    session.transcript.splice(index, 1);
    return null;
  }
  const changed = entry.outcome !== outcome;
  entry.outcome = outcome;
  return changed && entry.typed && entry.reply ? entry.reply : null;
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
