// Following a log file that another process writes: the reading half of the embedded store's
// read-only mode. Each readNew() opens the file read-only, looks at it once (fstat on that handle, so
// what is read belongs to what was looked at) and replays only what is new:
//  - the same file, grown: the frames appended since the last call, from where that call stopped;
//  - a different file (compaction renames a new one over the old), a shrunk one, or one whose bytes
//    already read no longer match: everything, from the start;
//  - unchanged size and mtime: nothing.
// Nothing here writes. A torn tail is most likely the writer's append in progress, so it is left
// alone and read on a later call, once it is whole.
import { open, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { FRAME_HEADER_BYTES, LOG_MAGIC } from './frame-codec';
import { replayFrames, type FrameVisitor, type ReplayReport } from './log-file';

/** Which file was read, and how far. */
interface Position {
  dev: number;
  ino: number;
  birthtimeMs: number;
  size: number;
  mtimeMs: number;
  /** Where the next read resumes: the end of the last whole frame (0 = not even the magic yet). */
  offset: number;
  /**
   * The last whole frame's header (length + checksum) and where it starts. Finding it unchanged
   * on the next call shows the bytes already read are still there: an inode number reused by a
   * later compaction, or a writer cutting back a failed append, cannot pass for "same file, grown".
   */
  last: { at: number; header: Buffer } | null;
}

export interface FollowResult {
  /** True when the visitor was given the whole file: the caller drops what it built before. */
  fromStart: boolean;
  /** What this call read (its truncatedBytes is a tail left for later, not cut). */
  report: ReplayReport;
}

export class LogFollower {
  private position: Position | null = null;
  private missing = false;

  constructor(readonly path: string) {}

  /** The file's size when last looked at. */
  get size(): number {
    return this.position?.size ?? 0;
  }

  /**
   * Replays what is new since the last call. `begin(fromStart)` is called once, before any frame,
   * and returns the visitor for this call's frames. Returns null when nothing changed (begin is not
   * called). A missing file reads as an empty log. If this throws, the next call repeats the work.
   */
  async readNew(begin: (fromStart: boolean) => FrameVisitor): Promise<FollowResult | null> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (this.missing) return null;
      this.missing = true;
      this.position = null;
      begin(true);
      return { fromStart: true, report: emptyReport() };
    }
    try {
      this.missing = false;
      const stat = await handle.stat();
      const previous = this.position;
      const resumeAt =
        previous && (await stillTheSameBytes(handle, stat, previous)) ? previous.offset : null;
      const unchanged =
        resumeAt !== null && stat.size === previous?.size && stat.mtimeMs === previous.mtimeMs;
      if (unchanged) return null;
      const fromStart = resumeAt === null;
      const visit = begin(fromStart);
      if (stat.size < LOG_MAGIC.length) {
        // The writer is creating the file: nothing to read yet.
        this.position = { ...identity(stat), offset: 0, last: null };
        return { fromStart, report: emptyReport() };
      }
      const { report, goodEnd, lastFrameAt } = await replayFrames(
        handle,
        stat.size,
        visit,
        this.path,
        resumeAt ?? LOG_MAGIC.length,
      );
      const last =
        lastFrameAt === null
          ? fromStart
            ? null
            : (previous?.last ?? null)
          : { at: lastFrameAt, header: await readAt(handle, lastFrameAt, FRAME_HEADER_BYTES) };
      this.position = { ...identity(stat), offset: goodEnd, last };
      return { fromStart, report };
    } finally {
      await handle.close();
    }
  }
}

function identity(stat: Stats): Omit<Position, 'offset' | 'last'> {
  return {
    dev: stat.dev,
    ino: stat.ino,
    birthtimeMs: stat.birthtimeMs,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
  };
}

/** Whether the open file is the one read before, with everything read before still in place. */
async function stillTheSameBytes(
  handle: FileHandle,
  stat: Stats,
  previous: Position,
): Promise<boolean> {
  if (stat.dev !== previous.dev || stat.ino !== previous.ino) return false;
  if (stat.birthtimeMs !== previous.birthtimeMs || stat.size < previous.offset) return false;
  if (!previous.last) return true;
  const header = await readAt(handle, previous.last.at, FRAME_HEADER_BYTES);
  return header.equals(previous.last.header);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buffer.subarray(0, got);
}

function emptyReport(): ReplayReport {
  return { frames: 0, damagedRegions: [], unreadableFrames: [], truncatedBytes: 0 };
}
