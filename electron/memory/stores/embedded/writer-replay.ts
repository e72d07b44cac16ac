// The writer's replay at open: the log opened for appending and every frame in it applied to the
// users' memory (a torn tail cut, damaged or invalid frames skipped and reported, never fatal).
import type { Logger } from '../../../core/logger';
import { applyEntry } from './apply-entry';
import { LogFile, type ReplayReport } from './log-file';
import { decodeEntry } from './record-codec';
import type { UserIndex } from './user-index';

export interface ReplayedLog {
  log: LogFile;
  users: Map<string, UserIndex>;
  /** Users with any frame in the file, even ones expired or forgotten since. */
  usersInLog: Set<string>;
  /** Whole frames in the file, live or dead. */
  frames: number;
}

/** Opens and replays the log at `path`. The caller must hold the store's lock (a torn tail is cut). */
export async function replayLog(path: string, now: number, logger: Logger): Promise<ReplayedLog> {
  const users = new Map<string, UserIndex>();
  const usersInLog = new Set<string>();
  let rejected = 0;
  const { log, report } = await LogFile.open(path, (frame, offset) => {
    const decoded = decodeEntry(frame);
    if (!decoded.ok) {
      rejected++;
      logger.warn(`skipped a stored record at byte ${offset}: ${decoded.reason}`);
      return;
    }
    usersInLog.add(decoded.entry.userId);
    applyEntry(users, decoded.entry, now);
  });
  reportReplay(logger, log.path, report, rejected);
  return { log, users, usersInLog, frames: report.frames };
}

function reportReplay(logger: Logger, path: string, report: ReplayReport, rejected: number): void {
  for (const region of report.damagedRegions) {
    logger.warn(`${path}: skipped ${region.bytes} damaged bytes at ${region.offset}`);
  }
  for (const frame of report.unreadableFrames) {
    logger.warn(`${path}: skipped an unreadable record at byte ${frame.offset}: ${frame.reason}`);
  }
  if (report.truncatedBytes > 0) {
    logger.warn(
      `${path}: removed ${report.truncatedBytes} bytes of an unfinished write at the end`,
    );
  }
  if (rejected > 0)
    logger.warn(`${path}: ${rejected} stored records failed validation and were skipped`);
}
