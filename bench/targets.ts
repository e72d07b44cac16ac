// The stores the benchmark runs, each fresh for one size: the embedded store in a temp dir, and the
// plain-Redis store against a throw-away local redis-server (bench/redis-server.ts: free port, temp
// dir, no persistence). `restart` is an app start: a new store instance over the same data, opened
// and warmed (the embedded store reads the vectors from SQLite and the plain-Redis store downloads
// them, both in the background from prepareUser, and we wait for it), with the RSS it added measured around it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../electron/base/logger';
import type { EmbeddingSpace } from '../shared/domain';
import { EmbeddedStore } from '../electron/memory/stores/embedded/store';
import type { MemoryStore } from '../electron/memory/stores/types';
import { RedisConnection } from '../electron/memory/stores/redis/connection';
import { PlainRedisStore } from '../electron/memory/stores/redis/plain-store';
import { startRedisServer } from './redis-server';
import { BENCH_USER } from './dataset';
import { settledMemory, timeAsyncMs } from './stats';

export interface Restarted {
  /** open + prepareUser + warm-up, ms. */
  openMs: number;
  /** What the new store instance holds once warm (after a full GC), bytes: RSS growth and allocated. */
  rssBytes: number;
  allocatedBytes: number;
}

export interface BenchTarget {
  label: 'embedded' | 'plain-redis';
  store: MemoryStore;
  restart(space: EmbeddingSpace): Promise<Restarted>;
  dispose(): Promise<void>;
}

export type TargetFactory = () => Promise<BenchTarget | { skipped: string }>;

/** Closes `current`, then opens a new instance from `make`, timing and weighing it. */
async function restartStore<S extends MemoryStore>(
  target: { store: MemoryStore },
  make: () => S,
  warm: (store: S) => Promise<void>,
  space: EmbeddingSpace,
): Promise<Restarted> {
  await target.store.close();
  target.store = null as unknown as MemoryStore; // the old instance must be collectable
  const before = await settledMemory();
  const store = make();
  const openMs = await timeAsyncMs(async () => {
    await store.open();
    await store.prepareUser(BENCH_USER, space);
    await warm(store);
  });
  target.store = store;
  const after = await settledMemory();
  return {
    openMs,
    rssBytes: after.rss - before.rss,
    allocatedBytes: after.allocated - before.allocated,
  };
}

export const embeddedTarget: TargetFactory = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-bench-embedded-'));
  const make = () => new EmbeddedStore(join(dir, 'memory'), { logger: silentLogger });
  const target: BenchTarget = {
    label: 'embedded',
    store: make(),
    restart: (space) =>
      restartStore(
        target,
        make,
        // prepareUser starts loading the vectors in the background; a start is warm once done.
        (store) => store.whenLoaded(BENCH_USER),
        space,
      ),
    async dispose() {
      await target.store?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await target.store.open();
  return target;
};

export const plainRedisTarget: TargetFactory = async () => {
  let server;
  try {
    server = await startRedisServer();
  } catch (error) {
    return { skipped: `could not start redis-server (${(error as Error).message.split('\n')[0]})` };
  }
  const url = server.url;
  const make = () => new PlainRedisStore(new RedisConnection(url, { commandTimeoutMs: 120_000 }));
  const target: BenchTarget = {
    label: 'plain-redis',
    store: make(),
    restart: (space) => restartStore(target, make, (store) => store.whenWarm(BENCH_USER), space),
    async dispose() {
      await target.store?.close();
      await server.stop();
    },
  };
  await target.store.open();
  return target;
};
