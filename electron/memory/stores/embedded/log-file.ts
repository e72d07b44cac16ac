// The append-only log file under the embedded store: replay on open (truncating a torn tail and
// skipping damaged frames), durable appends (write + fsync before the caller is told "stored"), and
// compaction by atomic rewrite (new file, fsync, rename over the old one, fsync the directory).
// The frame-by-frame replay (replayFrames) is shared with the read-only follower, which never cuts.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  FRAME_HEADER_BYTES,
  LOG_MAGIC,
  decodeFrame,
  plausibleBodyLength,
  type DecodedFrame,
} from './frame-codec';

const READ_CHUNK_BYTES = 8 * 1024 * 1024;

export interface ReplayReport {
  /** Whole frames handed to the visitor (including those it then rejected). */
  frames: number;
  /** Byte ranges that were not whole frames and were stepped over, mid-file. */
  damagedRegions: Array<{ offset: number; bytes: number; reason: string }>;
  /** Frames whose framing was fine but whose content could not be read. */
  unreadableFrames: Array<{ offset: number; reason: string }>;
  /** Bytes cut from the end (a write torn by a crash, or garbage after the last frame). */
  truncatedBytes: number;
}

/** Called for every whole frame, in file order. */
export type FrameVisitor = (frame: DecodedFrame, offset: number) => void;

