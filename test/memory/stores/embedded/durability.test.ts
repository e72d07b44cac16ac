// Crash safety and multi-process use of the embedded SQLite store, with real processes: a writer
// killed with SIGKILL in the middle of an import (5 random kill points), two processes writing at
// once, two processes importing the same old log at start, and a process that reads (recalls)
// while another writes, corrects and deletes.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredIntervention } from '../../../../shared/domain';
import { DAY_MS, MODEL, makeTempDir, openStore, record, seededUnitVector } from './fixtures';
import { WriterProcess } from './writer-process';

const U = 'alice';
const DIM = 256;
const here = fileURLToPath(new URL('.', import.meta.url));

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

/** Checks record n is present with exactly the fields and vector it was written with. */
function expectIntact(stored: Map<string, StoredIntervention>, n: number, key: string): void {
  const found = stored.get(key);
  expect(found, `record ${n} (${key})`).toBeDefined();
  expect(found!.intervention).toBe(`nudge ${n}`);
  expect(
    Buffer.from(found!.embedding.buffer).equals(Buffer.from(seededUnitVector(n, DIM).buffer)),
  ).toBe(true);
}

/**
 * Runs kill-writer.ts from record `from`; with `killAfter` it is killed with SIGKILL as soon as it
 * has acknowledged that many records (it is then in the middle of its next transaction), without
 * it runs to `count`. Resolves with the acknowledged records (key → n).
 */
function runWriter(
  options: ({ from: number; killAfter: number } | { from: number; count: number }) & {
    /** The child's clock starts here (ms) instead of at the real time. */
    now?: number;
  },
): Promise<{ acknowledged: Map<string, number>; signal: NodeJS.Signals | null }> {
  const args = [
    join(here, 'kill-writer.ts'),
    join(dir, 'memory'),
    U,
    String(DIM),
    String(options.from),
  ];
  if ('count' in options) args.push(String(options.count));
  // node --import tsx is what `npx tsx` runs, minus the wrapper process, so SIGKILL hits the writer itself.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...(options.now !== undefined ? { KEEL_TEST_NOW: String(options.now) } : {}),
    },
  });
  const acknowledged = new Map<string, number>();
  let stderr = '';
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const [n, key] = line.split(' ');
      if (key) acknowledged.set(key, Number(n));
    }
    if ('killAfter' in options && acknowledged.size >= options.killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.once('close', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ acknowledged, signal });
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

/** Deterministic "random" kill points (mulberry32), so a failure can be replayed. */
function killPoints(seed: number, count: number, min: number, max: number): number[] {
  const v = seededUnitVector(seed, count);
  return Array.from(v, (x) => min + Math.floor(((x + 1) / 2) * (max - min)));
}

