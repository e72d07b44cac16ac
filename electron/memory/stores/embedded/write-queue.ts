// Runs the embedded store's writes one after another, so appends, compaction and meta checks never
// interleave (and a read-only store's takeover of the lock happens once, between writes).
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it, whether those succeeded or failed. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Settles once every task queued so far has finished (never rejects). */
  async settled(): Promise<void> {
    await this.tail.catch(() => undefined);
  }
}