export class LogFile {
  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private sizeBytes: number,
  ) {}

  get size(): number {
    return this.sizeBytes;
  }

  /**
   * Opens (creating if needed) and replays the log. The caller must hold the store's lock: a torn
   * tail is truncated here, which is only safe when no other process is appending.
   */
  static async open(
    path: string,
    visit: FrameVisitor,
  ): Promise<{ log: LogFile; report: ReplayReport }> {
    const reader = await open(path, 'a+');
    let report: ReplayReport;
    let goodEnd: number;
    try {
      const { size } = await reader.stat();
      if (size < LOG_MAGIC.length) {
        await initialise(reader, path, size);
        report = { frames: 0, damagedRegions: [], unreadableFrames: [], truncatedBytes: 0 };
        goodEnd = LOG_MAGIC.length;
      } else {
        ({ report, goodEnd } = await replayFrames(reader, size, visit, path));
        if (goodEnd < size) {
          await reader.truncate(goodEnd);
          await reader.sync();
        }
      }
    } finally {
      await reader.close();
    }
    const handle = await open(path, 'a');
    return { log: new LogFile(path, handle, goodEnd), report };
  }

  /** Appends frames in one write and fsyncs: when this resolves, they survive a crash. */
  async append(frames: readonly Buffer[]): Promise<void> {
    const data = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
    try {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await this.handle.write(data, written, data.length - written);
        written += bytesWritten;
      }
      await this.handle.sync();
    } catch (error) {
      // Disk full or similar: cut off whatever part did land so later appends follow whole frames.
      await this.handle.truncate(this.sizeBytes).catch(() => undefined);
      throw error;
    }
    this.sizeBytes += data.length;
  }

  /**
   * Replaces the whole log with `frames` atomically: a crash at any point leaves either the old
   * file or the complete new one, never a mix.
   */
  async rewrite(frames: Iterable<Buffer>): Promise<void> {
    const tmpPath = `${this.path}.compact`;
    const tmp = await open(tmpPath, 'w');
    let size = LOG_MAGIC.length;
    try {
      await tmp.write(LOG_MAGIC);
      const batch: Buffer[] = [];
      let batchBytes = 0;
      const flush = async () => {
        if (!batch.length) return;
        await tmp.write(Buffer.concat(batch));
        batch.length = 0;
        batchBytes = 0;
      };
      for (const frame of frames) {
        batch.push(frame);
        batchBytes += frame.length;
        size += frame.length;
        if (batchBytes >= READ_CHUNK_BYTES) await flush();
      }
      await flush();
      await tmp.sync();
    } catch (error) {
      await tmp.close();
      await rm(tmpPath, { force: true });
      throw error;
    }
    await tmp.close();
    await this.handle.close();
    await rename(tmpPath, this.path);
    await syncDirectory(dirname(this.path));
    this.handle = await open(this.path, 'a');
    this.sizeBytes = size;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function initialise(handle: FileHandle, path: string, size: number): Promise<void> {
  if (size > 0) {
    // A crash while creating the file can leave part of the magic; anything else is not ours.
    const head = Buffer.alloc(size);
    await handle.read(head, 0, size, 0);
    if (!LOG_MAGIC.subarray(0, size).equals(head)) throw notOurFile(path);
    await handle.truncate(0);
  }
  await handle.write(LOG_MAGIC);
  await handle.sync();
  await syncDirectory(dirname(path));
}

function notOurFile(path: string): Error {
  return new Error(
    `${path} is not a Keel memory log (wrong header); it was left untouched. Move it away to start an empty memory.`,
  );
}

export interface ReplayResult {
  report: ReplayReport;
  /** Where the last whole frame ends: the writer truncates here, a follower resumes here. */
  goodEnd: number;
  /** Where the last whole frame starts (null when there was none). */
  lastFrameAt: number | null;
}

/**
 * Hands every whole frame from `from` up to `size` to `visit`, stepping over damaged regions; a
 * torn tail is left alone (reported in truncatedBytes for the caller to cut or ignore). `from` is
 * either the end of the magic (a full replay, which checks the magic) or a frame boundary that an
 * earlier replay of the same file returned as goodEnd.
 */
export async function replayFrames(
  handle: FileHandle,
  size: number,
  visit: FrameVisitor,
  path: string,
  from: number = LOG_MAGIC.length,
): Promise<ReplayResult> {
  const reader = new ChunkedReader(handle, size);
  if (from <= LOG_MAGIC.length) {
    const magic = await reader.view(0, LOG_MAGIC.length);
    if (!magic || !magic.equals(LOG_MAGIC)) throw notOurFile(path);
  }

  const report: ReplayReport = {
    frames: 0,
    damagedRegions: [],
    unreadableFrames: [],
    truncatedBytes: 0,
  };
  let pos = Math.max(from, LOG_MAGIC.length);
  let goodEnd = pos;
  let lastFrameAt: number | null = null;
  while (pos < size) {
    const whole = await readWholeFrame(reader, pos);
    if (whole) {
      const checked = decodeFrame(whole);
      if (checked.ok || !checked.framing) {
        report.frames++;
        if (checked.ok) visit(checked.frame, pos);
        else report.unreadableFrames.push({ offset: pos, reason: checked.reason });
        lastFrameAt = pos;
        pos += whole.length;
        goodEnd = pos;
        continue;
      }
    }
    // Not a whole frame here. Look for the next one: if there is none, this is a torn tail.
    const next = await findNextFrame(reader, pos + 1, size);
    if (next === null) break;
    report.damagedRegions.push({ offset: pos, bytes: next - pos, reason: 'damaged frame' });
    pos = next;
  }
  report.truncatedBytes = size - goodEnd;
  return { report, goodEnd, lastFrameAt };
}

/** The bytes of a frame starting at `pos` if its length fits in the file, else null. */
async function readWholeFrame(reader: ChunkedReader, pos: number): Promise<Buffer | null> {
  const header = await reader.view(pos, FRAME_HEADER_BYTES);
  if (!header) return null;
  const bodyLength = plausibleBodyLength(header);
  if (bodyLength === null) return null;
  return reader.view(pos, FRAME_HEADER_BYTES + bodyLength);
}

/** Byte-by-byte search for the next offset holding a frame whose checksum verifies. */
async function findNextFrame(
  reader: ChunkedReader,
  from: number,
  size: number,
): Promise<number | null> {
  for (let pos = from; pos + FRAME_HEADER_BYTES < size; pos++) {
    const whole = await readWholeFrame(reader, pos);
    if (!whole) continue;
    const checked = decodeFrame(whole);
    if (checked.ok || !checked.framing) return pos;
  }
  return null;
}

/** Random-access reads through a large window, so replay costs a few big reads, not one per frame. */
class ChunkedReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
  ) {}

  /** `length` bytes at `pos`, or null past the end of the file. Views stay valid after later reads. */
  async view(pos: number, length: number): Promise<Buffer | null> {
    if (pos + length > this.size) return null;
    const inWindow =
      pos >= this.windowStart && pos + length <= this.windowStart + this.window.length;
    if (!inWindow) {
      const want = Math.min(Math.max(READ_CHUNK_BYTES, length), this.size - pos);
      // A fresh buffer each time: frames handed out earlier keep their bytes.
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await this.handle.read(buf, got, want - got, pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      this.window = buf.subarray(0, got);
      this.windowStart = pos;
      if (got < length) return null;
    }
    const at = pos - this.windowStart;
    return this.window.subarray(at, at + length);
  }
}

/** Makes a rename or file creation durable. Not possible on Windows (EISDIR/EPERM): skipped there. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}
