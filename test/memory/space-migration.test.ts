// Changing the embedding model never strands memory: with background re-embedding (the app's
// policy) the service moves stored records to the new space by itself, shows progress in status,
// recalls from the records already moved, keeps new records (saved in the new space once the move
// ends) and resumes after a restart from what it had already re-embedded. Batches are released by
// the test (a gated embedder), so nothing here depends on timing.
import { describe, expect, it } from 'vitest';
import { afterEach } from 'vitest';
import { resolveConfig } from '../../electron/base/config';
import { OfflineEmbedder } from '../../electron/memory/embedders/offline';
import { createStore } from '../../electron/memory/stores/select-store';
import type { MemoryStore } from '../../electron/memory/stores/types';
import type { Embedder } from '../../electron/memory/embedders/types';
import { momentText } from '../../electron/memory/types';
import { intervention, makeService, tempDir } from './memory-service.fixture';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A new model: real vectors (offline, 32 dims) under another id; batch calls wait for the test. */
class GatedEmbedder implements Embedder {
  readonly kind = 'offline' as const;
  readonly model = 'keel-offline-next';
  readonly dim = 32;
  texts = 0;
  private readonly inner = new OfflineEmbedder(32);
  private readonly waiting: Array<() => void> = [];
  private readonly arrivals: Array<() => void> = [];

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length > 1) {
      this.arrivals.shift()?.();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.texts += texts.length;
    return this.inner.embed(texts);
  }

  /** Resolves when the next batch call is waiting (or one already is). */
  nextBatch(): Promise<void> {
    if (this.waiting.length) return Promise.resolve();
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  /** Lets the waiting batch call go on. */
  release(): void {
    this.waiting.shift()!();
  }
}

const TOTAL = 250;

/** Whichever embedded store this build has, as the app would open it. */
async function embeddedStore(dataDir: string): Promise<MemoryStore> {
  const store = await createStore(resolveConfig({ env: {}, overrides: { dataDir } }));
  cleanups.push(() => store.close());
  return store;
}

async function service(dataDir: string, embedder: Embedder, background = true) {
  const store = await embeddedStore(dataDir);
  const memory = await makeService(dataDir, {
    store,
    embedder,
    ...(background ? { reembed: 'background' as const } : {}),
  });
  return { memory, store };
}

async function oldMemory(dataDir: string): Promise<string[]> {
  const { memory: old, store } = await service(dataDir, new OfflineEmbedder(64), false);
  const inputs = Array.from({ length: TOTAL }, (_, i) =>
    intervention(i, { timestamp: 1_700_000_000_000 + i * 60_000 }),
  );
  const results = await old.recordMany('alice', inputs);
  expect(results.every((r) => r.status === 'stored')).toBe(true);
  await old.close();
  await store.close();
  return results.map((r) => r.key);
}

describe('background re-embedding after a model change', () => {
  it('moves every record, recalls from moved ones, keeps new records and resumes after a restart', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const keys = await oldMemory(t.dir);

    const gated = new GatedEmbedder();
    const { memory: first, store: firstStore } = await service(t.dir, gated);
    await first.start(['alice']);
    await gated.nextBatch();
    expect(first.status()).toMatchObject({ reembedding: { done: 0, total: TOTAL } });
    expect(first.status().mismatch).toMatch(/re-embedding your memory/);
    expect(first.status().mismatch).not.toMatch(/keel reindex/);

    // Nothing moved yet: recall answers (empty) and says why; a new record is kept in the new space.
    const early = await first.findSimilar('alice', momentText(intervention(249).task, ''));
    expect(early.matches).toEqual([]);
    expect(early.degraded).toMatch(/being re-embedded.*0 of 250/);
    const fresh = await first.record('alice', intervention(900));
    expect(fresh.status).toBe('queued');
    expect(first.outbox.pending('alice')[0]).toMatchObject({
      embedding: { model: 'keel-offline-next', dim: 32 },
    });

    // The first batch (the 100 newest records) lands: recall finds them in the new space.
    gated.release();
    await gated.nextBatch();
    expect(first.status().reembedding).toEqual({ done: 100, total: TOTAL });
    const newest = intervention(249, { timestamp: 1_700_000_000_000 + 249 * 60_000 });
    const recalled = await first.findSimilar(
      'alice',
      momentText(newest.task, newest.context ?? ''),
      {
        outcomes: 'any',
      },
    );
    expect(recalled.matches[0]?.key).toBe(keys[249]);
    expect(recalled.degraded).toMatch(/100 of 250/);

    // Quit in the middle of the second batch: what was re-embedded is kept on disk.
    const closing = first.close();
    gated.release();
    await closing;
    await firstStore.close();
    expect(gated.texts).toBe(200 + 3); // two batches, two recall queries and the new record

    // Restart: only the rest is embedded, then the store holds everything in the new space.
    const next = new GatedEmbedder();
    const { memory: second, store } = await service(t.dir, next);
    await second.start(['alice']);
    await next.nextBatch();
    expect(second.status().reembedding).toEqual({ done: 200, total: TOTAL });
    next.release();
    await second.whenIdle();
    expect(next.texts).toBe(50);
    expect(second.status()).toMatchObject({ mismatch: null, reembedding: null, outboxPending: 0 });
    const all = await store.listInterventions('alice');
    expect(all).toHaveLength(TOTAL + 1);
    expect(new Set(all.map((r) => r.key))).toEqual(new Set([...keys, fresh.key]));
    expect(
      all.every((r) => r.embeddingModel === 'keel-offline-next' && r.embedding.length === 32),
    ).toBe(true);
    const after = await second.findSimilar('alice', momentText(newest.task, newest.context ?? ''), {
      outcomes: 'any',
    });
    expect(after.degraded).toBeNull();
    expect(after.matches[0]?.key).toBe(keys[249]);
    // New records now go straight to the store in the new space.
    expect((await second.record('alice', intervention(901))).status).toBe('stored');
    await second.close();
  }, 60_000);

  it('keel reindex (manual policy) shares the move and refuses recall until it has run', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    await oldMemory(t.dir);
    const { memory } = await service(t.dir, new OfflineEmbedder(32), false);
    await memory.start(['alice']);
    expect(memory.status().mismatch).toMatch(/keel reindex --user alice/);
    expect(memory.status().reembedding).toBeNull();
    const refused = await memory.findSimilar('alice', 'Task: anything');
    expect(refused.degraded).toMatch(/reindex/);
    const progress: number[] = [];
    expect(await memory.reindex('alice', (p) => progress.push(p.done))).toEqual({
      total: TOTAL,
      reembedded: TOTAL,
    });
    expect(progress).toEqual([0, 100, 200, 250, 250]);
    expect(memory.status().mismatch).toBeNull();
    await memory.close();
  }, 60_000);
});
