// Picks the embedder for a configuration: Gemini when config.embedder is 'gemini' (resolveConfig
// only chooses it when an API key is available), otherwise the offline hashing embedder. Always
// behind the LRU cache so a repeated text costs nothing.
import type { KeelConfig } from '../../base/config';
import { createGenAI } from '../../gemini/client';
import type { RetryOptions } from '../../gemini/retry';
import { CachedEmbedder } from './cached';
import { GeminiEmbedder } from './gemini';
import { OfflineEmbedder } from './offline';

export interface CreateEmbedderOptions {
  cacheEntries?: number;
  /** Gemini only: retry policy (tests shorten the delays) and per-request time limit. */
  retry?: RetryOptions;
  timeoutMs?: number;
}

export function createEmbedder(
  config: KeelConfig,
  options: CreateEmbedderOptions = {},
): CachedEmbedder {
  const inner =
    config.embedder === 'gemini'
      ? new GeminiEmbedder(createGenAI(config), {
          model: config.embeddingModel,
          dim: config.embeddingDim,
          apiKey: config.googleApiKey,
          baseUrl: config.geminiBaseUrl,
          retry: options.retry,
          timeoutMs: options.timeoutMs,
        })
      : new OfflineEmbedder(config.embeddingDim);
  return new CachedEmbedder(inner, { maxEntries: options.cacheEntries });
}

export { CachedEmbedder } from './cached';
export { GeminiEmbedder } from './gemini';
export { OfflineEmbedder } from './offline';
