// LogFollower on real files: reads only what was appended while it is the same file, and the whole
// file again when it was replaced (compaction's rename), cut back, or rewritten in place; never
// writes. Frames are counted through the visitor, so "incremental" is observed, not assumed.
import {
  copyFileSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogFollower } from '../../../../electron/memory/stores/embedded/log-follower';
import { DAY_MS, makeTempDir, openStore, record, seededUnitVector } from './fixtures';

const U = 'alice';
const DIM = 8;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

const logPath = () => join(dir, 'memory', 'memory.log');

/** Appends records from..to-1 through a real writer (which then closes, releasing the lock). */
async function write(from: number, to: number): Promise<void> {
  const store = await openStore(dir);
  for (let n = from; n < to; n++)
    await store.putInterventions(U, [record(U, n, seededUnitVector(n, DIM))], DAY_MS);
  await store.close();
}

/** One readNew call: whether it started over, and how many frames the visitor saw. */
async function read(follower: LogFollower): Promise<{ fromStart: boolean; frames: number } | null> {
  let frames = 0;
  const result = await follower.readNew(() => () => frames++);
  return result && { fromStart: result.fromStart, frames };
}

describe('LogFollower', () => {
  it('reads appended frames only, and nothing when the file is unchanged', async () => {
    await write(0, 5);
    const follower = new LogFollower(logPath());
    expect(await read(follower)).toEqual({ fromStart: true, frames: 5 });
    expect(await read(follower)).toBeNull();
    await write(5, 8);
    expect(await read(follower)).toEqual({ fromStart: false, frames: 3 });
    expect(await read(follower)).toBeNull();
  });

  it('starts over when the file is replaced, cut back, or rewritten in place', async () => {
    await write(0, 5);
    const follower = new LogFollower(logPath());
    await read(follower);

    // Replaced, as compaction does: a new file renamed over the log.
    copyFileSync(logPath(), `${logPath()}.new`);
    renameSync(`${logPath()}.new`, logPath());
    expect(await read(follower)).toEqual({ fromStart: true, frames: 5 });

    // Cut back below what was read (a writer undoing a failed append).
    const whole = readFileSync(logPath());
    truncateSync(logPath(), whole.length - 10);
    expect(await read(follower)).toEqual({ fromStart: true, frames: 4 });

    // Rewritten in place, same inode, longer than before: the bytes already read changed.
    await write(0, 0); // the writer cuts the torn tail left by the truncation
    const other = readFileSync(logPath());
    await write(100, 106);
    const longer = readFileSync(logPath());
    writeFileSync(logPath(), Buffer.concat([other.subarray(0, 8), longer.subarray(other.length)]));
    expect(await read(follower)).toEqual({ fromStart: true, frames: 6 });
  });

  it('reads a missing file as empty, once, and picks it up when it appears', async () => {
    const follower = new LogFollower(logPath());
    expect(await read(follower)).toEqual({ fromStart: true, frames: 0 });
    expect(await read(follower)).toBeNull();
    await write(0, 2);
    expect(await read(follower)).toEqual({ fromStart: true, frames: 2 });
    rmSync(logPath());
    expect(await read(follower)).toEqual({ fromStart: true, frames: 0 });
  });
});