describe('EmbeddedStore durability (SQLite)', () => {
  it('keeps every acknowledged record when a writer is killed with SIGKILL mid-import, at 5 kill points', async () => {
    const points = killPoints(7, 5, 20, 400);
    const acknowledged = new Map<string, number>();
    let from = 0;
    let recovered = 0;
    for (const killAfter of points) {
      const run = await runWriter({ from, killAfter });
      expect(run.signal).toBe('SIGKILL');
      for (const [key, n] of run.acknowledged) acknowledged.set(key, n);
      from += 10_000; // the next run writes new keys

      const store = await openStore(dir);
      const stored = new Map((await store.listInterventions(U)).map((r) => [r.key, r]));
      for (const [key, n] of acknowledged) expectIntact(stored, n, key);
      recovered = [...acknowledged.keys()].filter((key) => stored.has(key)).length;
      // Whatever else is there is a whole record of the transaction the kill interrupted.
      for (const [key, r] of stored) if (!acknowledged.has(key)) expect(r.embeddingDim).toBe(DIM);
      await store.close();
    }
    const lost = acknowledged.size - recovered;
    console.log(
      `kill -9 test: ${points.length} kills (each sent once ${points.join(', ')} records were acknowledged), ` +
        `${acknowledged.size} records acknowledged, ${recovered} recovered, ${lost} lost`,
    );
    expect(lost).toBe(0);

    // The database is healthy enough to keep writing and reopen again.
    const store = await openStore(dir);
    const before = (await store.counts(U)).interventions;
    await store.putInterventions(U, [record(U, 99_999, seededUnitVector(99_999, DIM))], DAY_MS);
    await store.close();
    const again = await openStore(dir);
    expect((await again.counts(U)).interventions).toBe(before + 1);
    await again.close();
  });

  it('two processes writing at once lose and duplicate nothing', async () => {
    // Overlapping ranges: 0-349 and 200-549, so 150 keys are written by both.
    const [a, b] = await Promise.all([
      runWriter({ from: 0, count: 350 }),
      runWriter({ from: 200, count: 350 }),
    ]);
    expect(a.acknowledged.size).toBe(350);
    expect(b.acknowledged.size).toBe(350);
    const store = await openStore(dir);
    const listed = await store.listInterventions(U);
    const keys = listed.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(550);
    const stored = new Map(listed.map((r) => [r.key, r]));
    for (const run of [a, b]) for (const [key, n] of run.acknowledged) expectIntact(stored, n, key);
    await store.close();
  });

  it('two processes starting at once on an old memory.log import it exactly once', async () => {
    const fixture = fileURLToPath(new URL('../../../fixtures/legacy-memory-log/', import.meta.url));
    mkdirSync(join(dir, 'memory'));
    copyFileSync(join(fixture, 'memory.log'), join(dir, 'memory', 'memory.log'));
    const expected = JSON.parse(readFileSync(join(fixture, 'expected.json'), 'utf8')) as {
      fixtureNow: number;
      users: { alice: { interventions: unknown[]; expired: string[] } };
    };
    // Every process runs on a clock two hours after the fixture's own time, whatever the date: the
    // fixture's records are live and its one-hour record has expired, on any day this runs.
    const now = expected.fixtureNow + 2 * 3_600_000;
    const [a, b] = await Promise.all([
      runWriter({ from: 1000, count: 5, now }),
      runWriter({ from: 2000, count: 5, now }),
    ]);
    const store = await openStore(dir, { now: () => now });
    const keys = (await store.listInterventions(U)).map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    const { interventions, expired } = expected.users.alice;
    expect(expired.length).toBeGreaterThan(0);
    for (const key of expired) expect(keys).not.toContain(key);
    expect(keys.length).toBe(interventions.length + 10);
    for (const run of [a, b])
      for (const key of run.acknowledged.keys()) expect(keys).toContain(key);
    await store.close();
    const files = readdirSync(join(dir, 'memory'));
    expect(files.filter((f) => f.startsWith('memory.log'))).toHaveLength(1);
    expect(files).not.toContain('memory.log');
  });

  it("recall in one process sees another process's writes, corrections and deletes", async () => {
    const app = await WriterProcess.start(join(dir, 'memory'), U, DIM);
    const cli = await openStore(dir);
    try {
      const space = { model: MODEL, dim: DIM };
      const recall = async (n: number, outcomes: 'any' | ['task_completed'] = 'any') =>
        (
          await cli.findSimilar(U, {
            vector: seededUnitVector(n, DIM),
            space,
            k: 1,
            outcomes,
            minSimilarity: 0.99,
          })
        ).map((m) => `${m.intervention}/${m.outcome}`);

      expect(await recall(3)).toEqual([]);
      await app.send('put 0 10');
      expect(await recall(3)).toEqual(['nudge 3/task_completed']);

      // A correction by the other process reaches this one's outcome filter.
      await app.send('outcome 3 stuck');
      expect(await recall(3)).toEqual(['nudge 3/stuck']);
      expect(await recall(3, ['task_completed'])).toEqual([]);

      await app.send('delete 4');
      expect(await recall(4)).toEqual([]);
      expect((await cli.counts(U)).interventions).toBe(9);

      // This process writes too, and the other one's next write does not undo it.
      await cli.putInterventions(U, [record(U, 50, seededUnitVector(50, DIM))], DAY_MS);
      await app.send('put 10 5');
      expect(await recall(50)).toEqual(['nudge 50/task_completed']);
      expect(await recall(12)).toEqual(['nudge 12/task_completed']);

      await app.send(`forget ${U}`);
      expect(await recall(12)).toEqual([]);
      expect(await recall(50)).toEqual([]);
    } finally {
      await cli.close();
      await app.stop();
    }
  });
});
