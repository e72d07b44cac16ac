// The embedded store as the process that holds its lock has it open: the lock, the log open for
// appending, the users' memory replayed from it, and the counts compaction decides by. Writes go
// to disk before they go to memory, so a reader never sees what a crash could take away.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../core/logger';
import { applyEntry } from './apply-entry';
import { LockFile } from './lock-file';
import type { LogFile } from './log-file';
import type { LogEntry } from './record-codec';
import { LOCK_FILE_NAME, LOG_FILE_NAME } from './store-files';
import type { UserIndex } from './user-index';
import { replayLog } from './writer-replay';

export class StoreWriter {
  /** When expired records were last swept out of memory (at open, by the hourly sweep, by compaction). */
  lastSweepMs: number;

  private constructor(
    private readonly lock: LockFile,
    private readonly log: LogFile,
    readonly users: Map<string, UserIndex>,
    /** Frames in the log file, live or dead: the compaction trigger compares this with live records. */
    private frames: number,
    /** Users with any frame in the file (even expired or forgotten ones): forget compacts them away. */
    private usersInLog: Set<string>,
    private readonly now: () => number,
    openedAtMs: number,
  ) {
    this.lastSweepMs = openedAtMs;
  }

  /** Takes the lock on `dir` (creating it) and replays the log (cutting a torn tail). */
  static async open(dir: string, now: () => number, logger: Logger): Promise<StoreWriter> {
    await mkdir(dir, { recursive: true });
    const lock = await LockFile.acquire(join(dir, LOCK_FILE_NAME));
    try {
      const openedAtMs = now();
      const replayed = await replayLog(join(dir, LOG_FILE_NAME), openedAtMs, logger);
      return new StoreWriter(
        lock,
        replayed.log,
        replayed.users,
        replayed.frames,
        replayed.usersInLog,
        now,
        openedAtMs,
      );
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  get path(): string {
    return this.log.path;
  }

  /** The log's size in bytes. */
  get size(): number {
    return this.log.size;
  }

  /** Frames in the log file, live or dead. */
  get framesInLog(): number {
    return this.frames;
  }

  /** Whether the file holds any frame of this user's (even if nothing of theirs is live). */
  hasFramesFor(userId: string): boolean {
    return this.usersInLog.has(userId);
  }

  /** Durable first, visible second: a reader never sees a record a crash could still take away. */
  async append(frames: Buffer[], entries: LogEntry[]): Promise<void> {
    await this.log.append(frames);
    this.frames += frames.length;
    const now = this.now();
    for (const entry of entries) {
      this.usersInLog.add(entry.userId);
      applyEntry(this.users, entry, now);
    }
  }

  /**
   * Replaces the whole file with `frames` (which must hold exactly what memory holds) atomically.
   * Returns how many frames were written.
   */
  async rewrite(frames: Iterable<Buffer>): Promise<number> {
    let count = 0;
    await this.log.rewrite(
      (function* counted() {
        for (const frame of frames) {
          count++;
          yield frame;
        }
      })(),
    );
    this.frames = count;
    this.usersInLog = new Set(this.users.keys());
    return count;
  }

  async close(): Promise<void> {
    await this.log.close();
    await this.lock.release();
  }
}
