// Chooses the memory store from the configuration.
//
// Contract (what the memory service can rely on):
//  - No REDIS_URL → the embedded SQLite store under `${dataDir}/memory`, opened; its `reason` says so.
//    Other processes (the app and the CLI) may have it open and write to it at the same time.
//  - REDIS_URL → a RedisAutoStore. createStore tries open() once:
//      * reachable: capabilities are detected and the store delegates to the Query Engine store
//        (JSON documents if the server has JSON, else HASH) or to the plain store; `reason` names
//        the server, what was detected and the choice.
//      * unreachable (refused, timeout, bad password): createStore does NOT throw. It returns the
//        same store, not yet open, with a reason that says Redis is unreachable (password
//        redacted). Every operation on it throws StoreUnavailableError until a later open()
//        succeeds; the service queues writes in its outbox and calls open() again to retry.
//    Either way the caller owns the store and must close() it.
//  - Never falls back to the embedded store when REDIS_URL is set: the person asked for Redis, and
//    silently writing elsewhere would split their memory in two places.
import { join } from 'node:path';
import type { KeelConfig } from '../../base/config';
import { ensurePrivateDir, privateTree } from '../../base/durable-file';
import { EmbeddedStore } from './embedded/store';
import type { ConnectionOptions } from './redis/connection';
import { StoreUnavailableError, type MemoryStore } from './types';

export interface CreateStoreOptions {
  connection?: ConnectionOptions;
}

export async function createStore(
  config: KeelConfig,
  options: CreateStoreOptions = {},
): Promise<MemoryStore> {
  if (!config.redisUrl) {
    const dir = join(config.dataDir, 'memory');
    // Personal data: the store's folder is 0700 and its files 0600, whatever the library creates.
    await ensurePrivateDir(config.dataDir);
    await ensurePrivateDir(dir);
    const store = new EmbeddedStore(dir, {
      reason: `REDIS_URL not set → embedded store at ${dir}`,
    });
    await store.open();
    await privateTree(dir);
    return store;
  }
  // Loaded only when Redis is configured: the client library costs ~130 ms of start-up, which every
  // `keel` command on the embedded store would otherwise pay.
  const [{ RedisConnection }, { RedisAutoStore }] = await Promise.all([
    import('./redis/connection'),
    import('./redis/auto-store'),
  ]);
  const store = new RedisAutoStore(
    new RedisConnection(config.redisUrl, options.connection),
    config.vectorAlgorithm,
  );
  try {
    await store.open();
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) {
      await store.close();
      throw error;
    }
    // The status line adds how many records wait in the outbox meanwhile.
    return store;
  }
  return store;
}
