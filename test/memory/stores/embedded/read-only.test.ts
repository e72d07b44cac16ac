// The embedded store opened read-only while another process holds it (as the CLI does while the
// desktop app runs): real files, a real writer process holding the lock. The reader sees what the
// writer has written, then what it appends, updates and compacts; it never changes a byte on disk;
// and every write is refused with a message naming the holder.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../../electron/core/config';
import { silentLogger } from '../../../../electron/core/logger';
import { encodeIntervention } from '../../../../electron/memory/stores/embedded/record-codec';
import { EmbeddedStore } from '../../../../electron/memory/stores/embedded/store';
import { createStore, readOnlyMessage } from '../../../../electron/memory/stores/select-store';
import { StoreUnavailableError } from '../../../../electron/memory/stores/types';
import { DAY_MS, MODEL, makeTempDir, openStore, record, seededUnitVector } from './fixtures';
import { WriterProcess } from './writer-process';

const U = 'alice';
const DIM = 64;
const SPACE = { model: MODEL, dim: DIM };
const here = fileURLToPath(new URL('.', import.meta.url));

let dir: string;
let cleanup: () => void;
let writer: WriterProcess | null = null;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(async () => {
  await writer?.stop();
  writer = null;
  cleanup();
});

const storeDir = () => join(dir, 'memory');
const logPath = () => join(storeDir(), 'memory.log');

async function openReader(): Promise<EmbeddedStore> {
  const reader = new EmbeddedStore(storeDir(), { readOnly: true, logger: silentLogger });
  await reader.open();
  return reader;
}

function refusal(pid: number): string {
  return `The Keel app is using this memory (process ${pid}); it is open read-only here. Quit Keel to change it, or use the app.`;
}

/** Record n from the fixtures, checked field by field and vector byte by byte. */
function expectIntact(found: { key: string; intervention: string; embedding: Float32Array }) {
  const n = Number(/rec(\d+)$/.exec(found.key)![1]);
  expect(found.intervention).toBe(`nudge ${n}`);
  expect(
    Buffer.from(found.embedding.buffer).equals(Buffer.from(seededUnitVector(n, DIM).buffer)),
  ).toBe(true);
}

