// The embedder as the memory pipeline uses it: every answer is checked (one vector per text, all of
// the memory's dimension), and a failure never throws. It is logged (redacted) and kept as the
// embedding problem, which status shows and queued records carry as their reason; the next
// successful call clears it.
import type { EmbeddingSpace } from '../../shared/domain';
import type { Logger } from '../base/logger';
import type { Embedder } from './embedders/types';

/** Embedding calls carry at most this many texts (the Gemini API's batch limit). */
export const EMBED_BATCH = 100;

export interface CheckedEmbedderDeps {
  embedder: Embedder;
  space: EmbeddingSpace;
  logger: Logger;
  describe(error: unknown): string;
}

export class CheckedEmbedder {
  private lastProblem: string | null = null;

  constructor(private readonly deps: CheckedEmbedderDeps) {}

  /** Why the last embedding call failed, or null if it succeeded. */
  get problem(): string | null {
    return this.lastProblem;
  }

  async embedOne(text: string): Promise<Float32Array | null> {
    const vectors = await this.embedMany([text]);
    return vectors?.[0] ?? null;
  }

  /** Embeds up to EMBED_BATCH texts in one call; null (logged, redacted) on failure. */
  async embedMany(texts: readonly string[]): Promise<Float32Array[] | null> {
    try {
      const vectors = await this.deps.embedder.embed(texts);
      if (
        vectors.length !== texts.length ||
        vectors.some((v) => v.length !== this.deps.space.dim)
      ) {
        throw new Error(
          `embedder returned ${vectors.length} vectors for ${texts.length} texts or a wrong dimension`,
        );
      }
      this.lastProblem = null;
      return vectors;
    } catch (error) {
      this.lastProblem = this.deps.describe(error);
      this.deps.logger.warn(`embedding failed: ${this.lastProblem}`);
      return null;
    }
  }
}
