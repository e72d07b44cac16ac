// When the next check-in is due. Pure and clock-injected: every function takes `now` and returns a
// new state, so the rules are testable without timers.
//
// Rules:
// - A check-in is due `interval` minutes after the last one (or after the schedule (re)started).
// - A snooze replaces that due time; a pause holds everything until it ends (or forever). The snooze
//   is the coach's (the session owns "not now until …"; SchedulerSettings.snoozedUntil reads it).
// - Only within working hours — unless the person started a focus session by hand, which says "coach
//   me now" more clearly than any schedule — and never while the screen is locked, the system is suspended, or the
//   person has been idle past a threshold.
// - Missed check-ins are NOT stacked: after sleep, a lock or a night outside working hours at most one
//   check-in comes, and firing it restarts the interval from that moment.
// - Idle time is only trusted once a non-zero reading has been seen: on Wayland powerMonitor's idle
//   time always reads 0, so "0 forever" means "unknown" and lock/suspend events are what count.
// - Hold, don't drop: a check-in that comes due while the person is unavailable (a call, Do Not
//   Disturb, presenting; see availability/) is held, and opens once, HOLD_GRACE_MINUTES after they
//   are available again — not the instant a call ends. It is one check-in, never a pile.
// - Timing that learns may make a due check-in wait for a better moment (`waitUntil`, see pacing.ts).
import type { WorkingHours } from '../../shared/settings';
import { isWithinWorkingHours, nextWorkingDayStart, nextWorkingTime } from './working-hours';

const MINUTE_MS = 60_000;

export const DEFAULT_IDLE_THRESHOLD_SECONDS = 5 * 60;

export interface SchedulerState {
  /** The interval is measured from here: the last check-in, or when the schedule (re)started. */
  anchorAt: number;
  /** No check-ins before this time; Infinity = paused indefinitely; null = not paused. */
  pausedUntil: number | null;
  locked: boolean;
  suspended: boolean;
  idleSeconds: number;
  /** False until a non-zero idle reading is seen (Wayland reports 0 forever). */
  idleReliable: boolean;
  /** A due check-in waits because the person is unavailable: why, and since when. */
  held: { reason: string; since: number } | null;
  /** After a hold: when the person was first seen available again (the grace period runs from here). */
  availableSince: number | null;
  /** A due check-in waits for a better moment until then (timing that learns). */
  waitUntil: number | null;
}

/** After a hold ends, Keel waits this long before it opens the held check-in. */
export const HOLD_GRACE_MINUTES = 2;

export interface SchedulerSettings {
  intervalMinutes: number;
  workingHours: WorkingHours;
  idleThresholdSeconds?: number;
  /** A focus session the person started is running: working hours do not apply to it. */
  focusSessionActive?: boolean;
  /** Its planned end (null: open-ended): a check-in due after it is back within working hours. */
  focusSessionEndsAt?: number | null;
  /** The coach's snooze: the next check-in comes at this time instead of anchor + interval. */
  snoozedUntil?: number | null;
}

export type PauseChoice = { minutes: number } | 'tomorrow' | 'indefinitely';

export type BlockReason =
  | 'paused'
  | 'snoozed'
  | 'not_yet'
  | 'waiting_for_moment'
  | 'outside_hours'
  | 'locked'
  | 'suspended'
  | 'idle';

export interface Evaluation {
  due: boolean;
  /** Why no check-in now (null when due). */
  blockedBy: BlockReason | null;
  /** Best estimate of the next check-in time for display; null when paused indefinitely or no working day. */
  nextAt: number | null;
}

export function initialSchedulerState(now: number): SchedulerState {
  return {
    anchorAt: now,
    pausedUntil: null,
    locked: false,
    suspended: false,
    idleSeconds: 0,
    idleReliable: false,
    held: null,
    availableSince: null,
    waitUntil: null,
  };
}

/** A check-in was shown: the interval restarts now; any hold or wait is used up. */
export function markCheckedIn(state: SchedulerState, now: number): SchedulerState {
  return {
    ...state,
    anchorAt: now,
    held: null,
    availableSince: null,
    waitUntil: null,
  };
}

/**
 * A check-in is due and availability was read: hold it (with the reason), or say whether it may open
 * now (at once when nothing was held; after the grace period when a hold has just ended).
 */
