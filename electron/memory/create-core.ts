// The composition root of Keel's core: from a resolved configuration to a working embedder, store,
// memory service and (when an API key is set) text generator. Shared by the `keel` CLI, the desktop
// main process and the browser preview, so all three run exactly the same pipeline.
import { createTextGenerator, type TextGenerator } from '../gemini/text-generator';
import { createEmbedder } from './embedders';
import type { Embedder } from './embedders/types';
import { MemoryService } from './memory-service';
import { EMBEDDED_STORE_IDENTITY, redisStoreIdentity } from './outbox';
import { createStore } from './stores/select-store';
import type { MemoryStore } from './stores/types';
import { initTracing, traced } from './tracing';
import type { KeelConfig } from '../base/config';
import { createLogger, registerSecret, type Logger } from '../base/logger';

export interface KeelCore {
  config: KeelConfig;
  embedder: Embedder;
  /** The store; `store.reason` says why it was chosen. */
  store: MemoryStore;
  memory: MemoryService;
  /** Gemini text generation, or null without an API key (built-in wording and reflection). */
  generator: TextGenerator | null;
  /** Stops the reconnect probe, waits for a running replay, closes the store. */
  close(): Promise<void>;
}

export interface CreateCoreOptions {
  logger?: Logger;
  clock?: () => number;
  /** Replaces the configured embedder (tests, the benchmark). */
  embedder?: Embedder;
  /** Replaces the configured generator; null forces the offline wording. */
  generator?: TextGenerator | null;
  /** Reconnect probe backoff and the per-call store time limit (tests shorten them). */
  probe?: { initialMs?: number; maxMs?: number };
  storeTimeoutMs?: number;
  /** Users to prepare at start (default: the configured user). */
  users?: readonly string[];
  /** After a model change: re-embed by itself ('background', the app) or wait for keel reindex. */
  reembed?: 'background' | 'manual';
  /** Called when the memory status changes by itself (re-embedding progress). */
  onMemoryStatusChange?: () => void;
}

export async function createKeelCore(
  config: KeelConfig,
  options: CreateCoreOptions = {},
): Promise<KeelCore> {
  const secrets = [config.googleApiKey, redisPassword(config.redisUrl), config.wandbApiKey];
  secrets.forEach(registerSecret);
  const logger = options.logger ?? createLogger('memory');

  await initTracing(config);
  // Closing the core cancels any embedding retry waiting for its backoff (the app is quitting).
  const shutdown = new AbortController();
  const embedder =
    options.embedder ?? createEmbedder(config, { retry: { signal: shutdown.signal } });
  const store = await createStore(config);
  // One generation request per check-in: the coach bounds each call with its own short deadline and
  // falls back to the built-in wording, so retrying a 429 inside that deadline would only add requests.
  const generator =
    options.generator !== undefined
      ? options.generator
      : createTextGenerator(config, { retry: { attempts: 1 } });
  const memory = await MemoryService.create({
    dataDir: config.dataDir,
    // Queued records are replayed only into the store they were meant for.
    storeIdentity: config.redisUrl ? redisStoreIdentity(config.redisUrl) : EMBEDDED_STORE_IDENTITY,
    store,
    embedder,
    retentionDays: config.retentionDays,
    ...(config.minSimilarity !== null ? { minSimilarity: config.minSimilarity } : {}),
    logger,
    clock: options.clock,
    traced,
    probe: options.probe,
    storeTimeoutMs: options.storeTimeoutMs,
    secrets,
    reembed: options.reembed,
    onStatusChange: options.onMemoryStatusChange,
  });
  // Never throws for an unreachable store: the service starts degraded and keeps trying.
  await memory.start(options.users ?? [config.userId]);

  let closed = false;
  return {
    config,
    embedder,
    store,
    memory,
    generator,
    async close() {
      if (closed) return;
      closed = true;
      shutdown.abort();
      await memory.close();
      await store.close();
    },
  };
}

/** The password part of a Redis URL, registered so no log line can carry it. */
function redisPassword(url: string | null): string | null {
  if (!url) return null;
  try {
    return decodeURIComponent(new URL(url).password) || null;
  } catch {
    return null;
  }
}
