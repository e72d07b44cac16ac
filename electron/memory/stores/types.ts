// The one interface every memory store implements: embedded (the default), plain Redis (no modules)
// and Redis with the Query Engine. The memory service (../memory-service.ts) adds what is common on
// top: embedding, the outbox, recency blending, the prompt-context cache and status.
import type {
  EmbeddingSpace,
  Insight,
  Outcome,
  SimilarIntervention,
  StoredIntervention,
} from '../../../shared/domain';
import type { StoreKind } from '../../../shared/settings';

export interface FindSimilarQuery {
  /** The query vector, unit length, in `space`. */
  vector: Float32Array;
  space: EmbeddingSpace;
  /** How many results at most (best first). */
  k: number;
  /** Only records with one of these outcomes; 'any' = no filter. */
  outcomes: readonly Outcome[] | 'any';
  /** Drop results whose similarity (1 − cosine distance) is below this. */
  minSimilarity: number;
}

/** Several recalls of one query vector (a check-in's lists), answered from one pass where possible. */
export interface FindSimilarManyQuery {
  vector: Float32Array;
  space: EmbeddingSpace;
  requests: ReadonlyArray<Pick<FindSimilarQuery, 'k' | 'outcomes' | 'minSimilarity'>>;
}

/** Result of checking a user's stored embedding space against the embedder's. */
export type SpaceCheck =
  | { ok: true; stored: EmbeddingSpace | null }
  | { ok: false; stored: EmbeddingSpace; message: string };

export interface ListOptions {
  /** Newest first; at most this many. */
  limit?: number;
  /** Only records at or after this time (ms). */
  sinceMs?: number;
}

export interface StoreDiagnostics {
  kind: StoreKind;
  /** e.g. "embedded store at /home/me/.config/Keel/memory" or "Redis 8.0.2 (search, ReJSON)". */
  description: string;
  server?: { kind: string; version: string; modules: string[] };
  /** For the Query Engine store: whether the user's index exists and its DIM. */
  index?: { name: string; exists: boolean; dim: number | null; algorithm: string | null };
}

/** Thrown by Redis-backed stores when the server cannot be reached; the service queues writes. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

export interface MemoryStore {
  readonly kind: StoreKind;
  /**
   * Why this store holds the memory, in words for status and doctor (e.g. "REDIS_URL not set →
   * embedded store at …"). Live: a Redis store refines it once it has seen the server. Every store
   * can write (the SQLite store takes writers from several processes), so there is no read-only
   * flag; a store that cannot be reached throws StoreUnavailableError and the outbox keeps writes.
   */
  readonly reason: string;
  /** Connects / opens files, detects capabilities. Throws StoreUnavailableError if unreachable. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Cheap liveness check (PING for Redis). */
  ping(): Promise<boolean>;

  /**
   * Prepares the user's storage for vectors of `space` (creates the index if missing, records the
   * space in `user:{id}:meta`), or reports a mismatch with what is already stored. Never rebuilds
   * anything by itself.
   */
  prepareUser(userId: string, space: EmbeddingSpace): Promise<SpaceCheck>;

  /**
   * Writes interventions. Idempotent by key: writing the same key twice leaves one record (this is
   * what makes outbox replay exactly-once). TTL applies to each record from now.
   */
  putInterventions(
    userId: string,
    records: readonly StoredIntervention[],
    ttlMs: number,
  ): Promise<void>;
  /** Writes one insight (kept without TTL). Idempotent by key. */
  putInsight(userId: string, insight: Insight): Promise<void>;

  /**
   * Corrects the outcome of one stored intervention (the person says what really happened). The
   * record keeps its key, text, vector and expiry; recall's outcome filter sees the new outcome at
   * once. False when there is no such (live) record.
   */
  updateOutcome(userId: string, key: string, outcome: Outcome): Promise<boolean>;
  /** Deletes one intervention. False when there was no such (live) record. */
  deleteIntervention(userId: string, key: string): Promise<boolean>;

  /** Exact-or-indexed KNN by cosine similarity, best first, same semantics in every store. */
  findSimilar(userId: string, query: FindSimilarQuery): Promise<SimilarIntervention[]>;

  /**
   * Optional: the lists of `query.requests` (in order) from one scan of the user's vectors. Call it
   * through findSimilarMany() below, which falls back to one findSimilar per request.
   */
  findSimilarMany?(userId: string, query: FindSimilarManyQuery): Promise<SimilarIntervention[][]>;

  /** Interventions newest first, with their embeddings. */
  listInterventions(userId: string, options?: ListOptions): Promise<StoredIntervention[]>;
  /** Insights newest first. */
  listInsights(userId: string, options?: ListOptions): Promise<Insight[]>;
  counts(userId: string): Promise<{ interventions: number; insights: number }>;
  /** Remaining TTL of one intervention in ms (for doctor), null if none / no records. */
  sampleTtlMs(userId: string): Promise<number | null>;

  /** Deletes every key of the user and their index. Returns how many records were deleted. */
  forget(userId: string): Promise<number>;
  /** Drops the user's index and meta so prepareUser can recreate them for a new space (reindex). */
  resetSpace(userId: string): Promise<void>;

  /**
   * What the store is and, for a user, their index. `space` is the embedder's: a store whose server
   * does not report an index's DIM may check it against this space (the Query Engine store's probe).
   */
  describe(userId?: string, space?: EmbeddingSpace): Promise<StoreDiagnostics>;
}

/** A store's fused recall when it has one, otherwise one findSimilar per request (same results). */
export function findSimilarMany(
  store: MemoryStore,
  userId: string,
  query: FindSimilarManyQuery,
): Promise<SimilarIntervention[][]> {
  if (store.findSimilarMany) return store.findSimilarMany(userId, query);
  return Promise.all(
    query.requests.map((r) =>
      store.findSimilar(userId, { vector: query.vector, space: query.space, ...r }),
    ),
  );
}
