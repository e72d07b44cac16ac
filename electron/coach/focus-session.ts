// Session bookkeeping: the one focus session that may be running, the task kept between sessions,
// the last outcome and the snooze — and the SessionView the window shows of them.
import { randomUUID } from 'node:crypto';
import { StartSessionSchema, type SessionView } from '../../shared/checkin';
import {
  InvalidInputError,
  LIMITS,
  clampText,
  describeZodError,
  type Outcome,
  type StrategyId,
} from '../../shared/domain';
import { describeMoment } from './context';
import type { TranscriptEntry } from './reflection';
import type { StepSize } from './strategies';

/** How long `not_now`, Esc and the snooze button pause check-ins unless Settings say otherwise. */
export { DEFAULT_SNOOZE_MINUTES } from '../../shared/settings';
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
  snoozedUntil: number | null = null;

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
