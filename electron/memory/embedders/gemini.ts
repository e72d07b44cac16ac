// Embeddings from Gemini (gemini-embedding-001 by default). The same vector serves recall and
// storage, so the task type is the symmetric SEMANTIC_SIMILARITY. Below 3072 dims Gemini returns
// vectors that are not unit length, so every vector is re-normalised here.
import type { GenAIClient } from '../../gemini/client';
import { z } from 'zod';
import { GeminiError, toGeminiError, type GeminiCallContext } from '../../gemini/errors';
import { deadline, withRetry, type RetryOptions } from '../../gemini/retry';
import { normalizeInPlace } from '../vector-math';
import type { Embedder } from './types';

/** The Gemini API accepts at most 100 contents per batchEmbedContents request. */
export const MAX_BATCH = 100;
export const EMBEDDING_TASK_TYPE = 'SEMANTIC_SIMILARITY';
export const DEFAULT_EMBED_TIMEOUT_MS = 20_000;

export interface GeminiEmbedderOptions {
  model: string;
  dim: number;
  apiKey?: string | null;
  baseUrl?: string | null;
  /** Time limit for one batch request (each attempt gets its own). */
  timeoutMs?: number;
  /** Texts per request, 1..100 (default 100). */
  batchSize?: number;
  retry?: RetryOptions;
}

// z.number() rejects NaN and ±Infinity, so this also checks that every value is finite.
const ReplySchema = z.object({
  embeddings: z.array(z.object({ values: z.array(z.number()) })),
});

export class GeminiEmbedder implements Embedder {
  readonly kind = 'gemini' as const;
  readonly model: string;
  readonly dim: number;
  private readonly batchSize: number;

  constructor(
    private readonly ai: GenAIClient,
    private readonly options: GeminiEmbedderOptions,
  ) {
    if (!Number.isInteger(options.dim) || options.dim < 1)
      throw new RangeError(`invalid embedding dim ${options.dim}`);
    this.model = options.model;
    this.dim = options.dim;
    this.batchSize = Math.min(MAX_BATCH, Math.max(1, Math.floor(options.batchSize ?? MAX_BATCH)));
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    // Gemini answers an empty content with a 400; say which input was empty instead.
    const blank = texts.findIndex((t) => typeof t !== 'string' || !t.trim());
    if (blank >= 0) {
      throw new GeminiError('bad_request', `cannot embed text #${blank}: it is empty`, {
        retryable: false,
      });
    }
    const out: Float32Array[] = [];
    // The SDK's one-time load comes before any request's time limit starts.
    await this.ai.ready?.();
    // Batches run one after another: simpler on rate limits, and a failure loses no earlier order.
    for (let start = 0; start < texts.length; start += this.batchSize) {
      out.push(...(await this.embedBatch(texts.slice(start, start + this.batchSize))));
    }
    return out;
  }

  private embedBatch(batch: readonly string[]): Promise<Float32Array[]> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_EMBED_TIMEOUT_MS;
    return withRetry(async () => {
      const limit = deadline(timeoutMs, this.options.retry?.signal);
      const context: GeminiCallContext = {
        operation: 'embed',
        model: this.model,
        apiKey: this.options.apiKey,
        baseUrl: this.options.baseUrl,
        timeoutMs,
      };
      try {
        const response = await this.ai.models.embedContent({
          model: this.model,
          contents: [...batch],
          config: {
            taskType: EMBEDDING_TASK_TYPE,
            outputDimensionality: this.dim,
            abortSignal: limit.signal,
          },
        });
        return this.validate(response, batch.length);
      } catch (error) {
        throw toGeminiError(error, { ...context, cancelled: limit.cancelled });
      }
    }, this.options.retry);
  }

  private validate(response: unknown, expected: number): Float32Array[] {
    const parsed = ReplySchema.safeParse(response);
    if (!parsed.success) {
      throw new GeminiError(
        'bad_response',
        'Gemini sent an embedding reply in an unexpected shape (missing or non-finite values)',
      );
    }
    const { embeddings } = parsed.data;
    if (embeddings.length !== expected) {
      throw new GeminiError(
        'bad_response',
        `Gemini returned ${embeddings.length} embeddings for ${expected} texts`,
      );
    }
    return embeddings.map(({ values }, i) => {
      if (values.length !== this.dim) {
        throw new GeminiError(
          'bad_response',
          `Gemini returned a ${values.length}-dimensional embedding (#${i}), expected ${this.dim}: check KEEL_EMBEDDING_DIM and the model`,
        );
      }
      const vector = normalizeInPlace(Float32Array.from(values));
      // Huge values overflow float32 (NaN after normalising); an all-zero vector has no direction.
      if (!vector.every(Number.isFinite) || !vector.some((v) => v !== 0)) {
        throw new GeminiError(
          'bad_response',
          `Gemini returned an unusable embedding (#${i}): zero or out of range`,
        );
      }
      return vector;
    });
  }
}
