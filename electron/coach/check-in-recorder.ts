// Recording settled check-ins in memory, fire-and-forget: a reply never waits for the store. The
// vector embedded when the check-in opened is stored with it (no second embedding); flush() waits
// for the recordings still under way.
import type { Outcome } from '../../shared/domain';
import type { Logger } from '../core/logger';
import { describeError } from '../core/redact';
import type { Memory } from '../memory/types';
import type { OpenCheckIn } from './check-in-opening';

export class CheckInRecorder {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly memory: Memory,
    private readonly userId: string,
    private readonly logger: Logger,
  ) {}

  record(open: OpenCheckIn, outcome: Outcome, now: number): void {
    const task = this.memory
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
      })
      .catch((error: unknown) =>
        this.logger.warn(`recording the check-in failed: ${describeError(error)}`),
      )
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
