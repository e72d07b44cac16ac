// One user's interventions held in process by the plain-Redis store, for exact recall without
// modules: the vectors in the shared vector index (../../vector-index), and each record's other
// fields packed into one string (no object per record: 100k records cost little beyond their
// vectors). Redis stays the source of truth; plain-store.ts keeps this copy in sync.
import {
  OutcomeSchema,
  type InterventionSummary,
  type Outcome,
  type SimilarIntervention,
  type StoredIntervention,
} from '../../../../shared/domain';
import { VectorIndex, type IndexRequest } from '../../vector-index/vector-index';

export interface CacheQuery {
  vector: Float32Array;
  k: number;
  outcomes: readonly Outcome[] | 'any';
  minSimilarity: number;
  nowMs: number;
}

type Packed = [string, string, string, Outcome, string | null, number];

export class VectorCache {
  private readonly index: VectorIndex;
  private readonly packed = new Map<string, string>();

  constructor(readonly dim: number) {
    this.index = new VectorIndex(dim);
  }

  get size(): number {
    return this.index.size;
  }

  /** Bytes held by the vectors (float32 + int8 rows and their columns). */
  get vectorBytes(): number {
    return this.index.bytes;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  /** Adds or replaces a record (by key). A record of another dimension is not cached. */
  upsert(record: StoredIntervention, expiresAt: number | null): void {
    if (record.embedding.length !== this.dim) {
      this.remove(record.key);
      return;
    }
    this.index.upsert(record.key, record.outcome, record.embedding, expiresAt ?? Infinity);
    const fields: Packed = [
      record.intervention,
      record.context,
      record.task,
      record.outcome,
      record.strategy ?? null,
      record.timestamp,
    ];
    this.packed.set(record.key, JSON.stringify(fields));
  }

  remove(key: string): void {
    this.index.remove(key);
    this.packed.delete(key);
  }

  /** Drops records whose TTL has run out; returns their keys (to clean the log lazily). */
  dropExpired(nowMs: number): string[] {
    const expired = this.index.removeExpired(nowMs);
    for (const key of expired) this.packed.delete(key);
    return expired;
  }

  /** Throw-away searches after a download, so the first recall after start runs warm code. */
  warmUp(): void {
    if (this.size === 0) return;
    this.index.warmUp();
    const query = new Float32Array(this.dim);
    query[0] = 1;
    this.searchMany(query, [{ k: Math.min(12, this.size), outcomes: 'any', minSimilarity: -1 }], 0);
  }

  /** Exact cosine KNN (dot product of unit vectors), best first, after the outcome filter. */
  search(query: CacheQuery): SimilarIntervention[] {
    return this.searchMany(query.vector, [query], query.nowMs)[0]!;
  }

  /** Several top-k lists from one scan of the vectors (one per request, in order). */
  searchMany(
    vector: Float32Array,
    requests: readonly IndexRequest[],
    nowMs: number,
  ): SimilarIntervention[][] {
    if (vector.length !== this.dim) return requests.map(() => []);
    return this.index.searchMany(vector, requests, nowMs).map((hits) =>
      hits.map(({ key, similarity }) => ({
        ...this.summary(key),
        similarity,
        score: similarity,
      })),
    );
  }

  private summary(key: string): InterventionSummary {
    const [intervention, context, task, outcome, strategy, timestamp] = JSON.parse(
      this.packed.get(key)!,
    ) as Packed;
    return {
      key,
      intervention,
      context,
      task,
      outcome: OutcomeSchema.parse(outcome),
      ...(strategy !== null ? { strategy } : {}),
      timestamp,
    };
  }
}
