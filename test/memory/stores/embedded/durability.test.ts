// Crash safety of the embedded store on real files: a writer killed with SIGKILL mid-run, a torn
// tail followed by garbage, a damaged frame mid-file, a record that fails validation, and the
// single-writer lock (held while open, taken over when its process is gone).
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../../../electron/memory/stores/embedded/lock-file';
import { EmbeddedStore } from '../../../../electron/memory/stores/embedded/store';
import { encodeIntervention } from '../../../../electron/memory/stores/embedded/record-codec';
import { DAY_MS, makeTempDir, openStore, record, seededUnitVector } from './fixtures';

const U = 'alice';
const TTL = 30 * DAY_MS;
const DIM = 768;
const here = fileURLToPath(new URL('.', import.meta.url));

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

const logPath = () => join(dir, 'memory', 'memory.log');

async function writeRecords(count: number): Promise<void> {
  const store = await openStore(dir);
  for (let n = 0; n < count; n++)
    await store.putInterventions(U, [record(U, n, seededUnitVector(n, DIM))], TTL);
  await store.close();
}

/** Checks record n is present with exactly the fields and vector it was written with. */
function expectIntact(
  stored: Map<string, { embedding: Float32Array; intervention: string }>,
  n: number,
  key: string,
) {
  const found = stored.get(key);
  expect(found, `record ${n} (${key})`).toBeDefined();
  expect(found!.intervention).toBe(`nudge ${n}`);
  expect(
    Buffer.from(found!.embedding.buffer).equals(Buffer.from(seededUnitVector(n, DIM).buffer)),
  ).toBe(true);
}

