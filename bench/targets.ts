// The stores the benchmark runs, each fresh for one size: the embedded store in a temp dir, and the
// plain-Redis store against a throw-away redis-server (the test fixture: free port, temp dir, no
// persistence). A store that cannot run here is reported as skipped with the reason.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../electron/core/logger';
import { EmbeddedStore } from '../electron/memory/stores/embedded/store';
import type { MemoryStore } from '../electron/memory/stores/types';

export interface BenchTarget {
  label: string;
  store: MemoryStore;
  /** Closes and opens the store again (the embedded store replays its log): app start-up cost. */
  reopen?: () => Promise<void>;
  dispose(): Promise<void>;
}

export type TargetFactory = () => Promise<BenchTarget | { skipped: string }>;

export const embeddedTarget: TargetFactory = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-bench-embedded-'));
  const store = new EmbeddedStore(join(dir, 'memory'), { logger: silentLogger });
  await store.open();
  return {
    label: 'embedded',
    store,
    async reopen() {
      await store.close();
      await store.open();
    },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export const plainRedisTarget: TargetFactory = async () => {
  // Imported lazily: the Redis store and its fixture are other people's files; if they are missing
  // or redis-server is not installed, the bench says so and goes on with the embedded store.
  let modules;
  try {
    modules = await Promise.all([
      import('../electron/memory/stores/redis/plain-store'),
      import('../electron/memory/stores/redis/connection'),
      import('../test/fixtures/redis-server'),
    ]);
  } catch (error) {
    return {
      skipped: `plain-Redis store not available (${(error as Error).message.split('\n')[0]})`,
    };
  }
  const [{ PlainRedisStore }, { RedisConnection }, { startRedisServer }] = modules;
  let server;
  try {
    server = await startRedisServer();
  } catch (error) {
    return { skipped: `could not start redis-server (${(error as Error).message.split('\n')[0]})` };
  }
  const store = new PlainRedisStore(new RedisConnection(server.url, { commandTimeoutMs: 120_000 }));
  await store.open();
  return {
    label: 'plain-redis',
    store,
    async dispose() {
      await store.close();
      await server.stop();
    },
  };
};
