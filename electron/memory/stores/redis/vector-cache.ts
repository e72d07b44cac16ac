// One user's interventions held in process for exact recall without modules: the vectors in one
// contiguous Float32Array (row i = record i), the rest in parallel arrays. Removal swaps the last
// row in, so the arrays stay dense and a query is one tight scan with a TopK heap.
import {
  toSummary,
  type InterventionSummary,
  type Outcome,
  type SimilarIntervention,
  type StoredIntervention,
} from '../../../../shared/domain';
import { TopK } from '../../vector-math';

export interface CacheQuery {
  vector: Float32Array;
  k: number;
  outcomes: readonly Outcome[] | 'any';
  minSimilarity: number;
  nowMs: number;
}

export class VectorCache {
  private vectors: Float32Array;
  private capacity = 0;
  private readonly summaries: InterventionSummary[] = [];
  private readonly expiries: number[] = [];
  private readonly rowOf = new Map<string, number>();

  constructor(readonly dim: number) {
    this.vectors = new Float32Array(0);
  }

  get size(): number {
    return this.summaries.length;
  }

  has(key: string): boolean {
    return this.rowOf.has(key);
  }

  /** Adds or replaces a record (by key). A record of another dimension is not cached. */
  upsert(record: StoredIntervention, expiresAt: number | null): void {
    if (record.embedding.length !== this.dim) {
      this.remove(record.key);
      return;
    }
    let row = this.rowOf.get(record.key);
    if (row === undefined) {
      row = this.summaries.length;
      this.ensureCapacity(row + 1);
      this.rowOf.set(record.key, row);
      this.summaries.push(toSummary(record));
      this.expiries.push(expiresAt ?? Infinity);
    } else {
      this.summaries[row] = toSummary(record);
      this.expiries[row] = expiresAt ?? Infinity;
    }
    this.vectors.set(record.embedding, row * this.dim);
  }

  remove(key: string): void {
    const row = this.rowOf.get(key);
    if (row === undefined) return;
    const last = this.summaries.length - 1;
    if (row !== last) {
      this.vectors.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.summaries[row] = this.summaries[last]!;
      this.expiries[row] = this.expiries[last]!;
      this.rowOf.set(this.summaries[row]!.key, row);
    }
    this.summaries.pop();
    this.expiries.pop();
    this.rowOf.delete(key);
  }

  /** Drops records whose TTL has run out; returns their keys (to clean the log lazily). */
  dropExpired(nowMs: number): string[] {
    const expired: string[] = [];
    for (let row = 0; row < this.expiries.length; row++) {
      if (this.expiries[row]! <= nowMs) expired.push(this.summaries[row]!.key);
    }
    for (const key of expired) this.remove(key);
    return expired;
  }

  /** Exact cosine KNN (dot product of unit vectors), best first, after the outcome filter. */
  search(query: CacheQuery): SimilarIntervention[] {
    const { vector, k, nowMs } = query;
    if (vector.length !== this.dim || k <= 0) return [];
    const allowed = query.outcomes === 'any' ? null : new Set(query.outcomes);
    const top = new TopK<number>(k);
    const dim = this.dim;
    const data = this.vectors;
    for (let row = 0; row < this.summaries.length; row++) {
      if (allowed && !allowed.has(this.summaries[row]!.outcome)) continue;
      if (this.expiries[row]! <= nowMs) continue;
      let sum = 0;
      const base = row * dim;
      for (let i = 0; i < dim; i++) sum += data[base + i]! * vector[i]!;
      top.push(sum, row);
    }
    return top
      .sorted()
      .filter(({ score }) => score >= query.minSimilarity)
      .map(({ score, item }) => ({ ...this.summaries[item]!, similarity: score, score }));
  }

  /** Records newest first (for listing); vectors are copied out. */
  entries(): Array<{ summary: InterventionSummary; vector: Float32Array; expiresAt: number }> {
    return this.summaries.map((summary, row) => ({
      summary,
      vector: this.vectors.slice(row * this.dim, (row + 1) * this.dim),
      expiresAt: this.expiries[row]!,
    }));
  }

  private ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    const capacity = Math.max(rows, this.capacity * 2, 64);
    const next = new Float32Array(capacity * this.dim);
    next.set(this.vectors.subarray(0, this.summaries.length * this.dim));
    this.vectors = next;
    this.capacity = capacity;
  }
}