/** Everything on disk under the store directory, byte for byte. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(storeDir()).sort()) {
    const path = join(storeDir(), name);
    files[name] = `${statSync(path).mtimeMs} ${readFileSync(path).toString('base64')}`;
  }
  return files;
}

describe('EmbeddedStore read-only', () => {
  it('sees what a live writer has written, then its appends, updates and compaction', async () => {
    writer = await WriterProcess.start(storeDir(), U, DIM);
    await writer.send('put 0 10');
    await writer.send('insight 1');
    const reader = await openReader();
    try {
      const first = await reader.listInterventions(U);
      expect(first.map((r) => r.key).sort()).toEqual(
        Array.from({ length: 10 }, (_, n) => record(U, n, seededUnitVector(n, DIM)).key),
      );
      first.forEach(expectIntact);
      expect(await reader.counts(U)).toEqual({ interventions: 10, insights: 1 });
      const [best] = await reader.findSimilar(U, {
        vector: seededUnitVector(3, DIM),
        space: SPACE,
        k: 1,
        outcomes: 'any',
        minSimilarity: 0,
      });
      expect(best!.key).toBe(record(U, 3, seededUnitVector(3, DIM)).key);

      // Appended by the writer after the reader opened: read incrementally, in order.
      await writer.send('put 10 5');
      await writer.send('update 2');
      expect(await reader.counts(U)).toEqual({ interventions: 15, insights: 1 });
      const two = (await reader.listInterventions(U)).find((r) => r.key.endsWith('rec002'))!;
      expect(two.outcome).toBe('stuck');
      expect(two.intervention).toBe('nudge 2 (updated)');

      // Forgetting bob compacts: the writer renames a new file over the log.
      await writer.send('put 100 3 bob');
      expect((await reader.counts('bob')).interventions).toBe(3);
      const inodeBefore = statSync(logPath()).ino;
      await writer.send('forget bob');
      expect(statSync(logPath()).ino).not.toBe(inodeBefore);
      expect(await reader.counts('bob')).toEqual({ interventions: 0, insights: 0 });
      expect(await reader.counts(U)).toEqual({ interventions: 15, insights: 1 });
      expect((await reader.listInsights(U)).map((i) => i.text)).toEqual(['insight 1']);
      const afterCompaction = await reader.listInterventions(U);
      expect(afterCompaction.find((r) => r.key.endsWith('rec002'))!.outcome).toBe('stuck');

      // And appends to the new file are followed too.
      await writer.send('put 20 2');
      const last = await reader.listInterventions(U);
      expect(last).toHaveLength(17);
      last.filter((r) => !r.key.endsWith('rec002')).forEach(expectIntact);
    } finally {
      await reader.close();
    }
  });

  it('never writes: every file in the store directory is unchanged after all the reads', async () => {
    writer = await WriterProcess.start(storeDir(), U, DIM);
    await writer.send('put 0 20');
    await writer.send('insight 1');
    const before = snapshot();
    const reader = await openReader();
    const description = await reader.describe(U);
    expect(description.description).toContain(`read-only: process ${writer.pid} holds it`);
    expect(description.description).toContain(`${U}: 20 interventions, 1 insights`);
    expect(await reader.prepareUser(U, SPACE)).toEqual({ ok: true, stored: SPACE });
    // A user with no space recorded: the writer would record it; the reader only answers.
    expect(await reader.prepareUser('carol', SPACE)).toEqual({ ok: true, stored: null });
    const other = await reader.prepareUser(U, { model: 'other-model', dim: DIM });
    expect(other.ok).toBe(false);
    await reader.findSimilar(U, {
      vector: seededUnitVector(1, DIM),
      space: SPACE,
      k: 5,
      outcomes: 'any',
      minSimilarity: 0,
    });
    await reader.listInterventions(U, { limit: 3 });
    await reader.listInsights(U);
    expect(await reader.sampleTtlMs(U)).toBeGreaterThan(29 * DAY_MS);
    expect(await reader.ping()).toBe(true);
    await reader.close();
    expect(snapshot()).toEqual(before);
  });

  it('refuses every write with StoreUnavailableError naming the holder, and changes nothing', async () => {
    writer = await WriterProcess.start(storeDir(), U, DIM);
    await writer.send('put 0 3');
    const reader = await openReader();
    try {
      const before = snapshot();
      expect(reader.readOnlyMessage).toBe(refusal(writer.pid));
      const writes: Array<[string, () => Promise<unknown>]> = [
        [
          'putInterventions',
          () => reader.putInterventions(U, [record(U, 50, seededUnitVector(50, DIM))], DAY_MS),
        ],
        [
          'putInsight',
          () =>
            reader.putInsight(U, {
              key: `user:${U}:insight:1-x`,
              text: 't',
              timestamp: 1,
              sessionId: 's',
            }),
        ],
        ['forget', () => reader.forget(U)],
        ['resetSpace', () => reader.resetSpace(U)],
      ];
      for (const [name, write] of writes) {
        const error = await write().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, name).toBeInstanceOf(StoreUnavailableError);
        expect((error as Error).message, name).toBe(refusal(writer.pid));
      }
      expect(snapshot()).toEqual(before);
      expect(await reader.counts(U)).toEqual({ interventions: 3, insights: 0 });
      // The writer is unaffected by the reader.
      await writer.send('put 3 1');
      expect((await reader.counts(U)).interventions).toBe(4);
    } finally {
      await reader.close();
    }
  });

  it('takes the lock at the first write once the holder has gone, and writes from then on', async () => {
    writer = await WriterProcess.start(storeDir(), U, DIM);
    await writer.send('put 0 3');
    const reader = await openReader();
    const late = record(U, 10, seededUnitVector(10, DIM));
    await expect(reader.putInterventions(U, [late], DAY_MS)).rejects.toThrow(StoreUnavailableError);
    await writer.stop();
    writer = null;

    await reader.putInterventions(U, [late], DAY_MS);
    expect(reader.readOnly).toBe(false);
    expect(reader.readOnlyMessage).toBeNull();
    const lock = JSON.parse(readFileSync(join(storeDir(), 'memory.lock'), 'utf8')) as {
      pid: number;
    };
    expect(lock.pid).toBe(process.pid);
    expect(await reader.counts(U)).toEqual({ interventions: 4, insights: 0 });
    await reader.close();

    const reopened = await openStore(dir);
    expect((await reopened.listInterventions(U)).map((r) => r.key)).toContain(late.key);
    await reopened.close();
  });

  it('keeps up with a writer appending non-stop, never missing a record it reported', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'kill-writer.ts'), storeDir(), U, String(DIM)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const reported = new Set<string>();
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const key = line.split(' ')[1];
        if (key) reported.add(key);
      }
    });
    try {
      while (reported.size === 0) await once(child.stdout, 'data');
      const reader = await openReader();
      let seen = 0;
      let reads = 0;
      while (reported.size < 400) {
        // Every key reported before the read was durable before the read: it must be there.
        const durable = [...reported];
        const rows = await reader.listInterventions(U);
        const keys = new Set(rows.map((r) => r.key));
        expect(durable.filter((k) => !keys.has(k))).toEqual([]);
        expect(rows.length).toBeGreaterThanOrEqual(seen);
        rows.forEach(expectIntact);
        seen = rows.length;
        reads++;
        await once(child.stdout, 'data');
      }
      child.kill('SIGKILL');
      await once(child, 'close');
      const final = new Set((await reader.listInterventions(U)).map((r) => r.key));
      expect([...reported].filter((k) => !final.has(k))).toEqual([]);
      expect(reads).toBeGreaterThan(1);
      await reader.close();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('leaves a torn tail alone and reads the frame once it is whole', async () => {
    const store = await openStore(dir);
    for (let n = 0; n < 5; n++)
      await store.putInterventions(U, [record(U, n, seededUnitVector(n, DIM))], 30 * DAY_MS);
    await store.close();
    const frame = encodeIntervention(record(U, 5, seededUnitVector(5, DIM)), Date.now() + DAY_MS);
    appendFileSync(logPath(), frame.subarray(0, 40));
    const torn = readFileSync(logPath());

    const reader = await openReader();
    try {
      expect(reader.readOnlyMessage).toMatch(/another process/);
      expect((await reader.counts(U)).interventions).toBe(5);
      expect(readFileSync(logPath()).equals(torn)).toBe(true);
      appendFileSync(logPath(), frame.subarray(40));
      const rows = await reader.listInterventions(U);
      expect(rows).toHaveLength(6);
      rows.forEach(expectIntact);
      expect(readFileSync(logPath()).equals(Buffer.concat([torn, frame.subarray(40)]))).toBe(true);
    } finally {
      await reader.close();
    }
  });
});

describe('createStore with the embedded store held by another process', () => {
  it('falls back to the read-only store and says who holds it', async () => {
    writer = await WriterProcess.start(storeDir(), U, DIM);
    await writer.send('put 0 2');
    const config = resolveConfig({ env: {}, overrides: { dataDir: dir, embedder: 'offline' } });
    const { store, reason } = await createStore(config);
    try {
      expect(reason).toBe(
        `REDIS_URL not set → embedded store at ${storeDir()} (read-only: the Keel app, process ${writer.pid}, holds it)`,
      );
      expect(readOnlyMessage(store)).toBe(refusal(writer.pid));
      expect(await store.counts(U)).toEqual({ interventions: 2, insights: 0 });
    } finally {
      await store.close();
    }
    // Once the holder is gone, the store opens for writing again.
    await writer.stop();
    writer = null;
    const again = await createStore(config);
    try {
      expect(readOnlyMessage(again.store)).toBeNull();
      expect(again.reason).not.toContain('read-only');
    } finally {
      await again.store.close();
    }
  });

  it('still throws other errors: a log that is not a Keel log, held or not', async () => {
    const config = resolveConfig({ env: {}, overrides: { dataDir: dir, embedder: 'offline' } });
    const holder = await openStore(dir); // this process holds the lock: it is alive
    writeFileSync(logPath(), 'not a keel log at all');
    await expect(createStore(config)).rejects.toThrow(/not a Keel memory log/);
    await holder.close();
    await expect(createStore(config)).rejects.toThrow(/not a Keel memory log/);
  });
});
