// Chooses the memory store from the configuration.
//
// Contract (what the memory service can rely on):
//  - No REDIS_URL → the embedded store under `${dataDir}/memory`, opened. Reason says so.
//    When another live process holds it (the desktop app, while the CLI runs), the same store
//    opened read-only: reads follow the holder's file, writes throw StoreUnavailableError while
//    the holder lives (readOnlyMessage, for callers that refuse up front) and take the store over
//    once it has gone (the app queues in its outbox meanwhile); the reason names the holder.
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
import type { KeelConfig } from '../../core/config';
import { StoreLockedError } from './embedded/lock-file';
import { EmbeddedStore } from './embedded/store';
import type { ConnectionOptions } from './redis/connection';
import { StoreUnavailableError, type MemoryStore } from './types';

export interface CreateStoreOptions {
  connection?: ConnectionOptions;
}

export interface SelectedStore {
  store: MemoryStore;
  reason: string;
}

export async function createStore(
  config: KeelConfig,
  options: CreateStoreOptions = {},
): Promise<SelectedStore> {
  if (!config.redisUrl) {
    const dir = join(config.dataDir, 'memory');
    const store = new EmbeddedStore(dir);
    try {
      await store.open();
    } catch (error) {
      if (!(error instanceof StoreLockedError)) throw error;
      const reader = new EmbeddedStore(dir, { readOnly: true });
      await reader.open();
      const who = error.holder ? `process ${error.holder.pid}` : 'another process';
      return {
        store: reader,
        reason: `REDIS_URL not set → embedded store at ${dir} (read-only: the Keel app, ${who}, holds it)`,
      };
    }
    return { store, reason: `REDIS_URL not set → embedded store at ${dir}` };
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
    return { store, reason: `${store.reason}; writes wait in the outbox until it answers` };
  }
  return { store, reason: store.reason };
}

/**
 * Why writes to this store are refused (it is open read-only while another process holds it), or
 * null when it takes writes. Commands that only write check this first and stop with the message.
 */
export function readOnlyMessage(store: MemoryStore): string | null {
  return store instanceof EmbeddedStore ? store.readOnlyMessage : null;
}
