// Drives scheduled check-ins: a low-frequency tick asks the pure scheduler whether one is due and,
// if so, checks the burden budget and timing (pacing.ts) and whether the person is available
// (availability/), then opens it through the coach engine and tells the host (`checkin:due`). Also
// owns the reply timeout: a check-in left unanswered is closed with engine.timeout (recorded as
// no_response). This loop is the one owner of the schedule's state (interval, snooze, pause, hold,
// wait) and of the pacing log; everything else reads it through evaluation() and hold().
import type { CheckInView, SessionView } from '../../shared/checkin';
import type { Settings } from '../../shared/settings';
import { describeError } from '../base/redact';
import type { Logger } from '../base/logger';
import type { Availability, AvailabilityReport } from './availability/signals';
import type { Runtime } from './core-runtime';
import { isWithinWorkingHours } from './working-hours';
import {
  checkBudget,
  chooseMoment,
  learnReceptivity,
  pacedIntervalMinutes,
  type BudgetCheck,
  type PacingLog,
} from './pacing';
import {
  afterAvailability,
  clearHold,
  dueTime,
  evaluate,
  waitFor,
  initialSchedulerState,
  isPaused,
  markCheckedIn,
  pause,
  resume,
  snoozed,
  updateSystemState,
  type Evaluation,
  type PauseChoice,
  type SchedulerState,
} from './scheduler';
import type { KeelAppOptions } from './types';

/** How often the schedule is looked at. Check-ins are minutes apart, so 30 s is plenty. */
export const DEFAULT_TICK_MS = 30_000;

export interface CheckInLoopDeps {
  runtime: () => Promise<Runtime>;
  settings: () => Settings;
  clock: () => number;
  emit: KeelAppOptions['emit'];
  logger: Logger;
  /** Called whenever something the tray shows may have changed. */
  onChange: () => void;
  availability: Availability;
  pacing: PacingLog;
  tickMs?: number;
}

export class CheckInLoop {
  private state: SchedulerState;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private replyTimer: ReturnType<typeof setTimeout> | null = null;
  /** The open check-in is closed as no_response at this time (by the clock, so tests can move it). */
  private replyDeadline: { checkInId: string; at: number } | null = null;
  private looking: Promise<void> | null = null;
  /** The budget's answer at the last due moment, when it said no. */
  private budget: Exclude<BudgetCheck, { ok: true }> | null = null;

  constructor(private readonly deps: CheckInLoopDeps) {
    this.state = initialSchedulerState(deps.clock());
  }

  start(): void {
    const tickMs = this.deps.tickMs ?? DEFAULT_TICK_MS;
    if (tickMs <= 0 || this.tickTimer) return;
    this.tickTimer = setInterval(() => void this.tick(), tickMs);
    this.tickTimer.unref?.();
  }

  stop(): void {
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.clearReplyTimer();
    this.tickTimer = null;
  }

  /**
   * Whether a focus block the person started is running (the coach engine owns the session; this
   * only reads it): it lifts working hours and the daily cap until its planned end. The session a
   * scheduled check-in opens by itself is not one.
   */
  private focusActive(session: SessionView | null): boolean {
    if (!session?.active || !session.focus) return false;
    return session.endsAt === null || this.deps.clock() < session.endsAt;
  }

  private schedulerSettings(session: SessionView | null) {
    const settings = this.deps.settings();
    const focus = this.focusActive(session);
    return {
      intervalMinutes: pacedIntervalMinutes({
        entries: this.deps.pacing.all(),
        settings,
        anchor: this.state.anchorAt,
        focus,
        receptivity: settings.adaptiveTiming ? learnReceptivity(this.deps.pacing.all()) : null,
      }),
      workingHours: settings.workingHours,
      focusSessionActive: focus,
      focusSessionEndsAt: focus ? (session?.endsAt ?? null) : null,
      snoozedUntil: session?.snoozedUntil ?? null,
    };
  }

