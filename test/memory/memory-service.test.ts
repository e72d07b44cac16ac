// The memory service over the real embedded store and the real offline embedder.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../shared/domain';
import { LexicalEmbedder, OfflineEmbedder } from '../../electron/memory/embedders/offline';
import type { MemoryService } from '../../electron/memory/memory-service';
import { EmbeddedStore } from '../../electron/memory/stores/embedded/store';
import { silentLogger } from '../../electron/base/logger';
import {
  CountingEmbedder,
  intervention,
  makeService,
  tempDir,
  waitFor,
} from './memory-service.fixture';

const open: MemoryService[] = [];
const stores: EmbeddedStore[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  // Stores are closed explicitly: a store left for the garbage collector closes its file handles
  // there, which Node warns about (and will refuse in a future version).
  for (const s of stores.splice(0)) await s.close();
  cleanups.splice(0).forEach((c) => c());
});

async function service(dataDir?: string, embedder = new CountingEmbedder(new OfflineEmbedder(64))) {
  let dir = dataDir;
  if (!dir) {
    const t = tempDir();
    cleanups.push(t.cleanup);
    dir = t.dir;
  }
  const store = new EmbeddedStore(join(dir, 'memory'), { logger: silentLogger });
  stores.push(store);
  const memory = await makeService(dir, { store, embedder });
  await memory.start(['alice']);
  open.push(memory);
  return { memory, store, embedder, dir };
}