export function afterAvailability(
  state: SchedulerState,
  now: number,
  heldBy: { reason: string } | null,
): { state: SchedulerState; open: boolean } {
  if (heldBy) {
    return {
      state: {
        ...state,
        held: { reason: heldBy.reason, since: state.held?.since ?? now },
        availableSince: null,
      },
      open: false,
    };
  }
  if (!state.held) return { state, open: true };
  const availableSince = state.availableSince ?? now;
  return {
    state: { ...state, availableSince },
    open: now >= availableSince + HOLD_GRACE_MINUTES * MINUTE_MS,
  };
}

/** Nothing is due any more (paused, locked, outside hours…): a hold or a wait no longer applies. */
export function clearHold(state: SchedulerState): SchedulerState {
  return state.held || state.waitUntil !== null
    ? { ...state, held: null, availableSince: null, waitUntil: null }
    : state;
}

/** Timing that learns chose a later moment for the due check-in. */
export function waitFor(state: SchedulerState, until: number): SchedulerState {
  return { ...state, waitUntil: until };
}

/** The person snoozed: a wait for a better moment no longer applies (the snooze says when). */
export function snoozed(state: SchedulerState): SchedulerState {
  return { ...state, waitUntil: null };
}

export function pause(
  state: SchedulerState,
  now: number,
  choice: PauseChoice,
  hours: WorkingHours,
): SchedulerState {
  const pausedUntil =
    choice === 'indefinitely'
      ? Infinity
      : choice === 'tomorrow'
        ? nextWorkingDayStart(now, hours)
        : now + choice.minutes * MINUTE_MS;
  return { ...state, pausedUntil };
}

/** Resuming by hand restarts the interval, so no check-in jumps out the moment you resume. */
export function resume(state: SchedulerState, now: number): SchedulerState {
  return { ...state, pausedUntil: null, anchorAt: now };
}

export function updateSystemState(
  state: SchedulerState,
  update: { idleSeconds?: number; locked?: boolean; suspended?: boolean },
): SchedulerState {
  const next = { ...state };
  if (update.locked !== undefined) next.locked = update.locked;
  if (update.suspended !== undefined) next.suspended = update.suspended;
  if (
    update.idleSeconds !== undefined &&
    Number.isFinite(update.idleSeconds) &&
    update.idleSeconds >= 0
  ) {
    next.idleSeconds = update.idleSeconds;
    if (update.idleSeconds > 0) next.idleReliable = true;
  }
  return next;
}

export function isPaused(state: SchedulerState, now: number): boolean {
  return state.pausedUntil !== null && now < state.pausedUntil;
}

/** When the next check-in is due by the interval or a snooze (before any wait for a better moment). */
export function dueTime(state: SchedulerState, settings: SchedulerSettings): number {
  return settings.snoozedUntil ?? state.anchorAt + settings.intervalMinutes * MINUTE_MS;
}

export function evaluate(
  state: SchedulerState,
  settings: SchedulerSettings,
  now: number,
): Evaluation {
  const threshold = settings.idleThresholdSeconds ?? DEFAULT_IDLE_THRESHOLD_SECONDS;
  const paused = isPaused(state, now);
  const dueAt = Math.max(dueTime(state, settings), state.waitUntil ?? 0);
  const earliest = Math.max(dueAt, paused ? (state.pausedUntil as number) : 0, now);
  const focusEndsAt = settings.focusSessionEndsAt ?? Infinity;
  const nextAt = !Number.isFinite(earliest)
    ? null
    : settings.focusSessionActive && earliest < focusEndsAt
      ? earliest
      : nextWorkingTime(earliest, settings.workingHours);

  const block = (blockedBy: BlockReason): Evaluation => ({ due: false, blockedBy, nextAt });
  if (paused) return block('paused');
  if (now < dueAt) {
    return block(
      state.waitUntil !== null && now >= dueTime(state, settings)
        ? 'waiting_for_moment'
        : (settings.snoozedUntil ?? null) !== null
          ? 'snoozed'
          : 'not_yet',
    );
  }
  if (!settings.focusSessionActive && !isWithinWorkingHours(now, settings.workingHours)) {
    return block('outside_hours');
  }
  if (state.suspended) return block('suspended');
  if (state.locked) return block('locked');
  if (state.idleReliable && state.idleSeconds >= threshold) return block('idle');
  return { due: true, blockedBy: null, nextAt: now };
}
