// An LRU cache in front of any embedder: the same text (for the same model and dimension) is
// embedded once per run, duplicates within a batch are sent once, and concurrent requests for the
// same text share one call. Saves Gemini quota and latency for repeated tasks and contexts.
import { LRUCache } from 'lru-cache';
import type { Embedder } from './types';

export const DEFAULT_CACHE_ENTRIES = 10_000;

export interface EmbeddingCacheStats {
  hits: number;
  misses: number;
  size: number;
}

export class CachedEmbedder implements Embedder {
  readonly kind: Embedder['kind'];
  readonly model: string;
  readonly dim: number;
  private readonly cache: LRUCache<string, Float32Array>;
  /** Texts being embedded right now, so a concurrent caller waits instead of asking again. */
  private readonly inFlight = new Map<string, Promise<Float32Array>>();
  private hits = 0;
  private misses = 0;

  constructor(
    readonly inner: Embedder,
    options: { maxEntries?: number } = {},
  ) {
    this.kind = inner.kind;
    this.model = inner.model;
    this.dim = inner.dim;
    this.cache = new LRUCache({ max: Math.max(1, options.maxEntries ?? DEFAULT_CACHE_ENTRIES) });
  }

  private keyOf(text: string): string {
    // NUL cannot appear in a model id, so the parts cannot run into each other.
    return `${this.model}\u0000${this.dim}\u0000${text}`;
  }

  stats(): EmbeddingCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.cache.size };
  }

  clear(): void {
    this.cache.clear();
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const pending = new Map<string, Promise<Float32Array>>();
    const missing: string[] = [];
    const missingKeys = new Set<string>();
    for (const text of texts) {
      const key = this.keyOf(text);
      if (pending.has(key) || missingKeys.has(key)) continue;
      const cached = this.cache.get(key);
      if (cached) {
        this.hits++;
        pending.set(key, Promise.resolve(cached));
      } else if (this.inFlight.has(key)) {
        this.hits++;
        pending.set(key, this.inFlight.get(key)!);
      } else {
        this.misses++;
        missing.push(text);
        missingKeys.add(key);
      }
    }

    if (missing.length > 0) {
      const call = this.inner.embed(missing);
      missing.forEach((text, i) => {
        const key = this.keyOf(text);
        const one = call.then((vectors) => {
          const vector = vectors[i];
          if (!vector)
            throw new Error(
              `embedder returned ${vectors.length} vectors for ${missing.length} texts`,
            );
          this.cache.set(key, vector);
          return vector;
        });
        // Failures are not cached: the next call tries again. The catch only stops an unobserved
        // rejection here; the caller still sees it through `pending`.
        one.catch(() => {}).finally(() => this.inFlight.delete(key));
        this.inFlight.set(key, one);
        pending.set(key, one);
      });
    }

    const resolved = new Map<string, Float32Array>();
    await Promise.all([...pending].map(async ([key, p]) => resolved.set(key, await p)));
    // Copies: a caller that modifies its vector must not corrupt the cache.
    return texts.map((text) => Float32Array.from(resolved.get(this.keyOf(text))!));
  }
}
