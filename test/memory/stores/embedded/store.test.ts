// The embedded store's semantics, against real files in a temp dir: the same contract the Redis
// stores meet (filter, k, minSimilarity, ordering, space isolation, TTL, idempotent puts, forget,
// space mismatch, corrections), plus reopening.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { InvalidInputError } from '../../../../shared/domain';
import type { EmbeddedStore } from '../../../../electron/memory/stores/embedded/store';
import { DAY_MS, MODEL, makeTempDir, openStore, record, seededUnitVector, unit } from './fixtures';

const U = 'alice';
const SPACE4 = { model: MODEL, dim: 4 };
const TTL = 30 * DAY_MS;

let dir: string;
let cleanup: () => void;
let clock: number;
let store: EmbeddedStore;
const now = () => clock;

beforeEach(async () => {
  ({ dir, cleanup } = makeTempDir());
  clock = 1_800_000_000_000;
  store = await openStore(dir, { now });
});

afterEach(async () => {
  await store.close();
  cleanup();
});

/** Query [1,0,0,0] against vectors at known angles: similarity = first component. */
function query(overrides: Partial<Parameters<EmbeddedStore['findSimilar']>[1]> = {}) {
  return {
    vector: unit([1, 0, 0, 0]),
    space: SPACE4,
    k: 5,
    outcomes: 'any' as const,
    minSimilarity: -1,
    ...overrides,
  };
}

