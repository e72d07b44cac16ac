// The plain Redis store against a real redis-server 7.0 (no modules).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { newInsightKey } from '../../../../electron/memory/keys';
import { RedisConnection } from '../../../../electron/memory/stores/redis/connection';
import { PlainRedisStore, syncKeys } from '../../../../electron/memory/stores/redis/plain-store';
import { scanKeys } from '../../../../electron/memory/stores/redis/user-data';
import { startRedisServer, type RedisServerHandle } from '../../../fixtures/redis-server';
import { bruteForce, keysAndScores, makeRecords, randomUnitVector, rng, SPACE } from './helpers';

const DAY = 24 * 60 * 60 * 1000;
let server: RedisServerHandle;
let link: RedisConnection;
let store: PlainRedisStore;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  link = new RedisConnection(server.url);
  store = new PlainRedisStore(link);
  await store.open();
  await link.send(['FLUSHALL']);
});
afterEach(async () => {
  await store.close();
});

describe('PlainRedisStore', () => {
  it('round-trips interventions with their vectors, TTL on each and none on insights', async () => {
    const records = makeRecords('alice', 5);
    await store.putInterventions('alice', records, 30 * DAY);
    const insight = {
      key: newInsightKey('alice', 1_700_000_000_000),
      text: 'Short steps help.',
      timestamp: 1_700_000_000_000,
      sessionId: 's1',
    };
    await store.putInsight('alice', insight);

    const listed = await store.listInterventions('alice');
    expect(listed.map((r) => r.key)).toEqual([...records].reverse().map((r) => r.key));
    const first = listed.find((r) => r.key === records[0]!.key)!;
    expect(first.strategy).toBe('tiny_first_step');
    expect(Array.from(first.embedding)).toEqual(Array.from(records[0]!.embedding));
    expect(await store.listInsights('alice')).toEqual([insight]);
    expect(await store.counts('alice')).toEqual({ interventions: 5, insights: 1 });

    for (const record of records) {
      const ttl = (await link.send(['TTL', record.key])) as number;
      expect(ttl).toBeGreaterThan(29 * 24 * 3600);
      expect(ttl).toBeLessThanOrEqual(30 * 24 * 3600);
    }
    expect(await link.send(['TTL', insight.key])).toBe(-1);
    expect(await store.sampleTtlMs('alice')).toBeGreaterThan(29 * DAY);
  });

  it('writing the same key twice leaves one record', async () => {
    const [record] = makeRecords('alice', 1);
    await store.putInterventions('alice', [record!], DAY);
    await store.putInterventions('alice', [{ ...record!, outcome: 'task_completed' }], DAY);
    const listed = await store.listInterventions('alice');
    expect(listed).toHaveLength(1);
    expect(listed[0]!.outcome).toBe('task_completed');
  });

  it('recall equals a brute-force reference (filter, order, similarity, threshold)', async () => {
    const records = makeRecords('alice', 300, 7);
    await store.putInterventions('alice', records, DAY);
    const next = rng(99);
    for (let q = 0; q < 5; q++) {
      const vector = randomUnitVector(next);
      for (const [outcomes, minSimilarity] of [
        [['task_completed', 're_engaged'], 0],
        ['any', 0.2],
        [['stuck'], -1],
      ] as const) {
        const got = await store.findSimilar('alice', {
          vector,
          space: SPACE,
          k: 10,
          outcomes,
          minSimilarity,
        });
        const want = bruteForce(records, vector, 10, outcomes, minSimilarity);
        expect(got.map((r) => r.key)).toEqual(want.map((r) => r.key));
        keysAndScores(got).forEach((r, i) =>
          expect(r.similarity).toBeCloseTo(want[i]!.similarity, 5),
        );
        if (outcomes !== 'any')
          expect(got.every((r) => (outcomes as readonly string[]).includes(r.outcome))).toBe(true);
      }
    }
  });

  it('syncs incrementally when another client writes, and reloads after forget', async () => {
    const first = makeRecords('alice', 20, 3);
    await store.putInterventions('alice', first, DAY);
    const vector = first[5]!.embedding;
    const before = await store.findSimilar('alice', {
      vector,
      space: SPACE,
      k: 1,
      outcomes: 'any',
      minSimilarity: 0,
    });
    expect(before[0]!.key).toBe(first[5]!.key);

    const otherLink = new RedisConnection(server.url);
    const other = new PlainRedisStore(otherLink);
    await other.open();
    try {
      // The other client writes an exact match of the query: the first store must see it.
      const [newer] = makeRecords('alice', 1, 4);
      const exact = { ...newer!, embedding: vector, outcome: 'task_completed' as const };
      await link.send(['CONFIG', 'RESETSTAT']);
      await other.putInterventions('alice', [exact], DAY);
      expect(Number(await link.send(['GET', syncKeys('alice').seq]))).toBe(2); // one per write batch
      // The write's message makes the first store sync in the background (no fixed wait).
      await vi.waitFor(
        async () => {
          const after = await store.findSimilar('alice', {
            vector,
            space: SPACE,
            k: 2,
            outcomes: 'any',
            minSimilarity: 0,
          });
          expect(new Set(after.map((r) => r.key))).toEqual(new Set([first[5]!.key, exact.key]));
        },
        { timeout: 5_000, interval: 5 },
      );
      // Only the one new record was downloaded, not all 21.
      const stats = String(await link.send(['INFO', 'commandstats']));
      expect(/cmdstat_hgetall:calls=(\d+)/.exec(stats)?.[1]).toBe('1');

      // Another client forgets the user and writes fresh records: no stale record may survive.
      await other.forget('alice');
      const fresh = makeRecords('alice', 25, 5);
      await other.putInterventions('alice', fresh, DAY);
      await vi.waitFor(
        async () => {
          const reloaded = await store.findSimilar('alice', {
            vector,
            space: SPACE,
            k: 50,
            outcomes: 'any',
            minSimilarity: -1,
          });
          expect(new Set(reloaded.map((r) => r.key))).toEqual(new Set(fresh.map((r) => r.key)));
        },
        { timeout: 5_000, interval: 5 },
      );
    } finally {
      await other.close();
    }
  });

  it('learns of another client’s write by its message, then recalls with no round trip', async () => {
    const records = makeRecords('pub', 50, 11);
    await store.prepareUser('pub', SPACE);
    await store.putInterventions('pub', records, DAY);
    await store.whenWarm('pub');
    const commands = async () => {
      const info = String(await link.send(['INFO', 'stats']));
      return Number(/total_commands_processed:(\d+)/.exec(info)?.[1]);
    };
    const recall = (vector: Float32Array) =>
      store.findSimilar('pub', { vector, space: SPACE, k: 1, outcomes: 'any', minSimilarity: -1 });

    const otherLink = new RedisConnection(server.url);
    const other = new PlainRedisStore(otherLink);
    await other.open();
    try {
      const [extra] = makeRecords('pub', 1, 12);
      const written = { ...extra!, key: extra!.key.replace(/-[^-]+$/, '-other') };
      await other.putInterventions('pub', [written], DAY);
      await vi.waitFor(
        async () => expect((await recall(written.embedding))[0]?.key).toBe(written.key),
        { timeout: 5_000, interval: 5 },
      );
      await vi.waitFor(() => expect(store.isTrusted('pub', SPACE.dim)).toBe(true), {
        timeout: 5_000,
        interval: 5,
      });
      // Trusted: a recall sends nothing (the INFO calls themselves are the only commands counted).
      const before = await commands();
      expect((await recall(records[3]!.embedding))[0]?.key).toBe(records[3]!.key);
      expect(await commands()).toBe(before + 1);

      // A correction by the other client changes the outcome filter's answer here too.
      expect(await other.updateOutcome('pub', written.key, 'stuck')).toBe(true);
      await vi.waitFor(
        async () => {
          const hits = await store.findSimilar('pub', {
            vector: written.embedding,
            space: SPACE,
            k: 1,
            outcomes: ['stuck'],
            minSimilarity: 0.999,
          });
          expect(hits.map((h) => [h.key, h.outcome])).toEqual([[written.key, 'stuck']]);
        },
        { timeout: 5_000, interval: 5 },
      );
    } finally {
      await other.close();
    }
  });

  it('resyncs after its subscriber connection drops, so a write made meanwhile is found', async () => {
    const records = makeRecords('drop', 30, 13);
    await store.prepareUser('drop', SPACE);
    await store.putInterventions('drop', records, DAY);
    await store.whenWarm('drop');
    await vi.waitFor(() => expect(store.isTrusted('drop', SPACE.dim)).toBe(true), {
      timeout: 5_000,
      interval: 5,
    });
    const admin = new RedisConnection(server.url);
    await admin.open();
    const otherLink = new RedisConnection(server.url);
    const other = new PlainRedisStore(otherLink);
    await other.open();
    try {
      // Kill the subscriber and, before it can come back, write from another client: its message
      // reaches nobody, so only the resync (or the per-recall check while down) can find it.
      expect(Number(await admin.send(['CLIENT', 'KILL', 'TYPE', 'pubsub']))).toBeGreaterThan(0);
      const [extra] = makeRecords('drop', 1, 14);
      const written = { ...extra!, key: extra!.key.replace(/-[^-]+$/, '-meanwhile') };
      await other.putInterventions('drop', [written], DAY);
      await vi.waitFor(
        async () => {
          expect(store.isTrusted('drop', SPACE.dim)).toBe(true);
          const hits = await store.findSimilar('drop', {
            vector: written.embedding,
            space: SPACE,
            k: 1,
            outcomes: 'any',
            minSimilarity: -1,
          });
          expect(hits[0]?.key).toBe(written.key);
        },
        { timeout: 10_000, interval: 10 },
      );
      // Subscribed again: a later write arrives by message, as before the drop.
      const [later] = makeRecords('drop', 1, 15);
      const afterDrop = { ...later!, key: later!.key.replace(/-[^-]+$/, '-later') };
      await other.putInterventions('drop', [afterDrop], DAY);
      await vi.waitFor(
        async () => {
          const hits = await store.findSimilar('drop', {
            vector: afterDrop.embedding,
            space: SPACE,
            k: 1,
            outcomes: 'any',
            minSimilarity: -1,
          });
          expect(hits[0]?.key).toBe(afterDrop.key);
        },
        { timeout: 5_000, interval: 5 },
      );
    } finally {
      await other.close();
      await admin.close();
    }
  });

  it('drops expired records from recall and cleans their log entries', async () => {
    // The store's own clock decides expiry (by the stored expiresAt): moving it on takes no real
    // time, and Redis' own TTL (a minute) cannot fire while the test runs.
    let now = Date.now();
    await store.close();
    link = new RedisConnection(server.url);
    store = new PlainRedisStore(link, { now: () => now });
    await store.open();
    const records = makeRecords('alice', 3, 8);
    await store.putInterventions('alice', records.slice(0, 2), 60_000);
    await store.putInterventions('alice', records.slice(2), DAY);
    const query = {
      vector: records[0]!.embedding,
      space: SPACE,
      k: 5,
      outcomes: 'any' as const,
      minSimilarity: -1,
    };
    expect(await store.findSimilar('alice', query)).toHaveLength(3);
    now += 2 * 60_000;
    const later = await store.findSimilar('alice', query);
    expect(later.map((r) => r.key)).toEqual([records[2]!.key]);
    expect(await link.send(['ZCARD', syncKeys('alice').log])).toBe(1);
  });

  it('forget removes every key of the user and nothing of another user', async () => {
    await store.putInterventions('alice', makeRecords('alice', 4), DAY);
    await store.putInsight('alice', {
      key: newInsightKey('alice', 1_700_000_000_000),
      text: 'x',
      timestamp: 1_700_000_000_000,
      sessionId: 's',
    });
    await store.prepareUser('alice', SPACE);
    await store.putInterventions('alice-2', makeRecords('alice-2', 2), DAY);
    await store.prepareUser('alice-2', SPACE);

    expect(await store.forget('alice')).toBe(5);
    expect(await scanKeys(link, 'user:alice:*')).toEqual([]);
    const remaining = await scanKeys(link, '*');
    expect(remaining.length).toBeGreaterThan(0);
    expect(remaining.every((key) => key.startsWith('user:alice-2:'))).toBe(true);
    expect(await store.counts('alice-2')).toEqual({ interventions: 2, insights: 0 });
  });

  it('prepareUser records the space, then reports a mismatch with the reindex command', async () => {
    expect(await store.prepareUser('alice', SPACE)).toEqual({ ok: true, stored: null });
    expect(await store.prepareUser('alice', SPACE)).toEqual({ ok: true, stored: SPACE });
    const check = await store.prepareUser('alice', { model: 'other', dim: 32 });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.stored).toEqual(SPACE);
      expect(check.message).toContain('npm run keel -- reindex --user alice');
    }
    await store.resetSpace('alice');
    expect(await store.prepareUser('alice', { model: 'other', dim: 32 })).toEqual({
      ok: true,
      stored: null,
    });
  });

  it('writes 10k records in pipelined batches and recalls from them exactly', async () => {
    const records = makeRecords('bulk', 10_000, 11);
    await store.putInterventions('bulk', records, DAY);
    expect((await store.counts('bulk')).interventions).toBe(10_000);
    const vector = randomUnitVector(rng(5));
    const got = await store.findSimilar('bulk', {
      vector,
      space: SPACE,
      k: 5,
      outcomes: 'any',
      minSimilarity: 0,
    });
    expect(got.map((r) => r.key)).toEqual(
      bruteForce(records, vector, 5, 'any', 0).map((r) => r.key),
    );
  });

  it('warms the cache when the user is prepared, so the first recall downloads nothing', async () => {
    const records = makeRecords('warm', 400, 21);
    await store.putInterventions('warm', records, DAY);
    await store.close();
    // A fresh store, as after an app start: prepareUser (what start does) begins the download.
    link = new RedisConnection(server.url);
    store = new PlainRedisStore(link);
    await store.open();
    await store.prepareUser('warm', SPACE);
    await store.whenWarm('warm');
    const hgetalls = async () => {
      const info = String(await link.send(['INFO', 'commandstats']));
      return Number(/cmdstat_hgetall:calls=(\d+)/.exec(info)?.[1] ?? 0);
    };
    const before = await hgetalls();
    expect(before).toBeGreaterThanOrEqual(400);
    const vector = randomUnitVector(rng(8));
    const got = await store.findSimilar('warm', {
      vector,
      space: SPACE,
      k: 5,
      outcomes: 'any',
      minSimilarity: -1,
    });
    expect(got.map((r) => r.key)).toEqual(
      bruteForce(records, vector, 5, 'any', -1).map((r) => r.key),
    );
    expect(await hgetalls()).toBe(before);
  });

  it("answers a check-in's lists from one call exactly as separate recalls", async () => {
    const records = makeRecords('fused', 300, 4);
    await store.putInterventions('fused', records, DAY);
    const vector = randomUnitVector(rng(6));
    const requests = [
      { k: 3, outcomes: ['task_completed', 're_engaged'] as const, minSimilarity: 0.1 },
      { k: 8, outcomes: 'any' as const, minSimilarity: -1 },
    ];
    const fused = await store.findSimilarMany('fused', { vector, space: SPACE, requests });
    expect(fused).toHaveLength(2);
    for (const [i, request] of requests.entries()) {
      const want = bruteForce(records, vector, request.k, request.outcomes, request.minSimilarity);
      expect(fused[i]!.map((r) => r.key)).toEqual(want.map((r) => r.key));
      expect(fused[i]).toEqual(
        await store.findSimilar('fused', { vector, space: SPACE, ...request }),
      );
    }
    expect(
      fused[0]!.every((r) => r.outcome === 'task_completed' || r.outcome === 're_engaged'),
    ).toBe(true);
  });
});
