// The Redis store as configured by REDIS_URL, before anyone knows what the server can do. open()
// connects, detects capabilities once, and from then on delegates to the Query Engine store
// (search present; JSON documents when JSON is present, HASH otherwise) or the plain store.
// Until open() has succeeded every operation throws StoreUnavailableError, which is what lets the
// memory service queue writes in its outbox and call open() again later.
import type {
  EmbeddingSpace,
  Insight,
  Outcome,
  SimilarIntervention,
  StoredIntervention,
} from '../../../../shared/domain';
import type { StoreKind } from '../../../../shared/settings';
import {
  StoreUnavailableError,
  findSimilarMany,
  type FindSimilarManyQuery,
  type FindSimilarQuery,
  type ListOptions,
  type MemoryStore,
  type SpaceCheck,
  type StoreDiagnostics,
} from '../types';
import { describeServer, detectCapabilities, type ServerCapabilities } from './capabilities';
import type { RedisLink } from './link';
import { PlainRedisStore } from './plain-store';
import type { VectorAlgorithm } from './query-engine-schema';
import { QueryEngineStore } from './query-engine-store';

export class RedisAutoStore implements MemoryStore {
  private inner: MemoryStore | null = null;
  private capabilities: ServerCapabilities | null = null;
  private why = 'REDIS_URL set; not connected yet';

  constructor(
    private readonly link: RedisLink,
    private readonly algorithm: VectorAlgorithm = 'FLAT',
  ) {}

  /** 'plain-redis' until the server has been seen (the conservative guess: no modules assumed). */
  get kind(): StoreKind {
    return this.inner?.kind ?? 'plain-redis';
  }

  /** Why this store does what it does, for status and doctor. */
  get reason(): string {
    return this.why;
  }

  get isOpen(): boolean {
    return this.inner !== null;
  }

  async open(): Promise<void> {
    try {
      await this.link.open();
    } catch (error) {
      this.why = `REDIS_URL set but ${this.link.displayUrl} is unreachable: ${(error as Error).message}`;
      throw error;
    }
    if (this.inner) return;
    // Detected once per process: the server does not gain or lose modules while we run, and
    // probing again would send FT.* to servers that do not know it on every reconnect.
    const caps = await detectCapabilities(this.link);
    this.capabilities = caps;
    const server = describeServer(caps);
    if (caps.hasSearch) {
      const format = caps.hasJson ? 'json' : 'hash';
      this.inner = new QueryEngineStore(this.link, {
        format,
        algorithm: this.algorithm,
        capabilities: caps,
      });
      this.why =
        `REDIS_URL set; ${server} has the Query Engine (${caps.searchNote})` +
        `${caps.hasJson ? ' and JSON' : ', no JSON'} → Query Engine store, ${format.toUpperCase()} documents, ${this.algorithm} index`;
    } else {
      this.inner = new PlainRedisStore(this.link, { capabilities: caps });
      this.why = `REDIS_URL set; ${server} has no Query Engine (${caps.searchNote}) → plain Redis, recall computed in-process`;
    }
  }

  async close(): Promise<void> {
    await this.link.close();
  }

  ping(): Promise<boolean> {
    return this.link.ping();
  }

  get serverCapabilities(): ServerCapabilities | null {
    return this.capabilities;
  }

  private store(): MemoryStore {
    if (!this.inner) throw new StoreUnavailableError(this.why);
    return this.inner;
  }

  prepareUser(userId: string, space: EmbeddingSpace): Promise<SpaceCheck> {
    return this.call((s) => s.prepareUser(userId, space));
  }
  putInterventions(
    userId: string,
    records: readonly StoredIntervention[],
    ttlMs: number,
  ): Promise<void> {
    return this.call((s) => s.putInterventions(userId, records, ttlMs));
  }
  putInsight(userId: string, insight: Insight): Promise<void> {
    return this.call((s) => s.putInsight(userId, insight));
  }
  updateOutcome(userId: string, key: string, outcome: Outcome): Promise<boolean> {
    return this.call((s) => s.updateOutcome(userId, key, outcome));
  }
  deleteIntervention(userId: string, key: string): Promise<boolean> {
    return this.call((s) => s.deleteIntervention(userId, key));
  }
  findSimilar(userId: string, query: FindSimilarQuery): Promise<SimilarIntervention[]> {
    return this.call((s) => s.findSimilar(userId, query));
  }
  findSimilarMany(userId: string, query: FindSimilarManyQuery): Promise<SimilarIntervention[][]> {
    return this.call((s) => findSimilarMany(s, userId, query));
  }
  listInterventions(userId: string, options?: ListOptions): Promise<StoredIntervention[]> {
    return this.call((s) => s.listInterventions(userId, options));
  }
  listInsights(userId: string, options?: ListOptions): Promise<Insight[]> {
    return this.call((s) => s.listInsights(userId, options));
  }
  counts(userId: string): Promise<{ interventions: number; insights: number }> {
    return this.call((s) => s.counts(userId));
  }
  sampleTtlMs(userId: string): Promise<number | null> {
    return this.call((s) => s.sampleTtlMs(userId));
  }
  forget(userId: string): Promise<number> {
    return this.call((s) => s.forget(userId));
  }
  resetSpace(userId: string): Promise<void> {
    return this.call((s) => s.resetSpace(userId));
  }
  async describe(userId?: string, space?: EmbeddingSpace): Promise<StoreDiagnostics> {
    if (!this.inner) return { kind: this.kind, description: this.why };
    return this.inner.describe(userId, space);
  }

  private async call<T>(fn: (store: MemoryStore) => Promise<T>): Promise<T> {
    return fn(this.store());
  }
}
