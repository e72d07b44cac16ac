// Whether the memory store is reachable, and getting it back when it is not.
//
// Store calls go through `guard` (a time limit) and report their outcome with markSuccess or
// markFailure. While the store is down, or records it could take wait in the outbox, a probe with
// backoff keeps trying to reach (or first open) the store and then hands over to the outbox replay.
import type { Logger } from '../base/logger';
import { StoreUnavailableError, type MemoryStore } from './stores/types';

/** What the health tracker needs from the outbox replay (which reports back here in turn). */
export interface ReplayControl {
  isRunning(): boolean;
  /** Whether anything in the outbox could be replayed now. */
  hasReplayable(): boolean;
  drain(): Promise<void>;
}

export interface StoreHealthOptions {
  store: MemoryStore;
  logger: Logger;
  clock: () => number;
  /** A store call taking longer than this counts as a failure. */
  timeoutMs: number;
  /** Reconnect probe backoff (ms): first delay, doubling up to the cap. */
  probe: { initialMs: number; maxMs: number };
  describe(error: unknown): string;
}

/** Before wiring: nothing waits to be replayed. */
const NO_REPLAY: ReplayControl = {
  isRunning: () => false,
  hasReplayable: () => false,
  drain: async () => undefined,
};

export class StoreHealth {
  private opened = false;
  private closed = false;
  private storeUp = true;
  private downAt: number | null = null;
  private lastProblem: string | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private probing = false;
  private probeDelay: number;
  private replay: ReplayControl = NO_REPLAY;
  private reachableAgain: () => void = () => undefined;

  constructor(private readonly options: StoreHealthOptions) {
    this.probeDelay = options.probe.initialMs;
  }

  /**
   * Explicit wiring, once the outbox replay exists (it is built on this tracker, so it cannot be
   * passed in): the replay to hand over to when the store is reachable, and who to tell when it
   * answers again after being down.
   */
  connect(replay: ReplayControl, onReachableAgain: () => void): void {
    this.replay = replay;
    this.reachableAgain = onReachableAgain;
  }

  get isUp(): boolean {
    return this.storeUp;
  }

  /** When the store went down (null while it is up). */
  get downSince(): number | null {
    return this.downAt;
  }

  /** Why the store is down (null while it is up). */
  get problem(): string | null {
    return this.lastProblem;
  }

  /** Stops the probe for good. */
  close(): void {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  async ensureOpen(): Promise<void> {
    if (this.opened) return;
    await this.guard('open', this.options.store.open());
    this.opened = true;
  }

  guard<T>(what: string, promise: Promise<T>): Promise<T> {
    return withStoreTimeout(what, promise, this.options.timeoutMs);
  }

  markFailure(error: unknown): void {
    const { logger, clock, describe } = this.options;
    if (this.storeUp) logger.warn(`memory store failed: ${describe(error)}`);
    this.storeUp = false;
    this.downAt ??= clock();
    this.lastProblem = describe(error);
    this.scheduleProbe();
  }

  markSuccess(): void {
    const { logger, probe } = this.options;
    const replay = this.replay;
    if (!this.storeUp) {
      logger.info('memory store reachable again');
      this.reachableAgain();
    }
    this.storeUp = true;
    this.downAt = null;
    this.lastProblem = null;
    this.probeDelay = probe.initialMs;
    if (!replay.isRunning() && replay.hasReplayable()) void replay.drain();
  }

  scheduleProbe(): void {
    if (this.closed || this.probeTimer || this.probing) return;
    if (this.storeUp && !this.replay.hasReplayable()) return;
    this.probeTimer = setTimeout(() => void this.probe(), this.probeDelay);
    this.probeTimer.unref?.();
  }

  private async probe(): Promise<void> {
    this.probeTimer = null;
    this.probing = true;
    try {
      await this.ensureOpen();
      const alive = await this.guard('ping', this.options.store.ping());
      if (!alive) throw new StoreUnavailableError('PING got no answer');
      this.markSuccess();
      await this.replay.drain();
    } catch (error) {
      this.markFailure(error);
    } finally {
      this.probing = false;
    }
    if (!this.storeUp || this.replay.hasReplayable()) {
      this.probeDelay = Math.min(this.probeDelay * 2, this.options.probe.maxMs);
      this.scheduleProbe();
    }
  }
}

/**
 * A time limit for store calls on the hot path. A store call that hangs (a client waiting on a dead
 * socket) must not hold a check-in: past the limit it counts as the store being unavailable, and
 * the write goes to the outbox. If the call later completes anyway, the replay rewrites the same
 * key, so nothing is duplicated.
 */
export async function withStoreTimeout<T>(
  what: string,
  promise: Promise<T>,
  ms: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreUnavailableError(`${what} timed out after ${ms} ms`)),
      ms,
    );
    timer.unref?.();
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}
