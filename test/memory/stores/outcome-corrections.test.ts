// Correcting and deleting one stored check-in, in every store: the embedded store (re-put with the
// same expiry; an expired copy deletes), plain Redis against a real redis-server (a second client's
// cache sees the change) and the Query Engine store at the command level.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newInterventionKey } from '../../../electron/memory/keys';
import { RedisConnection } from '../../../electron/memory/stores/redis/connection';
import { PlainRedisStore } from '../../../electron/memory/stores/redis/plain-store';
import { QueryEngineStore } from '../../../electron/memory/stores/redis/query-engine-store';
import type { MemoryStore } from '../../../electron/memory/stores/types';
import { startRedisServer, type RedisServerHandle } from '../../fixtures/redis-server';
import { makeTempDir, openStore } from './embedded/fixtures';
import { makeRecords, SPACE } from './redis/helpers';
import { RecordingLink } from './redis/recording-link';

const DAY = 24 * 60 * 60 * 1000;

async function similarOutcomes(store: MemoryStore, vector: Float32Array) {
  const matches = await store.findSimilar('alice', {
    vector,
    space: SPACE,
    k: 10,
    outcomes: 'any',
    minSimilarity: 0,
  });
  return new Map(matches.map((m) => [m.key, m.outcome]));
}

describe('embedded store', () => {
  it('changes one outcome with its expiry kept, deletes one record, and both survive a reopen', async () => {
    const { dir, cleanup } = makeTempDir();
    let now = 1_700_000_000_000;
    const clock = () => now;
    try {
      const store = await openStore(dir, { now: clock });
      await store.prepareUser('alice', SPACE);
      const records = makeRecords('alice', 3).map((r) => ({
        ...r,
        outcome: 'distracted' as const,
      }));
      await store.putInterventions('alice', records, 10 * DAY);
      const [a, b, c] = records;
      const ttlBefore = await store.sampleTtlMs('alice');

      now += DAY;
      expect(await store.updateOutcome('alice', a!.key, 'task_completed')).toBe(true);
      expect(await store.deleteIntervention('alice', b!.key)).toBe(true);
      const outcomes = await similarOutcomes(store, a!.embedding);
      expect(outcomes.get(a!.key)).toBe('task_completed');
      expect(outcomes.has(b!.key)).toBe(false);
      expect(outcomes.get(c!.key)).toBe('distracted');
      // The TTL runs from the original write, not from the correction.
      expect(await store.sampleTtlMs('alice')).toBe(ttlBefore! - DAY);

      const missing = newInterventionKey('alice', 1);
      expect(await store.updateOutcome('alice', missing, 'stuck')).toBe(false);
      expect(await store.deleteIntervention('alice', b!.key)).toBe(false);
      await expect(
        store.updateOutcome('alice', 'user:bob:intervention:1-a', 'stuck'),
      ).rejects.toThrow(/Invalid key/);
      await store.close();

      const reopened = await openStore(dir, { now: clock });
      const after = await similarOutcomes(reopened, a!.embedding);
      expect(after.get(a!.key)).toBe('task_completed');
      expect(after.has(b!.key)).toBe(false);
      expect(await reopened.counts('alice')).toEqual({ interventions: 2, insights: 0 });
      await reopened.close();
    } finally {
      cleanup();
    }
  });
});

describe('plain Redis store (real redis-server)', () => {
  let server: RedisServerHandle;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('changes and deletes records so that another client’s vector cache follows, TTL kept', async () => {
    const writerLink = new RedisConnection(server.url);
    const readerLink = new RedisConnection(server.url);
    const writer = new PlainRedisStore(writerLink);
    const reader = new PlainRedisStore(readerLink);
    await writer.open();
    await reader.open();
    try {
      await writerLink.send(['FLUSHALL']);
      await writer.prepareUser('alice', SPACE);
      const records = makeRecords('alice', 3).map((r) => ({ ...r, outcome: 'stuck' as const }));
      await writer.putInterventions('alice', records, 10 * DAY);
      const [a, b] = records;
      // The reader's cache is filled before the change.
      expect((await similarOutcomes(reader, a!.embedding)).get(a!.key)).toBe('stuck');

      expect(await writer.updateOutcome('alice', a!.key, 're_engaged')).toBe(true);
      expect(await writer.deleteIntervention('alice', b!.key)).toBe(true);
      // The reader's cache follows once the writer's change message has arrived.
      await vi.waitFor(
        async () => {
          const seen = await similarOutcomes(reader, a!.embedding);
          expect(seen.get(a!.key)).toBe('re_engaged');
          expect(seen.has(b!.key)).toBe(false);
        },
        { timeout: 5_000, interval: 5 },
      );
      const ttl = (await writerLink.send(['PTTL', a!.key])) as number;
      expect(ttl).toBeGreaterThan(9 * DAY);
      expect((await reader.listInterventions('alice')).map((r) => r.outcome)).toEqual([
        'stuck',
        're_engaged',
      ]);

      expect(await writer.updateOutcome('alice', b!.key, 'stuck')).toBe(false);
      // A vanished key is not re-created as a half record.
      expect(await writerLink.send(['EXISTS', b!.key])).toBe(0);
      expect(await writer.deleteIntervention('alice', b!.key)).toBe(false);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});

describe('Query Engine store (command level)', () => {
  it('sets the outcome field in place (JSON path or hash field) and deletes by key', async () => {
    const link = new RecordingLink((args) =>
      args[0] === 'EVAL' ? 1 : args[0] === 'DEL' ? 1 : undefined,
    );
    const key = newInterventionKey('alice', 1_700_000_000_000);
    const json = new QueryEngineStore(link, { format: 'json', algorithm: 'FLAT', now: () => 0 });
    expect(await json.updateOutcome('alice', key, 'task_completed')).toBe(true);
    const hash = new QueryEngineStore(link, { format: 'hash', algorithm: 'FLAT', now: () => 0 });
    expect(await hash.updateOutcome('alice', key, 'stuck')).toBe(true);
    expect(await hash.deleteIntervention('alice', key)).toBe(true);
    const [jsonEval, hashEval, del] = link.sent.map((c) => c.args.map(String));
    // One script for both formats: it sets the outcome only if the key exists (no half-made record).
    expect(jsonEval).toEqual(['EVAL', expect.any(String), '1', key, 'json', 'task_completed']);
    expect(hashEval).toEqual(['EVAL', expect.any(String), '1', key, 'hash', 'stuck']);
    expect(del).toEqual(['DEL', key]);
    // Neither touches the TTL (no PEXPIRE / PERSIST).
    expect(link.names()).toEqual(['EVAL', 'EVAL', 'DEL']);
    await expect(json.updateOutcome('alice', key, 'bogus' as never)).rejects.toThrow();
  });
});
