// The embedded store's read-only mode: the users' memory rebuilt from a log that another process
// (the desktop app) holds and writes, kept current by re-reading the file before each read. Takes no
// lock and writes nothing: the writer owns the file, its compaction and its torn tail.
import type { Logger } from '../../../core/logger';
import { applyEntry } from './apply-entry';
import type { FrameVisitor, ReplayReport } from './log-file';
import { LogFollower } from './log-follower';
import { decodeEntry } from './record-codec';
import type { UserIndex } from './user-index';

export class ReadOnlyView {
  private users = new Map<string, UserIndex>();
  private readonly follower: LogFollower;
  private refreshing: Promise<Map<string, UserIndex>> | null = null;

  constructor(
    logPath: string,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    this.follower = new LogFollower(logPath);
  }

  /** The log's size when last read. */
  get size(): number {
    return this.follower.size;
  }

  /** The users' memory as the file holds it now. Concurrent callers share one read of the file. */
  current(): Promise<Map<string, UserIndex>> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<Map<string, UserIndex>> {
    const now = this.now();
    let target = this.users;
    let rejected = 0;
    const result = await this.follower.readNew((fromStart): FrameVisitor => {
      // A full re-read builds a fresh map, swapped in only once it is complete. Appended frames go
      // straight into the current one: if reading fails half way, the next call applies the same
      // frames again, which leaves the same state (every entry overwrites by key or user).
      if (fromStart) target = new Map();
      return (frame, offset) => {
        const decoded = decodeEntry(frame);
        if (!decoded.ok) {
          rejected++;
          this.logger.warn(`skipped a stored record at byte ${offset}: ${decoded.reason}`);
          return;
        }
        applyEntry(target, decoded.entry, now);
      };
    });
    if (!result) return this.users;
    this.users = target;
    this.reportReplay(result.report, rejected);
    return this.users;
  }

  private reportReplay(report: ReplayReport, rejected: number): void {
    const path = this.follower.path;
    for (const region of report.damagedRegions) {
      this.logger.warn(`${path}: skipped ${region.bytes} damaged bytes at ${region.offset}`);
    }
    for (const frame of report.unreadableFrames) {
      this.logger.warn(
        `${path}: skipped an unreadable record at byte ${frame.offset}: ${frame.reason}`,
      );
    }
    // A tail that is not a whole frame yet is the writer's append in progress: read next time.
    if (report.truncatedBytes > 0)
      this.logger.debug(`${path}: ${report.truncatedBytes} bytes at the end are not whole yet`);
    if (rejected > 0)
      this.logger.warn(`${path}: ${rejected} stored records failed validation and were skipped`);
  }
}
