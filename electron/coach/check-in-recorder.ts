// Recording settled check-ins in memory, fire-and-forget: a reply never waits for the store. The
// vector embedded when the check-in opened is stored with it (no second embedding); flush() waits
// for the recordings still under way.
import type { Outcome } from '../../shared/domain';
import type { Logger } from '../base/logger';
import { describeError } from '../base/redact';
import type { Memory } from '../memory/types';
import type { OpenCheckIn } from './check-in-opening';

export class CheckInRecorder {
  private readonly pending = new Set<Promise<unknown>>();
  /** The stored key of each check-in recorded by this engine (for corrections). */
  private readonly keys = new WeakMap<OpenCheckIn, Promise<string | null>>();

  constructor(
    private readonly memory: Memory,
    private readonly userId: string,
    private readonly logger: Logger,
  ) {}

  /** Records the check-in; resolves to its stored key (null when it could not be kept). */
  record(open: OpenCheckIn, outcome: Outcome, now: number): Promise<string | null> {
    const key = this.memory
      .record(
        this.userId,
        {
          intervention: open.view.nudge,
          context: open.context,
          task: open.view.task,
          outcome,
          strategy: open.strategy,
          timestamp: now,
        },
        open.vector,
      )
      .then((result) => {
        if (result.status === 'queued')
          this.logger.info(`check-in kept in the outbox: ${result.problem ?? 'store unavailable'}`);
        return result.key;
      })
      .catch((error: unknown) => {
        this.logger.warn(`recording the check-in failed: ${describeError(error)}`);
        return null;
      });
    this.keys.set(open, key);
    this.track(key);
    return key;
  }

  /** Changes the stored outcome of a recorded check-in (after its recording has settled). */
  async correct(open: OpenCheckIn, outcome: Outcome): Promise<void> {
    const key = await this.keys.get(open);
    if (!key) return;
    const update = this.memory.correctOutcome(this.userId, key, outcome).then(
      (found) => {
        if (!found) this.logger.warn('the corrected check-in was not found in memory');
      },
      (error: unknown) =>
        this.logger.warn(`storing the correction failed: ${describeError(error)}`),
    );
    this.track(update);
    await update;
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(task: Promise<unknown>): void {
    const tracked = task.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
