// The vectors of one user's interventions in one embedding space, held in memory for exact recall.
// It holds only what a search needs (key, outcome, vector, expiry) in the shared vector index
// (../../vector-index: int8 WebAssembly SIMD scan, rows per outcome, exact float rerank); the text of
// a hit is read from the database afterwards.
import type { Outcome } from '../../../../shared/domain';
import { VectorIndex, type IndexHit, type IndexRequest } from '../../vector-index/vector-index';

export type VectorHit = IndexHit;

export class SpaceVectors {
  private readonly index: VectorIndex;

  constructor(
    readonly model: string,
    readonly dim: number,
  ) {
    this.index = new VectorIndex(dim);
  }

  get size(): number {
    return this.index.size;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  /** Inserts or replaces a record. `expiresAt` is ms since the epoch (Infinity = never). */
  upsert(key: string, outcome: Outcome, vector: Float32Array, expiresAt: number): void {
    this.index.upsert(key, outcome, vector, expiresAt);
  }

  remove(key: string): boolean {
    return this.index.remove(key);
  }

  /** Throw-away searches after a load, so the first recall after start runs warm code. */
  warmUp(): void {
    this.index.warmUp();
  }

  /** Exact k-nearest by cosine similarity, best first; expired records are skipped. */
  search(query: Float32Array, request: IndexRequest, now: number): VectorHit[] {
    return this.index.search(query, { ...request, nowMs: now });
  }

  /** Several top-k lists from one scan (a check-in's "what worked" and the learner's evidence). */
  searchMany(query: Float32Array, requests: readonly IndexRequest[], now: number): VectorHit[][] {
    return this.index.searchMany(query, requests, now);
  }
}
