// Correcting an outcome and deleting one record in the Redis stores: the plain store and the Query
// Engine store's HASH documents against a real redis-server 7.0 (their commands need no module),
// and the Query Engine store's JSON documents at the command level.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidInputError } from '../../../../shared/domain';
import { RedisConnection } from '../../../../electron/memory/stores/redis/connection';
import { PlainRedisStore } from '../../../../electron/memory/stores/redis/plain-store';
import { QueryEngineStore } from '../../../../electron/memory/stores/redis/query-engine-store';
import { readInterventions } from '../../../../electron/memory/stores/redis/user-data';
import { startRedisServer, type RedisServerHandle } from '../../../fixtures/redis-server';
import { makeRecords, SPACE } from './helpers';
import { RecordingLink } from './recording-link';

const DAY = 24 * 60 * 60 * 1000;
let server: RedisServerHandle;
const links: RedisConnection[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  const link = await connect();
  await link.send(['FLUSHALL']);
});
afterEach(async () => {
  for (const link of links.splice(0)) await link.close();
});

async function connect(): Promise<RedisConnection> {
  const link = new RedisConnection(server.url);
  await link.open();
  links.push(link);
  return link;
}

const query = (vector: Float32Array, outcomes: 'any' | ['task_completed']) => ({
  vector,
  space: SPACE,
  k: 1,
  outcomes,
  minSimilarity: 0.999,
});

/** Another client's cache follows a change once its message arrives (no fixed wait). */
const eventually = (check: () => Promise<void>) =>
  vi.waitFor(check, { timeout: 5_000, interval: 5 });

describe('PlainRedisStore corrections', () => {
  it('corrects an outcome (TTL kept, every client cache follows) and deletes one record', async () => {
    const app = new PlainRedisStore(await connect());
    const cli = new PlainRedisStore(await connect());
    const records = makeRecords('alice', 4).map((r) => ({
      ...r,
      outcome: 'task_completed' as const,
    }));
    await app.putInterventions('alice', records, DAY);
    const target = records[1]!;
    // Both clients have the record cached and matched by the success filter.
    for (const store of [app, cli])
      expect(
        (await store.findSimilar('alice', query(target.embedding, ['task_completed'])))[0]?.key,
      ).toBe(target.key);
    const link = links[0]!;
    await link.send(['PEXPIRE', target.key, String(DAY / 2)]);

    expect(await cli.updateOutcome('alice', target.key, 'stuck')).toBe(true);
    // The writer sees its change at once; the other client once the change message has arrived.
    const corrected = async (store: PlainRedisStore) => {
      expect(await store.findSimilar('alice', query(target.embedding, ['task_completed']))).toEqual(
        [],
      );
      expect((await store.findSimilar('alice', query(target.embedding, 'any')))[0]?.outcome).toBe(
        'stuck',
      );
    };
    await corrected(cli);
    await eventually(() => corrected(app));
    const ttl = (await link.send(['PTTL', target.key])) as number;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(DAY / 2);

    expect(await app.deleteIntervention('alice', target.key)).toBe(true);
    expect(await app.deleteIntervention('alice', target.key)).toBe(false);
    expect(await cli.updateOutcome('alice', target.key, 'stuck')).toBe(false);
    expect(await app.findSimilar('alice', query(target.embedding, 'any'))).toEqual([]);
    await eventually(async () =>
      expect(await cli.findSimilar('alice', query(target.embedding, 'any'))).toEqual([]),
    );
    expect((await cli.counts('alice')).interventions).toBe(3);

    await expect(app.updateOutcome('bob', records[0]!.key, 'stuck')).rejects.toThrow(
      InvalidInputError,
    );
    await expect(app.updateOutcome('alice', records[0]!.key, 'great' as never)).rejects.toThrow(
      InvalidInputError,
    );
    await expect(app.deleteIntervention('alice', 'user:alice:*')).rejects.toThrow(
      InvalidInputError,
    );
  });
});

describe('QueryEngineStore corrections', () => {
  it('HASH documents: HSET of the outcome on an existing key only, TTL kept; DEL for a delete', async () => {
    const link = await connect();
    const store = new QueryEngineStore(link, { format: 'hash', algorithm: 'FLAT' });
    const [record] = makeRecords('alice', 1).map((r) => ({ ...r, outcome: 'stuck' as const }));
    await store.putInterventions('alice', [record!], DAY);

    expect(await store.updateOutcome('alice', record!.key, 're_engaged')).toBe(true);
    const [back] = await readInterventions(link, [record!.key], 'hash');
    expect(back?.record).toEqual({ ...record, outcome: 're_engaged' });
    expect(back?.expiresAt).not.toBeNull();
    expect((await link.send(['PTTL', record!.key])) as number).toBeGreaterThan(DAY - 60_000);

    expect(await store.deleteIntervention('alice', record!.key)).toBe(true);
    expect(await store.updateOutcome('alice', record!.key, 'stuck')).toBe(false);
    // The missing key was not created by the correction.
    expect(await link.send(['EXISTS', record!.key])).toBe(0);
    expect(await store.deleteIntervention('alice', record!.key)).toBe(false);
  });

  it('JSON documents: sets $.outcome in one script, and says whether the record existed', async () => {
    let exists = 1;
    const link = new RecordingLink((args) =>
      args[0] === 'EVAL' || args[0] === 'DEL' ? exists : undefined,
    );
    const store = new QueryEngineStore(link, { format: 'json', algorithm: 'FLAT' });
    const key = makeRecords('alice', 1)[0]!.key;
    expect(await store.updateOutcome('alice', key, 'not_now')).toBe(true);
    const [eval_, script, numKeys, ...rest] = link.sent[0]!.args;
    expect([eval_, numKeys, ...rest]).toEqual(['EVAL', '1', key, 'json', 'not_now']);
    expect(String(script)).toContain(
      `redis.call('JSON.SET', KEYS[1], '$.outcome', cjson.encode(ARGV[2]))`,
    );
    exists = 0;
    expect(await store.updateOutcome('alice', key, 'not_now')).toBe(false);
    expect(await store.deleteIntervention('alice', key)).toBe(false);
    expect(link.sent.at(-1)!.args).toEqual(['DEL', key]);
    // Refused before anything is sent.
    const sent = link.sent.length;
    await expect(
      store.updateOutcome('alice', 'user:bob:intervention:1-abc', 'stuck'),
    ).rejects.toThrow(InvalidInputError);
    expect(link.sent.length).toBe(sent);
  });
});
