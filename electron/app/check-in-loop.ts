// Drives scheduled check-ins: a low-frequency tick asks the pure scheduler whether one is due and,
// if so, opens it through the coach engine and tells the host (`checkin:due`). Also owns the reply
// timeout: a check-in left unanswered is closed with engine.timeout (recorded as no_response).
import type { CheckInView, SessionView } from '../../shared/checkin';
import type { Settings } from '../../shared/settings';
import { DEFAULT_REPLY_TIMEOUT_MS } from '../coach/session-engine';
import { describeError } from '../core/redact';
import type { Logger } from '../core/logger';
import type { Runtime } from './core-runtime';
import {
  evaluate,
  initialSchedulerState,
  isPaused,
  markCheckedIn,
  pause,
  resume,
  snooze,
  updateSystemState,
  type Evaluation,
  type PauseChoice,
  type SchedulerState,
} from './scheduler';
import type { KeelAppOptions } from './types';

/** How often the schedule is looked at. Check-ins are minutes apart, so 30 s is plenty. */
export const DEFAULT_TICK_MS = 30_000;
/** An unanswered check-in is closed (no_response) after this long: the coach's own default. */
export const REPLY_TIMEOUT_MS = DEFAULT_REPLY_TIMEOUT_MS;

export interface CheckInLoopDeps {
  runtime: () => Promise<Runtime>;
  settings: () => Settings;
  clock: () => number;
  emit: KeelAppOptions['emit'];
  logger: Logger;
  /** Called whenever something the tray shows may have changed. */
  onChange: () => void;
  tickMs?: number;
  replyTimeoutMs?: number;
}

export class CheckInLoop {
  private state: SchedulerState;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private replyTimer: ReturnType<typeof setTimeout> | null = null;
  private opening: Promise<CheckInView> | null = null;

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
   * The schedule as it stands, for the coach's current session (the engine owns it; this only reads
   * it): a running focus block overrides working hours until its planned end.
   */
  evaluation(session: SessionView | null): Evaluation {
    const settings = this.deps.settings();
    const now = this.deps.clock();
    const endsAt = session?.active ? session.endsAt : null;
    return evaluate(
      this.state,
      {
        intervalMinutes: settings.checkInIntervalMinutes,
        workingHours: settings.workingHours,
        focusSessionActive: session?.active === true && (endsAt === null || now < endsAt),
        focusSessionEndsAt: endsAt,
      },
      now,
    );
  }

  /** Null when not paused; Infinity when paused indefinitely. */
  pausedUntil(): number | null {
    return isPaused(this.state, this.deps.clock()) ? this.state.pausedUntil : null;
  }

  /** One look at the schedule: opens a check-in if one is due and none is waiting for a reply. */
  async tick(): Promise<void> {
    this.deps.onChange();
    if (!this.deps.settings().onboardingDone) return;
    try {
      const { engine } = await this.deps.runtime();
      if (!this.evaluation(engine.session()).due) return;
      if (engine.current()?.state === 'awaiting_reply') return;
      await this.open();
    } catch (error) {
      this.deps.logger.warn(`scheduled check-in failed: ${describeError(error)}`);
    }
  }

  /** Opens a check-in now (scheduled or asked for). Concurrent calls share one check-in. */
  open(): Promise<CheckInView> {
    this.opening ??= (async () => {
      try {
        const { engine } = await this.deps.runtime();
        const checkIn = await engine.checkInNow();
        // Fired: the interval restarts from now, so missed ones never pile up.
        this.state = markCheckedIn(this.state, this.deps.clock());
        if (checkIn.state === 'awaiting_reply') this.armReplyTimer(checkIn.id);
        this.deps.emit('checkin:due', checkIn);
        this.deps.onChange();
        return checkIn;
      } finally {
        this.opening = null;
      }
    })();
    return this.opening;
  }

  /** A reply arrived: the timeout no longer applies. */
  answered(): void {
    this.clearReplyTimer();
    this.deps.onChange();
  }

  /** A session started or onboarding finished: count the interval from now. */
  restartInterval(): void {
    this.state = markCheckedIn(this.state, this.deps.clock());
    this.deps.onChange();
  }

  snooze(minutes: number): void {
    this.state = snooze(this.state, this.deps.clock(), minutes);
    this.clearReplyTimer();
    this.deps.onChange();
  }

  /** A snooze taken back (a "not now" corrected to another outcome): the interval applies again. */
  unsnooze(): void {
    this.state = { ...this.state, snoozedUntil: null };
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

  private armReplyTimer(checkInId: string): void {
    this.clearReplyTimer();
    this.replyTimer = setTimeout(
      () => void this.expire(checkInId),
      this.deps.replyTimeoutMs ?? REPLY_TIMEOUT_MS,
    );
    this.replyTimer.unref?.();
  }

  private clearReplyTimer(): void {
    if (this.replyTimer) clearTimeout(this.replyTimer);
    this.replyTimer = null;
  }

  private async expire(checkInId: string): Promise<void> {
    this.replyTimer = null;
    try {
      const { engine } = await this.deps.runtime();
      const current = engine.current();
      if (current?.id === checkInId && current.state === 'awaiting_reply')
        await engine.timeout(checkInId);
    } catch (error) {
      this.deps.logger.warn(`closing an unanswered check-in failed: ${describeError(error)}`);
    }
    this.deps.onChange();
  }
}
