// The embedder interface shared by the Gemini and offline embedders.
import type { EmbeddingSpace } from '../../../shared/domain';

export interface Embedder {
  readonly kind: 'gemini' | 'offline';
  /** The model id stored with every record (e.g. "gemini-embedding-001", "keel-offline-glove-v2"). */
  readonly model: string;
  readonly dim: number;
  /**
   * Embeds texts in order, one unit-length vector of `dim` floats each.
   * Throws GeminiError (electron/gemini/errors.ts) with an actionable message on failure.
   */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export function spaceOf(embedder: Pick<Embedder, 'model' | 'dim'>): EmbeddingSpace {
  return { model: embedder.model, dim: embedder.dim };
}
