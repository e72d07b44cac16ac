// Store selection and connection failures against a real redis-server 7.0 (no modules).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type KeelConfig } from '../../../../electron/base/config';
import { RedisConnection } from '../../../../electron/memory/stores/redis/connection';
import { createStore } from '../../../../electron/memory/stores/select-store';
import { StoreUnavailableError } from '../../../../electron/memory/stores/types';
import { startRedisServer, type RedisServerHandle } from '../../../fixtures/redis-server';
import { makeRecords, SPACE } from './helpers';

const PASSWORD = 'correct-horse-42';
let server: RedisServerHandle;
let dataDir: string;

function config(redisUrl: string | null): KeelConfig {
  return resolveConfig({ env: {}, overrides: { redisUrl, dataDir, embedder: 'offline' } });
}

/** Error replies the server has sent so far (an unknown FT.* command would add one). */
async function errorCount(admin: RedisConnection): Promise<number> {
  const stats = String(await admin.send(['INFO', 'stats']));
  return Number(/total_error_replies:(\d+)/.exec(stats)?.[1] ?? NaN);
}

beforeAll(async () => {
  server = await startRedisServer({ password: PASSWORD, appendonly: true });
  dataDir = mkdtempSync(join(tmpdir(), 'keel-select-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('createStore', () => {
  it('chooses the plain store on Redis 7.0 and never sends FT.* again', async () => {
    const store = await createStore(config(server.url));
    const reason = store.reason;
    // Opened before counting: node-redis's handshake itself draws errors from 7.0 (CLIENT SETINFO).
    const admin = new RedisConnection(server.url);
    await admin.open();
    try {
      expect(store.kind).toBe('plain-redis');
      expect(reason).toMatch(
        /^REDIS_URL set; Redis 7\.0\.\d+ has no Query Engine \(FT\._LIST unknown\) → plain Redis/,
      );
      // Detection produced the only "unknown command" errors; normal work must add none.
      const before = await errorCount(admin);
      expect(await store.prepareUser('sel', SPACE)).toEqual({ ok: true, stored: null });
      const records = makeRecords('sel', 5);
      await store.putInterventions('sel', records, 60_000);
      const found = await store.findSimilar('sel', {
        vector: records[2]!.embedding,
        space: SPACE,
        k: 1,
        outcomes: 'any',
        minSimilarity: 0,
      });
      expect(found[0]!.key).toBe(records[2]!.key);
      await store.listInterventions('sel', { limit: 2 });
      expect(await store.forget('sel')).toBe(5);
      expect(await errorCount(admin)).toBe(before);
      expect((await store.describe()).description).toContain('no Query Engine');
    } finally {
      await admin.close();
      await store.close();
    }
  });

  it('chooses the embedded store without REDIS_URL', async () => {
    const store = await createStore(config(null));
    const reason = store.reason;
    try {
      expect(store.kind).toBe('embedded');
      expect(reason).toContain(join(dataDir, 'memory'));
    } finally {
      await store.close();
    }
  });

  it('returns a not-yet-open Redis store when Redis is down, which opens once it is back', async () => {
    await server.kill();
    try {
      const store = await createStore(config(server.url));
      const reason = store.reason;
      expect(reason).toContain('unreachable');
      expect(reason).not.toContain(PASSWORD);
      await expect(store.counts('sel')).rejects.toBeInstanceOf(StoreUnavailableError);
      await server.restart();
      await store.open();
      expect(store.kind).toBe('plain-redis');
      expect(await store.counts('sel')).toEqual({ interventions: 0, insights: 0 });
      await store.close();
    } finally {
      await server.restart().catch(() => undefined);
    }
  });
});

describe('connection failures', () => {
  it('a wrong password is StoreUnavailableError with the password redacted', async () => {
    const wrong = server.url.replace(encodeURIComponent(PASSWORD), 'wrong-secret-pw');
    const store = await createStore(config(wrong));
    const reason = store.reason;
    expect(reason).not.toContain('wrong-secret-pw');
    expect(reason).toMatch(/WRONGPASS/);
    const error = await store.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).not.toContain('wrong-secret-pw');
    expect((error as Error).message).toContain('***');
    await store.close();
  });

  it('a server stopped mid-run gives StoreUnavailableError (no hang), and data is back after restart', async () => {
    const store = await createStore(config(server.url));
    try {
      const records = makeRecords('fault', 3);
      await store.putInterventions('fault', records, 60_000);
      await server.kill();
      await expect(store.counts('fault')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.putInterventions('fault', records, 60_000)).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await server.restart();
      // The connection recovers by itself (reconnect or a fresh connect on the next command). Each
      // try waits for the client's answer; no fixed number of tries decides the test,
      // only the test's own timeout bounds it.
      let counts: { interventions: number } | null = null;
      while (!counts) {
        counts = await store.counts('fault').catch(() => null);
        if (!counts) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(counts.interventions).toBe(3);
    } finally {
      await store.close();
    }
  });
});
