// Fault test: Redis goes away in the middle of a run of check-ins and comes back on the same port
// with its data (appendonly). Every record must end up in Redis exactly once, and recall must say it
// is degraded (serving queued records) while Redis is down.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../electron/base/config';
import { createKeelCore, type KeelCore } from '../../../electron/memory/create-core';
import { silentLogger } from '../../../electron/base/logger';
import { startRedisServer, type RedisServerHandle } from '../../fixtures/redis-server';
import { intervention, waitFor } from '../memory-service.fixture';

let redis: RedisServerHandle;
let dataDir: string;
beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
  dataDir = mkdtempSync(join(tmpdir(), 'keel-fault-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function interventionKeys(url: string, user: string): Promise<string[]> {
  const client = createClient({ url });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({
      MATCH: `user:${user}:intervention:*`,
      COUNT: 500,
    })) {
      keys.push(...batch);
    }
    return keys;
  } finally {
    await client.close();
  }
}

describe('Redis stops and restarts mid-run', () => {
  it('stores every record exactly once and degrades recall while down', async () => {
    const config = resolveConfig({
      env: {},
      overrides: {
        dataDir,
        redisUrl: redis.url,
        embedder: 'offline',
        embeddingDim: 64,
        userId: 'alice',
      },
    });
    const core: KeelCore = await createKeelCore(config, {
      logger: silentLogger,
      probe: { initialMs: 25, maxMs: 200 },
      storeTimeoutMs: 3_000,
    });
    try {
      expect(core.memory.status()).toMatchObject({ store: 'plain-redis', healthy: true });
      const N = 36;
      const keys: string[] = [];
      const statuses: string[] = [];
      for (let n = 1; n <= N; n++) {
        if (n === 13) await redis.kill();
        if (n === 25) {
          // While down: recall serves the queued records and says why.
          const recall = await core.memory.findSimilar(
            'alice',
            'Task: write section 20 of the quarterly report',
          );
          expect(recall.degraded).toMatch(/unavailable.*outbox/);
          expect(recall.matches[0]?.task).toBe('write section 20 of the quarterly report');
          const status = core.memory.status();
          expect(status.healthy).toBe(false);
          expect(status.outboxPending).toBe(12);
          expect(status.problem).toMatch(/unreachable.*12 record\(s\) waiting in the outbox/);
          await redis.restart();
        }
        const result = await core.memory.record('alice', intervention(n));
        keys.push(result.key);
        statuses.push(result.status);
      }
      // Some were queued while Redis was away; the rest were stored directly.
      expect(statuses.slice(12, 24).every((s) => s === 'queued')).toBe(true);
      expect(statuses.slice(0, 12).every((s) => s === 'stored')).toBe(true);

      await waitFor(() => core.memory.status().outboxPending === 0, core.memory);
      const stored = await interventionKeys(redis.url, 'alice');
      expect(stored).toHaveLength(N);
      expect(new Set(stored)).toEqual(new Set(keys));
      expect(core.memory.status()).toMatchObject({ healthy: true, problem: null });

      const recall = await core.memory.findSimilar(
        'alice',
        'Task: write section 20 of the quarterly report',
      );
      expect(recall.degraded).toBeNull();
      expect(recall.matches[0]?.key).toBe(keys[19]);
    } finally {
      await core.close();
    }
  });
});