describe('EmbeddedStore', () => {
  it('round-trips interventions with their vectors and insights', async () => {
    const rec = record(U, 1, unit([0.6, 0.8, 0, 0]), {
      strategy: 'time_box',
      outcome: 're_engaged',
    });
    await store.putInterventions(U, [rec], TTL);
    await store.putInsight(U, {
      key: `user:${U}:insight:1-abc`,
      text: 'Short steps help.',
      timestamp: 5,
      sessionId: 's1',
    });

    const [listed] = await store.listInterventions(U);
    expect(listed).toEqual(rec);
    expect(Array.from(listed!.embedding)).toEqual(Array.from(rec.embedding));
    expect(await store.listInsights(U)).toEqual([
      { key: `user:${U}:insight:1-abc`, text: 'Short steps help.', timestamp: 5, sessionId: 's1' },
    ]);
    expect(await store.counts(U)).toEqual({ interventions: 1, insights: 1 });
  });

  it('finds by cosine similarity, best first, with k, minSimilarity and the outcome filter', async () => {
    await store.putInterventions(
      U,
      [
        record(U, 1, unit([0.9, Math.sqrt(1 - 0.81), 0, 0]), { outcome: 'task_completed' }),
        record(U, 2, unit([0.5, Math.sqrt(0.75), 0, 0]), { outcome: 're_engaged' }),
        record(U, 3, unit([0.99, Math.sqrt(1 - 0.99 ** 2), 0, 0]), { outcome: 'distracted' }),
        record(U, 4, unit([0.7, 0, Math.sqrt(0.51), 0]), { outcome: 'task_completed' }),
        record(U, 5, unit([-1, 0, 0, 0]), { outcome: 'task_completed' }),
      ],
      TTL,
    );

    const all = await store.findSimilar(U, query());
    expect(all.map((m) => m.intervention)).toEqual([
      'nudge 3',
      'nudge 1',
      'nudge 4',
      'nudge 2',
      'nudge 5',
    ]);
    expect(all[0]!.similarity).toBeCloseTo(0.99, 5);
    expect(all[4]!.similarity).toBeCloseTo(-1, 5);
    expect(all[0]!.score).toBe(all[0]!.similarity);

    const worked = await store.findSimilar(
      U,
      query({ outcomes: ['task_completed', 're_engaged'], k: 2 }),
    );
    expect(worked.map((m) => [m.intervention, m.outcome])).toEqual([
      ['nudge 1', 'task_completed'],
      ['nudge 4', 'task_completed'],
    ]);

    const close = await store.findSimilar(U, query({ minSimilarity: 0.6 }));
    expect(close.map((m) => m.intervention)).toEqual(['nudge 3', 'nudge 1', 'nudge 4']);
    expect(await store.findSimilar(U, query({ k: 0 }))).toEqual([]);
  });

  it('never compares vectors of another embedding space or another user', async () => {
    await store.putInterventions(U, [record(U, 1, unit([1, 0, 0, 0]))], TTL);
    await store.putInterventions(
      U,
      [record(U, 2, unit([1, 0, 0, 0]), { embeddingModel: 'other-model' })],
      TTL,
    );
    await store.putInterventions(U, [record(U, 3, unit([1, 0, 0, 0, 0, 0, 0, 0]))], TTL);
    await store.putInterventions('bob', [record('bob', 4, unit([1, 0, 0, 0]))], TTL);

    expect((await store.findSimilar(U, query())).map((m) => m.intervention)).toEqual(['nudge 1']);
    expect(
      (await store.findSimilar(U, query({ space: { model: 'other-model', dim: 4 } }))).map(
        (m) => m.intervention,
      ),
    ).toEqual(['nudge 2']);
    expect(await store.findSimilar(U, query({ space: { model: 'unknown', dim: 4 } }))).toEqual([]);
    await expect(store.findSimilar(U, query({ space: { model: MODEL, dim: 8 } }))).rejects.toThrow(
      InvalidInputError,
    );
    expect(await store.counts(U)).toEqual({ interventions: 3, insights: 0 });
  });

  it('hides expired records from every read and sweeps them from the database', async () => {
    await store.putInterventions(U, [record(U, 1, unit([1, 0, 0, 0]))], 1000);
    await store.putInterventions(U, [record(U, 2, unit([0, 1, 0, 0]))], TTL);
    expect(await store.sampleTtlMs(U)).toBe(TTL);

    clock += 1000;
    expect((await store.findSimilar(U, query())).map((m) => m.intervention)).toEqual(['nudge 2']);
    expect((await store.listInterventions(U)).map((r) => r.intervention)).toEqual(['nudge 2']);
    expect(await store.counts(U)).toEqual({ interventions: 1, insights: 0 });

    clock += TTL;
    expect(await store.listInterventions(U)).toEqual([]);
    expect(await store.sampleTtlMs(U)).toBeNull();

    // Reopened later, the sweep at open has deleted the expired rows themselves.
    await store.close();
    store = await openStore(dir, { now });
    expect(await store.counts(U)).toEqual({ interventions: 0, insights: 0 });
    const db = new Database(`${dir}/memory/memory.sqlite`, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM interventions').pluck().get()).toBe(0);
    db.close();
  });

  it('keeps one record per key: a re-put replaces it and restarts its TTL', async () => {
    const first = record(U, 1, unit([1, 0, 0, 0]), { outcome: 'stuck' });
    await store.putInterventions(U, [first], 1000);
    clock += 900;
    const again = { ...first, outcome: 'task_completed' as const, embedding: unit([0, 1, 0, 0]) };
    await store.putInterventions(U, [again, again], 1000);
    clock += 500;

    const listed = await store.listInterventions(U);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.outcome).toBe('task_completed');
    expect(Array.from(listed[0]!.embedding)).toEqual([0, 1, 0, 0]);
    expect(
      (await store.findSimilar(U, query({ vector: unit([0, 1, 0, 0]) })))[0]!.similarity,
    ).toBeCloseTo(1, 6);

    // A re-put in another space moves the record rather than keeping two copies.
    await store.putInterventions(U, [{ ...again, embeddingModel: 'other-model' }], TTL);
    expect(await store.counts(U)).toEqual({ interventions: 1, insights: 0 });
    expect(await store.findSimilar(U, query())).toEqual([]);
  });

  it('lists newest first with limit and sinceMs', async () => {
    await store.putInterventions(
      U,
      [3, 1, 2].map((n) => record(U, n, unit([1, 0, 0, 0]))),
      TTL,
    );
    for (const t of [10, 30, 20]) {
      await store.putInsight(U, {
        key: `user:${U}:insight:${t}-x`,
        text: `insight ${t}`,
        timestamp: t,
        sessionId: 's',
      });
    }
    expect((await store.listInterventions(U)).map((r) => r.intervention)).toEqual([
      'nudge 3',
      'nudge 2',
      'nudge 1',
    ]);
    expect((await store.listInterventions(U, { limit: 2 })).map((r) => r.intervention)).toEqual([
      'nudge 3',
      'nudge 2',
    ]);
    expect(
      (await store.listInterventions(U, { sinceMs: 1_700_000_000_002 })).map((r) => r.intervention),
    ).toEqual(['nudge 3', 'nudge 2']);
    expect((await store.listInsights(U, { limit: 2 })).map((i) => i.text)).toEqual([
      'insight 30',
      'insight 20',
    ]);
    expect((await store.listInsights(U, { sinceMs: 20 })).map((i) => i.text)).toEqual([
      'insight 30',
      'insight 20',
    ]);
  });

  it('records the space, reports a mismatch with how to fix it, and resets the space', async () => {
    expect(await store.prepareUser(U, SPACE4)).toEqual({ ok: true, stored: null });
    expect(await store.prepareUser(U, SPACE4)).toEqual({ ok: true, stored: SPACE4 });

    const check = await store.prepareUser(U, { model: 'new-model', dim: 768 });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.stored).toEqual(SPACE4);
    expect(check.message).toContain(`npm run keel -- reindex --user ${U}`);
    expect(check.message).toContain(`set the embedding model/dimension back to ${MODEL} / 4`);

    await store.resetSpace(U);
    expect(await store.prepareUser(U, { model: 'new-model', dim: 768 })).toEqual({
      ok: true,
      stored: null,
    });
    await store.close();
    store = await openStore(dir, { now });
    expect(await store.prepareUser(U, { model: 'new-model', dim: 768 })).toEqual({
      ok: true,
      stored: { model: 'new-model', dim: 768 },
    });
  });

  it('forgets a user completely, on disk too, and leaves others alone', async () => {
    await store.prepareUser(U, SPACE4);
    await store.putInterventions(
      U,
      [record(U, 1, unit([1, 0, 0, 0])), record(U, 2, unit([0, 1, 0, 0]))],
      TTL,
    );
    await store.putInsight(U, {
      key: `user:${U}:insight:1-x`,
      text: 'secret insight',
      timestamp: 1,
      sessionId: 's',
    });
    await store.putInterventions('bob', [record('bob', 3, unit([1, 0, 0, 0]))], TTL);

    expect(await store.forget(U)).toBe(3);
    expect(await store.counts(U)).toEqual({ interventions: 0, insights: 0 });
    expect(await store.findSimilar(U, query())).toEqual([]);
    expect(await store.prepareUser(U, { model: 'x', dim: 4 })).toEqual({ ok: true, stored: null });
    expect(await store.counts('bob')).toEqual({ interventions: 1, insights: 0 });

    // secure_delete and the checkpoint after forget: the text is gone from the files on disk.
    const { readFileSync, existsSync } = await import('node:fs');
    const files = ['memory.sqlite', 'memory.sqlite-wal'].map((f) => `${dir}/memory/${f}`);
    const onDisk = files
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f, 'latin1'))
      .join('');
    expect(onDisk).not.toContain('secret insight');
    expect(onDisk).not.toContain('nudge 1');
    expect(onDisk).toContain('nudge 3');
    expect(await store.forget('nobody')).toBe(0);
  });

  it('corrects an outcome (expiry kept, filter follows) and deletes one record', async () => {
    const rec = record(U, 1, unit([1, 0, 0, 0]), { outcome: 'stuck' });
    await store.putInterventions(U, [rec, record(U, 2, unit([0, 1, 0, 0]))], 1000);
    const successes = query({ outcomes: ['task_completed'] });
    expect((await store.findSimilar(U, successes)).map((m) => m.key)).not.toContain(rec.key);
    clock += 400;
    expect(await store.updateOutcome(U, rec.key, 'task_completed')).toBe(true);
    expect((await store.findSimilar(U, successes))[0]?.key).toBe(rec.key);
    expect((await store.listInterventions(U)).find((r) => r.key === rec.key)).toEqual({
      ...rec,
      outcome: 'task_completed',
    });
    // The TTL did not restart: the record still expires 1000 ms after it was written.
    expect(await store.sampleTtlMs(U)).toBe(600);
    clock += 600;
    expect(await store.updateOutcome(U, rec.key, 'stuck')).toBe(false);
    expect(await store.deleteIntervention(U, rec.key)).toBe(false);

    const live = record(U, 3, unit([1, 0, 0, 0]));
    await store.putInterventions(U, [live], TTL);
    expect(await store.deleteIntervention(U, live.key)).toBe(true);
    expect(await store.deleteIntervention(U, live.key)).toBe(false);
    expect(await store.findSimilar(U, query())).toEqual([]);
    await expect(store.updateOutcome('bob', live.key, 'stuck')).rejects.toThrow(InvalidInputError);
    await expect(store.updateOutcome(U, live.key, 'nope' as never)).rejects.toThrow(
      InvalidInputError,
    );
  });

  it('sweeps expired rows at most hourly, also while the store stays open', async () => {
    await store.putInterventions(U, [record(U, 1, unit([1, 0, 0, 0]))], 1000);
    await store.putInterventions(U, [record(U, 2, unit([0, 1, 0, 0]))], TTL);
    const rows = () => {
      const db = new Database(`${dir}/memory/memory.sqlite`, { readonly: true });
      const n = db.prepare('SELECT COUNT(*) FROM interventions').pluck().get();
      db.close();
      return n;
    };
    clock += 2000;
    await store.counts(U);
    expect(rows()).toBe(2); // expired, hidden, not yet swept
    clock += 60 * 60 * 1000;
    await store.findSimilar(U, query());
    expect(rows()).toBe(1);
  });

  it('a second connection that fell behind the pruned change log reloads and stays exact', async () => {
    // Two stores on one directory are two SQLite connections, as two processes would have.
    const other = await openStore(dir, { now, changesKept: 2 });
    try {
      await store.putInterventions(
        U,
        [1, 2, 3].map((n) => record(U, n, unit([1, n, 0, 0]))),
        TTL,
      );
      const keys = async () =>
        (await store.findSimilar(U, query({ k: 10 }))).map((m) => m.intervention).sort();
      expect(await keys()).toEqual(['nudge 1', 'nudge 2', 'nudge 3']);

      await other.deleteIntervention(U, record(U, 2, unit([1, 0, 0, 0])).key);
      await other.putInterventions(
        U,
        [4, 5, 6].map((n) => record(U, n, unit([1, n, 0, 0]))),
        TTL,
      );
      // An hour on, the other connection's sweep prunes the log past what `store` has seen.
      clock += 60 * 60 * 1000 + 1;
      await other.counts(U);
      await other.putInterventions(U, [record(U, 7, unit([1, 7, 0, 0]))], TTL);
      const db = new Database(`${dir}/memory/memory.sqlite`, { readonly: true });
      expect(db.prepare('SELECT COUNT(*) FROM changes').pluck().get()).toBeLessThanOrEqual(3);
      db.close();

      expect(await keys()).toEqual([
        'nudge 1',
        'nudge 3',
        'nudge 4',
        'nudge 5',
        'nudge 6',
        'nudge 7',
      ]);
    } finally {
      await other.close();
    }
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    const good = record(U, 1, unit([1, 0, 0, 0]));
    await expect(
      store.putInterventions(U, [{ ...good, key: 'user:bob:intervention:1-x' }], TTL),
    ).rejects.toThrow(/Invalid key/);
    await expect(
      store.putInterventions(U, [good, { ...good, embeddingDim: 8 }], TTL),
    ).rejects.toThrow(/Float32Array of 8/);
    await expect(
      store.putInterventions(U, [{ ...good, outcome: 'great' as never }], TTL),
    ).rejects.toThrow(/outcome/);
    await expect(store.putInterventions('../etc', [good], TTL)).rejects.toThrow(/Invalid user id/);
    await expect(store.putInterventions(U, [good], 0)).rejects.toThrow(/TTL/);
    expect(await store.counts(U)).toEqual({ interventions: 0, insights: 0 });
  });

  it('survives close and reopen with everything intact', async () => {
    await store.prepareUser(U, SPACE4);
    const recs = [1, 2, 3].map((n) => record(U, n, unit([n, 1, 0, 0])));
    await store.putInterventions(U, recs, TTL);
    await store.putInsight(U, {
      key: `user:${U}:insight:1-x`,
      text: 'kept',
      timestamp: 1,
      sessionId: 's',
    });
    const before = await store.findSimilar(U, query());
    await store.close();

    store = await openStore(dir, { now });
    expect(await store.listInterventions(U)).toEqual([...recs].reverse());
    expect(await store.findSimilar(U, query())).toEqual(before);
    expect(await store.listInsights(U)).toHaveLength(1);
    expect(await store.prepareUser(U, SPACE4)).toEqual({ ok: true, stored: SPACE4 });
    expect((await store.describe(U)).kind).toBe('embedded');
  });

  it('loads vectors in the background from prepareUser, and writes made meanwhile count', async () => {
    const DIM = 16;
    const space = { model: MODEL, dim: DIM };
    const records = Array.from({ length: 5_000 }, (_, i) =>
      record(U, i, seededUnitVector(i + 1, DIM), { outcome: 'task_completed' }),
    );
    await store.prepareUser(U, space);
    await store.putInterventions(U, records, TTL);
    await store.close();

    store = await openStore(dir, { now });
    const other = await openStore(dir, { now });
    try {
      await store.prepareUser(U, space); // starts the load
      // Let the first chunk (the oldest rows) be read, then change rows it has already read.
      for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(await other.updateOutcome(U, records[0]!.key, 'stuck')).toBe(true);
      expect(await other.deleteIntervention(U, records[1]!.key)).toBe(true);
      const added = record(U, 9_999, seededUnitVector(99_999, DIM));
      await other.putInterventions(U, [added], TTL);

      // The index itself must follow (summaries are read from the database, so check filters).
      const find = (
        vector: Float32Array,
        outcomes: 'any' | ['stuck'] | ['task_completed'],
        k = 1,
      ) => store.findSimilar(U, { vector, space, k, outcomes, minSimilarity: -1 });
      expect((await find(records[0]!.embedding, ['stuck'])).map((h) => h.key)).toEqual([
        records[0]!.key,
      ]);
      expect((await find(added.embedding, 'any'))[0]?.key).toBe(added.key);
      const worked = await find(records[2]!.embedding, ['task_completed'], 10_000);
      expect(worked).toHaveLength(4_999); // 5000 − the corrected − the deleted + the added
      expect(worked.every((h) => h.outcome === 'task_completed')).toBe(true);
      expect(worked.some((h) => h.key === records[1]!.key)).toBe(false);
    } finally {
      await other.close();
    }
  });
});