  /** The schedule as it stands, for the coach's current session. */
  evaluation(session: SessionView | null): Evaluation {
    const evaluation = evaluate(this.state, this.schedulerSettings(session), this.deps.clock());
    // A budget that said no moves the next check-in to when it says yes.
    if (this.budget && evaluation.nextAt !== null && evaluation.nextAt < this.budget.until) {
      return { ...evaluation, nextAt: this.budget.until };
    }
    return evaluation;
  }

  /**
   * Why a due check-in is not open, in the person's words, or null: held while unavailable, the
   * day's check-ins used up, or waiting for a moment that usually gets an answer.
   */
  hold(): { kind: 'availability' | 'budget' | 'timing'; reason: string } | null {
    if (this.state.held) return { kind: 'availability', reason: this.state.held.reason };
    if (this.budget?.reason === 'daily_cap') {
      return { kind: 'budget', reason: `that's today's ${this.budget.cap} check-ins` };
    }
    if (this.state.waitUntil !== null && this.deps.clock() < this.state.waitUntil) {
      return { kind: 'timing', reason: 'waiting for a moment that usually suits you' };
    }
    return null;
  }

  /** The last availability reading (null before the first). */
  availability(): AvailabilityReport | null {
    return this.deps.availability.latest();
  }

  /** Null when not paused; Infinity when paused indefinitely. */
  pausedUntil(): number | null {
    return isPaused(this.state, this.deps.clock()) ? this.state.pausedUntil : null;
  }

  /** One look at the schedule: opens a check-in if one is due and none is waiting for a reply. */
  tick(): Promise<void> {
    // Looks that overlap (a tick, and the one an unlock starts) are one look: reading availability
    // takes a moment, and two looks must never open two check-ins.
    this.looking ??= this.look().finally(() => {
      this.looking = null;
    });
    return this.looking;
  }

  private async look(): Promise<void> {
    await this.closeIfUnanswered();
    this.deps.onChange();
    if (!this.deps.settings().onboardingDone) return;
    try {
      const { engine } = await this.deps.runtime();
      const session = engine.session();
      const schedule = this.schedulerSettings(session);
      const now = this.deps.clock();
      if (!evaluate(this.state, schedule, now).due) {
        this.state = clearHold(this.state);
        return;
      }
      if (engine.current()?.state === 'awaiting_reply') return;

      const settings = this.deps.settings();
      const focus = schedule.focusSessionActive;
      const pacing = this.deps.pacing;
      const budget = checkBudget(pacing.all(), settings, now, focus);
      this.budget = budget.ok ? null : budget;
      if (!budget.ok) return;

      // Timing that learns: a scheduled check-in (not a snooze the person chose, not a held one, not
      // a focus session's) may wait once for a moment that usually gets an answer.
      if (
        settings.adaptiveTiming &&
        !focus &&
        session.snoozedUntil === null &&
        this.state.held === null &&
        this.state.waitUntil === null
      ) {
        const choice = chooseMoment({
          receptivity: learnReceptivity(pacing.all()),
          now,
          dueAt: dueTime(this.state, schedule),
          intervalMinutes: schedule.intervalMinutes,
          lastOpenedAt: pacing.lastOpenedAt(),
          allowed: (at) => isWithinWorkingHours(at, schedule.workingHours),
        });
        if (!choice.openNow && choice.waitUntil !== null) {
          this.state = waitFor(this.state, choice.waitUntil);
          return;
        }
      }

      const report = await this.deps.availability.check();
      const next = afterAvailability(this.state, this.deps.clock(), report.heldBy);
      this.state = next.state;
      if (!next.open) return;
      await this.openCheckIn({ scheduled: true, focus });
    } catch (error) {
      this.deps.logger.warn(`scheduled check-in failed: ${describeError(error)}`);
    }
  }

  /** Opens a check-in the person asked for (tray, window): no hold, no budget, no waiting. */
  open(): Promise<CheckInView> {
    return this.openCheckIn({ scheduled: false, focus: false });
  }

