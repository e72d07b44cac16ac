// How this process has the embedded store open: as the writer (it took the lock; store-writer.ts)
// or read-only (another process holds the lock; read-only-view.ts follows that process's file), and
// the switch from the second to the first at a write once the holder has gone, so an app started
// while a CLI command held the store does not stay read-only for good.
import { join } from 'node:path';
import type { Logger } from '../../../core/logger';
import { StoreUnavailableError } from '../types';
import type { Compactor } from './compaction';
import { StoreLockedError, readLockHolder, type LockHolder } from './lock-file';
import { ReadOnlyView } from './read-only-view';
import { LOCK_FILE_NAME, LOG_FILE_NAME } from './store-files';
import { StoreWriter } from './store-writer';
import type { UserIndex } from './user-index';

export class StoreAccess {
  private writer: StoreWriter | null = null;
  private view: ReadOnlyView | null = null;
  /** Who held the lock when the store was opened read-only (named in the refusal to write). */
  private holder: LockHolder | null = null;

  constructor(
    private readonly dir: string,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly compactor: Compactor,
  ) {}

  get isOpen(): boolean {
    return this.writer !== null || this.view !== null;
  }

  /** Whether the store is open read-only (another process held the lock when it was last tried). */
  get readOnly(): boolean {
    return this.view !== null;
  }

  /** Who holds the store while it is open read-only here ("process 123"); null when not read-only. */
  get holderName(): string | null {
    if (!this.view) return null;
    return this.holder ? `process ${this.holder.pid}` : 'another process';
  }

  /** Why writes are refused (null unless the store is open read-only). */
  get readOnlyMessage(): string | null {
    const who = this.holderName;
    if (who === null) return null;
    return `The Keel app is using this memory (${who}); it is open read-only here. Quit Keel to change it, or use the app.`;
  }

  /** Takes the lock, replays the log (cutting a torn tail) and compacts if due. In the write queue. */
  async openWriter(): Promise<void> {
    if (this.writer) return; // a concurrent open() got here first
    this.writer = await StoreWriter.open(this.dir, this.now, this.logger);
    await this.compactor.maybeCompact(this.writer);
  }

  /** Read-only: no directory created, no lock, no file opened for writing. */
  async openReadOnly(): Promise<void> {
    const view = new ReadOnlyView(join(this.dir, LOG_FILE_NAME), this.now, this.logger);
    // The first read fails on a file that is not a Keel log, as the writer's open does.
    await view.current();
    this.holder = await readLockHolder(join(this.dir, LOCK_FILE_NAME));
    this.view = view;
  }

  /** Stops reading and releases the log and lock if held. The caller first lets queued writes finish. */
  async close(): Promise<void> {
    this.view = null;
    const writer = this.writer;
    if (!writer) return;
    this.writer = null;
    await writer.close();
  }

  /** What reads see: the writer's own memory, or (read-only) the followed file as it is now. */
  async users(): Promise<Map<string, UserIndex>> {
    return this.view ? this.view.current() : this.opened().users;
  }

  /** The log's size in bytes (read-only: when the file was last read). */
  get size(): number {
    return this.view ? this.view.size : this.opened().size;
  }

  /** The writer, or an error saying the store is not open (it never was, or it is read-only). */
  opened(): StoreWriter {
    if (!this.writer) throw new Error(`The embedded memory store at ${this.dir} is not open.`);
    return this.writer;
  }

  /**
   * The writer, for a write (run in the write queue). Open read-only, the store first tries to
   * take the lock: refused while the holder lives, and taken once it has gone, after which the
   * store is an ordinary writer that replayed the file afresh.
   */
  async writable(): Promise<StoreWriter> {
    if (!this.view) return this.opened();
    try {
      await this.openWriter();
    } catch (error) {
      if (!(error instanceof StoreLockedError)) throw error;
      this.holder = error.holder ?? this.holder;
      throw new StoreUnavailableError(this.readOnlyMessage!);
    }
    this.view = null;
    this.logger.info(`${this.dir}: the process that held this store has gone; writing here now`);
    return this.opened();
  }
}