describe('MemoryService', () => {
  it('embeds a check-in once and reuses the vector for recall and the record', async () => {
    const { memory, embedder } = await service();
    await memory.record('alice', intervention(1));
    const before = embedder.calls;

    const input = intervention(2);
    const vector = await memory.embedMoment(input.task, input.context ?? '');
    const recalled = await memory.findSimilar('alice', vector!);
    const result = await memory.record('alice', input, vector);

    expect(embedder.calls - before).toBe(1);
    expect(result.status).toBe('stored');
    expect(recalled.degraded).toBeNull();
    expect(recalled.matches[0]?.intervention).toBe('Write one rough sentence for section 1.');
  });

  it('refuses invalid input with InvalidInputError and writes nothing', async () => {
    const { memory, store } = await service();
    await expect(
      memory.record('alice', { ...intervention(1), outcome: 'great' as never }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(memory.record('../etc', intervention(1))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(memory.record('alice', { ...intervention(1), task: '   ' })).rejects.toThrow(
      /task must not be empty/,
    );
    expect((await store.counts('alice')).interventions).toBe(0);
  });

  it('recalls successes by default, failures only when asked, best first', async () => {
    // Wording-based vectors, so "best" is plainly the record whose task is worded like the query.
    const { memory } = await service(undefined, new CountingEmbedder(new LexicalEmbedder(64)));
    await memory.record(
      'alice',
      intervention(1, { task: 'reply to the landlord email', outcome: 'distracted' }),
    );
    await memory.record(
      'alice',
      intervention(2, { task: 'reply to the landlord email about rent', outcome: 're_engaged' }),
    );
    await memory.record(
      'alice',
      intervention(3, { task: 'water the plants', outcome: 'task_completed' }),
    );

    const hits = await memory.findSimilar('alice', 'Task: reply to the landlord email');
    expect(hits.matches.map((m) => m.outcome)).not.toContain('distracted');
    expect(hits.matches[0]?.task).toBe('reply to the landlord email about rent');

    const any = await memory.findSimilar('alice', 'Task: reply to the landlord email', {
      outcomes: 'any',
      k: 1,
    });
    expect(any.matches).toHaveLength(1);
    expect(any.matches[0]?.outcome).toBe('distracted');
    await expect(memory.findSimilar('alice', 'x', { k: 0 })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it('blends recency into the score when asked', async () => {
    const { memory } = await service();
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    await memory.record(
      'alice',
      intervention(1, { task: 'tidy the desk', timestamp: now - 60 * day }),
    );
    await memory.record(
      'alice',
      intervention(2, { task: 'tidy the desk drawer', timestamp: now - 1000 }),
    );
    const query = 'Task: tidy the desk\nContext: editor open on report.md, paragraph 1';

    const plain = await memory.findSimilar('alice', query);
    expect(plain.matches[0]?.task).toBe('tidy the desk');
    expect(plain.matches[0]?.score).toBe(plain.matches[0]?.similarity);

    const blended = await memory.findSimilar('alice', query, {
      recency: { weight: 0.5, halfLifeDays: 7 },
    });
    expect(blended.matches[0]?.task).toBe('tidy the desk drawer');
    expect(blended.matches[0]!.score).toBeGreaterThan(blended.matches[1]!.score);
  });

  it('caches the prompt context and invalidates it on a write for that user', async () => {
    const { memory, store } = await service();
    await memory.record('alice', intervention(1, { strategy: 'time_box' }));
    await memory.addInsight('alice', {
      text: 'Short time boxes help in the morning.',
      sessionId: 's1',
    });
    const first = await memory.getContextForPrompt('alice');
    expect(first).toContain('Short time boxes help in the morning.');
    expect(first).toContain('time_box: 1/1');

    // Written behind the service's back: the cached text does not change...
    await store.putInsight('alice', {
      key: 'user:alice:insight:5-aaaaaa',
      text: 'Hidden insight.',
      timestamp: Date.now(),
      sessionId: 's2',
    });
    expect(await memory.getContextForPrompt('alice')).toBe(first);

    // ...until the service writes for that user.
    await memory.record('alice', intervention(2, { strategy: 'time_box', outcome: 'stuck' }));
    const after = await memory.getContextForPrompt('alice');
    expect(after).toContain('Hidden insight.');
    expect(after).toContain('time_box: 1/2');
  });

  it('queues records while the store cannot be opened, and replays them once when it can', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    // The store's directory cannot be created (a file is in its place), so the store cannot open.
    writeFileSync(join(t.dir, 'memory'), 'in the way');
    const { memory, store } = await service(t.dir);

    const results = [];
    for (let n = 1; n <= 3; n++) results.push(await memory.record('alice', intervention(n)));
    expect(results.map((r) => r.status)).toEqual(['queued', 'queued', 'queued']);
    expect(memory.status()).toMatchObject({ healthy: false, outboxPending: 3 });
    expect(memory.status().problem).toMatch(/3 record\(s\) waiting in the outbox/);

    const degraded = await memory.findSimilar(
      'alice',
      'Task: write section 2 of the quarterly report',
    );
    expect(degraded.degraded).toMatch(/unavailable/);
    expect(degraded.matches[0]?.key).toBe(results[1]!.key);

    rmSync(join(t.dir, 'memory'));
    await waitFor(() => memory.status().outboxPending === 0, memory);
    const stored = await store.listInterventions('alice');
    expect(stored.map((r) => r.key).sort()).toEqual(results.map((r) => r.key).sort());
    expect(memory.status()).toMatchObject({ healthy: true, problem: null });
  });

  it('refuses recall on a space mismatch, queues records, and reindex rebuilds', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const old = await service(t.dir, new CountingEmbedder(new OfflineEmbedder(64)));
    const oldKey = (await old.memory.record('alice', intervention(1))).key;
    await old.memory.close();
    await old.store.close();
    open.splice(0);

    const { memory, store } = await service(t.dir, new CountingEmbedder(new OfflineEmbedder(32)));
    expect(memory.status().mismatch).toMatch(/keel reindex --user alice/);
    const refused = await memory.findSimilar(
      'alice',
      'Task: write section 1 of the quarterly report',
    );
    expect(refused).toMatchObject({ matches: [] });
    expect(refused.degraded).toMatch(/reindex/);
    const queued = await memory.record('alice', intervention(2));
    expect(queued.status).toBe('queued');

    const progress: number[] = [];
    const result = await memory.reindex('alice', (p) => progress.push(p.done));
    expect(result).toEqual({ total: 1, reembedded: 1 });
    expect(progress.at(-1)).toBe(1);
    expect(memory.status()).toMatchObject({ mismatch: null, outboxPending: 0 });
    const all = await store.listInterventions('alice');
    expect(all.map((r) => r.key).sort()).toEqual([oldKey, queued.key].sort());
    expect(all.every((r) => r.embeddingDim === 32 && r.embedding.length === 32)).toBe(true);
    expect(await store.prepareUser('alice', memory.space)).toMatchObject({ ok: true });
    const recalled = await memory.findSimilar(
      'alice',
      'Task: write section 1 of the quarterly report',
    );
    expect(recalled.degraded).toBeNull();
    expect(recalled.matches.length).toBe(2);
  });

  it('forget removes stored and queued records of that user only', async () => {
    const { memory, store } = await service();
    await memory.record('alice', intervention(1));
    await memory.record('bob', intervention(2));
    await memory.addInsight('alice', { text: 'An insight.', sessionId: 's1' });
    expect(await memory.forget('alice')).toBeGreaterThanOrEqual(2);
    expect(await store.counts('alice')).toEqual({ interventions: 0, insights: 0 });
    expect((await store.counts('bob')).interventions).toBe(1);
  });

  it('corrects an outcome and deletes a record: recall, history and the prompt context follow', async () => {
    const { memory, store } = await service();
    const query = 'Task: write section 1 of the quarterly report';
    const first = await memory.record(
      'alice',
      intervention(1, { strategy: 'time_box', outcome: 'stuck' }),
    );
    const second = await memory.record('alice', intervention(2));
    expect(await memory.getContextForPrompt('alice')).toContain('time_box: 0/1');
    expect((await memory.findSimilar('alice', query)).matches.map((m) => m.key)).not.toContain(
      first.key,
    );

    // The person says the nudge did work: the default (success) filter now finds it.
    expect(await memory.correctOutcome('alice', first.key, 'task_completed')).toBe(true);
    expect((await memory.findSimilar('alice', query)).matches[0]?.key).toBe(first.key);
    expect(await memory.getContextForPrompt('alice')).toContain('time_box: 1/1');
    const [listed] = await store.listInterventions('alice', { limit: 1, sinceMs: 0 });
    expect(listed).toBeDefined();
    expect(await store.sampleTtlMs('alice')).toBeGreaterThan(29 * 24 * 60 * 60 * 1000);

    expect(await memory.deleteIntervention('alice', second.key)).toBe(true);
    expect(await memory.deleteIntervention('alice', second.key)).toBe(false);
    expect((await memory.listRecent('alice')).map((r) => r.key)).toEqual([first.key]);

    // Not the user's key, or not a key at all: refused with a clear error, nothing changed.
    await expect(memory.correctOutcome('bob', first.key, 'stuck')).rejects.toThrow(
      InvalidInputError,
    );
    await expect(memory.deleteIntervention('alice', 'user:alice:insight:1-abc')).rejects.toThrow(
      /Invalid intervention key/,
    );
    await expect(memory.correctOutcome('alice', first.key, 'great' as never)).rejects.toThrow(
      InvalidInputError,
    );
    expect(await memory.correctOutcome('alice', 'user:alice:intervention:1-nope', 'stuck')).toBe(
      false,
    );
    expect((await memory.listRecent('alice'))[0]?.outcome).toBe('task_completed');
  });

  it('corrects and deletes records still waiting in the outbox', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    writeFileSync(join(t.dir, 'memory'), 'in the way');
    const { memory, store } = await service(t.dir);
    const a = await memory.record('alice', intervention(1, { outcome: 'stuck' }));
    const b = await memory.record('alice', intervention(2));
    expect([a.status, b.status]).toEqual(['queued', 'queued']);
    // The store cannot answer, but the records are in the outbox, and are corrected there.
    expect(await memory.correctOutcome('alice', a.key, 're_engaged')).toBe(true);
    expect(await memory.deleteIntervention('alice', b.key)).toBe(true);
    // A record that is neither queued nor reachable: the failure is reported, not hidden.
    await expect(
      memory.correctOutcome('alice', 'user:alice:intervention:1-nope', 'stuck'),
    ).rejects.toThrow();
    expect(
      memory.outbox
        .pending('alice')
        .map((e) => (e.kind === 'intervention' ? [e.record.key, e.record.outcome] : [])),
    ).toEqual([[a.key, 're_engaged']]);

    rmSync(join(t.dir, 'memory'));
    await waitFor(() => memory.status().outboxPending === 0);
    expect((await store.listInterventions('alice')).map((r) => [r.key, r.outcome])).toEqual([
      [a.key, 're_engaged'],
    ]);
  });

  it('reports a healthy pipeline in doctor', async () => {
    const { memory } = await service();
    await memory.record('alice', intervention(1));
    const report = await memory.doctor('alice');
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['store', 'ping', 'space', 'records', 'embedding', 'outbox']),
    );
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
