// Fault test: a `keel remember` process runs while Redis is down and exits with the record in the
// outbox; the next process replays it exactly once. A crash after the store write but before the
// outbox entry was removed re-writes the same key: still one record.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../electron/base/config';
import { createKeelCore } from '../../../electron/memory/create-core';
import { silentLogger } from '../../../electron/base/logger';
import { Outbox } from '../../../electron/memory/outbox';
import { startRedisServer, type RedisServerHandle } from '../../fixtures/redis-server';
import { runSpawned } from '../../cli/cli-harness';

let redis: RedisServerHandle;
let dataDir: string;
beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
  dataDir = mkdtempSync(join(tmpdir(), 'keel-outbox-restart-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const outboxFiles = () => readdirSync(join(dataDir, 'outbox')).filter((n) => n.endsWith('.json'));

async function interventionKeys(user: string): Promise<string[]> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `user:${user}:intervention:*` }))
      keys.push(...batch);
    return keys;
  } finally {
    await client.close();
  }
}

async function startCore() {
  const config = resolveConfig({
    env: {},
    overrides: {
      dataDir,
      redisUrl: redis.url,
      embedder: 'offline',
      embeddingDim: 64,
      userId: 'dana',
    },
  });
  return createKeelCore(config, { logger: silentLogger, probe: { initialMs: 25, maxMs: 200 } });
}

describe('outbox across process restarts', () => {
  it('keeps a record queued by a process that exited, and the next process replays it once', async () => {
    await redis.kill();
    const env = {
      KEEL_DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      KEEL_EMBEDDER: 'offline',
      KEEL_EMBEDDING_DIM: '64',
      KEEL_LOG: 'silent',
    };
    const run = await runSpawned(
      [
        'remember',
        '--user',
        'dana',
        '--task',
        'file the expenses',
        '--intervention',
        'Open the receipts folder.',
        '--outcome',
        're_engaged',
      ],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/queued in the local outbox/);
    const key = run.stdout.trim();
    expect(outboxFiles()).toHaveLength(1);

    await redis.restart();
    const core = await startCore();
    try {
      // start() replays what the previous process left.
      expect(core.memory.status().outboxPending).toBe(0);
      expect(await interventionKeys('dana')).toEqual([key]);
      expect(outboxFiles()).toEqual([]);
    } finally {
      await core.close();
    }

    // Simulate a crash between the store's acknowledgement and the entry's removal: the same
    // entry (same key) is back in the outbox when the next process starts.
    const [stored] = await (async () => {
      const c = await startCore();
      try {
        return await c.store.listInterventions('dana');
      } finally {
        await c.close();
      }
    })();
    const outbox = await Outbox.open(join(dataDir, 'outbox'));
    await outbox.append({
      kind: 'intervention',
      userId: 'dana',
      record: {
        key: stored!.key,
        intervention: stored!.intervention,
        context: stored!.context,
        task: stored!.task,
        outcome: stored!.outcome,
        timestamp: stored!.timestamp,
      },
      embedding: {
        model: stored!.embeddingModel,
        dim: stored!.embeddingDim,
        values: stored!.embedding,
      },
    });
    const again = await startCore();
    try {
      expect(again.memory.status().outboxPending).toBe(0);
      expect(await interventionKeys('dana')).toEqual([key]);
      expect((await again.store.counts('dana')).interventions).toBe(1);
    } finally {
      await again.close();
    }
  }, 60_000);
});