describe('EmbeddedStore durability', () => {
  it('keeps every record a writer reported, after the writer is killed with SIGKILL', async () => {
    const storeDir = join(dir, 'memory');
    // node --import tsx is what `npx tsx` runs, minus the wrapper process, so SIGKILL hits the writer itself.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'kill-writer.ts'), storeDir, U, String(DIM)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let stdout = '';
    const reported = new Map<string, number>();
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const lines = stdout.split('\n');
        stdout = lines.pop()!;
        for (const line of lines) {
          const [n, key] = line.split(' ');
          if (key) reported.set(key, Number(n));
        }
        if (reported.size >= 300) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.once('close', resolve));
    expect(child.signalCode).toBe('SIGKILL');

    // The dead writer's lock is stale and is taken over; every reported record is there and whole.
    const store = await openStore(dir);
    const stored = new Map((await store.listInterventions(U)).map((r) => [r.key, r]));
    expect(stored.size).toBeGreaterThanOrEqual(reported.size);
    for (const [key, n] of reported) expectIntact(stored, n, key);

    // And the log is healthy enough to keep writing and reopen again.
    await store.putInterventions(U, [record(U, 99_999, seededUnitVector(99_999, DIM))], TTL);
    await store.close();
    const again = await openStore(dir);
    expect((await again.counts(U)).interventions).toBe(stored.size + 1);
    await again.close();
  });

  it('cuts a torn tail with garbage after it and keeps every earlier record', async () => {
    await writeRecords(5);
    const size = statSync(logPath()).size;
    const frameSize = encodeIntervention(
      record(U, 0, seededUnitVector(0, DIM)),
      Date.now() + TTL,
    ).length;
    truncateSync(logPath(), size - Math.floor(frameSize / 2)); // the 5th record half written
    appendFileSync(
      logPath(),
      Buffer.from('\x07\x00\x00\x00garbage that is not a frame at all \xff\xfe', 'latin1'),
    );

    const store = await openStore(dir);
    const stored = new Map((await store.listInterventions(U)).map((r) => [r.key, r]));
    expect(stored.size).toBe(4);
    for (let n = 0; n < 4; n++) expectIntact(stored, n, record(U, n, seededUnitVector(n, DIM)).key);
    expect(statSync(logPath()).size).toBe(size - frameSize);

    // New writes land after the last whole frame and survive reopening.
    await store.putInterventions(U, [record(U, 7, seededUnitVector(7, DIM))], TTL);
    await store.close();
    const again = await openStore(dir);
    expect((await again.counts(U)).interventions).toBe(5);
    await again.close();
  });

  it('skips a damaged frame mid-file with a warning and keeps the frames after it', async () => {
    await writeRecords(3);
    const bytes = readFileSync(logPath());
    const frameSize = (bytes.length - 8) / 3;
    bytes[8 + frameSize + 100]! ^= 0xff; // flip bits inside the second frame
    writeFileSync(logPath(), bytes);

    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => warnings.push(m) };
    const store = new EmbeddedStore(join(dir, 'memory'), { logger });
    await store.open();
    const keys = (await store.listInterventions(U)).map((r) => r.intervention);
    expect(keys).toEqual(['nudge 2', 'nudge 0']);
    expect(warnings.join('\n')).toMatch(/damaged bytes/);
    await store.close();
  });

  it('skips a whole frame whose document fails validation', async () => {
    await writeRecords(2);
    const bad = encodeIntervention(
      { ...record(U, 5, seededUnitVector(5, DIM)), outcome: 'not-an-outcome' as never },
      Date.now() + TTL,
    );
    appendFileSync(logPath(), bad);
    await writeRecordsAfter(6);

    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => warnings.push(m) };
    const store = new EmbeddedStore(join(dir, 'memory'), { logger });
    await store.open();
    expect((await store.listInterventions(U)).map((r) => r.intervention)).toEqual([
      'nudge 6',
      'nudge 1',
      'nudge 0',
    ]);
    expect(warnings.join('\n')).toMatch(/invalid intervention frame: doc\.outcome/);
    await store.close();
  });

  it('compacts when dead frames dominate, keeping exactly the live records', async () => {
    const store = await openStore(dir, { compactMinDeadFrames: 10 });
    const rec = (n: number, version: number) =>
      record(U, n, seededUnitVector(n * 100 + version, DIM));
    await store.putInterventions(
      U,
      [0, 1, 2].map((n) => rec(n, 0)),
      TTL,
    );
    const grown: number[] = [];
    for (let version = 1; version <= 8; version++) {
      await store.putInterventions(
        U,
        [0, 1, 2].map((n) => rec(n, version)),
        TTL,
      );
      grown.push(statSync(logPath()).size);
    }
    // Sizes grow by three frames per put and drop back whenever a compaction ran.
    expect(Math.max(...grown)).toBeLessThan(13 * (grown[0]! / 6));
    expect(grown.some((size, i) => i > 0 && size < grown[i - 1]!)).toBe(true);
    await store.close();

    const again = await openStore(dir);
    const stored = new Map((await again.listInterventions(U)).map((r) => [r.key, r]));
    expect(stored.size).toBe(3);
    for (const n of [0, 1, 2]) {
      expect(Array.from(stored.get(rec(n, 8).key)!.embedding)).toEqual(
        Array.from(seededUnitVector(n * 100 + 8, DIM)),
      );
    }
    await again.close();
  });

  it('holds a lock while open and takes over a lock left by a dead process', async () => {
    const first = await openStore(dir);
    await expect(openStore(dir)).rejects.toThrow(StoreLockedError);
    await expect(openStore(dir)).rejects.toThrow(/in use by process \d+/);
    await first.close();

    const second = await openStore(dir);
    await second.close();
    // A lock whose pid no longer exists (the writer was killed) does not block opening.
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    const { hostname } = await import('node:os');
    writeFileSync(
      join(dir, 'memory', 'memory.lock'),
      JSON.stringify({ pid: dead.pid, host: hostname(), token: 'old', since: 1 }),
    );
    const third = await openStore(dir);
    expect(await third.ping()).toBe(true);
    await third.close();
  });

  it('refuses to open a file that is not a Keel log, leaving it untouched', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'memory'));
    writeFileSync(logPath(), 'precious notes, not a log');
    await expect(openStore(dir)).rejects.toThrow(/not a Keel memory log/);
    expect(readFileSync(logPath(), 'utf8')).toBe('precious notes, not a log');
    // The failed open released its lock.
    await expect(openStore(dir)).rejects.toThrow(/not a Keel memory log/);
  });
});

async function writeRecordsAfter(n: number): Promise<void> {
  const store = await openStore(dir);
  await store.putInterventions(U, [record(U, n, seededUnitVector(n, DIM))], TTL);
  await store.close();
}