  /**
   * Opens a check-in now. The engine is the one single-flight guard: concurrent calls get the same
   * check-in, and the reply deadline (keyed by its id) makes sure it is counted and timed once.
   */
  private async openCheckIn(how: { scheduled: boolean; focus: boolean }): Promise<CheckInView> {
    const { engine } = await this.deps.runtime();
    const checkIn = await engine.checkInNow({ byPerson: !how.scheduled });
    const now = this.deps.clock();
    // Fired: the interval restarts from now, so missed ones never pile up.
    this.state = markCheckedIn(this.state, now);
    this.budget = null;
    if (checkIn.state === 'awaiting_reply' && this.replyDeadline?.checkInId !== checkIn.id) {
      this.deps.pacing.opened(now, how);
      this.armReplyTimer(checkIn.id, engine.replyTimeoutMs);
    }
    this.deps.emit('checkin:due', checkIn);
    this.deps.onChange();
    return checkIn;
  }

  /** A reply arrived: the timeout no longer applies. */
  answered(): void {
    this.deps.pacing.settle(this.deps.clock(), 'answered');
    this.clearReplyTimer();
    this.deps.onChange();
  }

  /** A session started or onboarding finished: count the interval from now. */
  restartInterval(): void {
    this.state = markCheckedIn(this.state, this.deps.clock());
    this.deps.onChange();
  }

  /** The person snoozed (the coach holds until when): the open check-in no longer waits for a reply. */
  snoozed(): void {
    this.deps.pacing.settle(this.deps.clock(), 'snoozed');
    this.state = snoozed(this.state);
    this.clearReplyTimer();
    this.deps.onChange();
  }

  pause(choice: PauseChoice): void {
    this.state = pause(this.state, this.deps.clock(), choice, this.deps.settings().workingHours);
    this.deps.onChange();
  }

  resume(): void {
    this.state = resume(this.state, this.deps.clock());
    this.deps.onChange();
  }

  setSystemState(update: { idleSeconds?: number; locked?: boolean; suspended?: boolean }): void {
    const wasBlocked = this.state.locked || this.state.suspended;
    this.state = updateSystemState(this.state, update);
    // Back from a lock or sleep: look at once rather than up to a tick later.
    if (wasBlocked && !this.state.locked && !this.state.suspended) void this.tick();
  }

  /** `timeoutMs` is the engine's: the same N its "no reply within N min" names. */
  private armReplyTimer(checkInId: string, timeoutMs: number): void {
    this.clearReplyTimer();
    this.replyDeadline = { checkInId, at: this.deps.clock() + timeoutMs };
    // The deadline is checked by every look at the schedule; the timer only makes that look happen
    // on time rather than at the next tick.
    this.replyTimer = setTimeout(() => void this.tick(), timeoutMs);
    this.replyTimer.unref?.();
  }

  private clearReplyTimer(): void {
    if (this.replyTimer) clearTimeout(this.replyTimer);
    this.replyTimer = null;
    this.replyDeadline = null;
  }

  /** Closes the open check-in (recorded as no_response) once its reply deadline has passed. */
  private async closeIfUnanswered(): Promise<void> {
    const deadline = this.replyDeadline;
    if (!deadline || this.deps.clock() < deadline.at) return;
    this.clearReplyTimer();
    try {
      const { engine } = await this.deps.runtime();
      const current = engine.current();
      if (current?.id === deadline.checkInId && current.state === 'awaiting_reply') {
        await engine.timeout(deadline.checkInId);
        this.deps.pacing.settle(this.deps.clock(), 'timed_out');
        // The interval counts from here: an unanswered check-in is not followed at once by another.
        this.state = markCheckedIn(this.state, this.deps.clock());
      }
    } catch (error) {
      this.deps.logger.warn(`closing an unanswered check-in failed: ${describeError(error)}`);
    }
    this.deps.onChange();
  }
}
