// The embedded memory store: Keel's default when no Redis is configured. Pure TypeScript over one
// append-only log file (log-file.ts) replayed into RAM at open (user-index.ts), with the same keys,
// document fields and semantics as the Redis stores, so records can move between them and the
// outbox can replay into any of them.
//
// Concurrency: one process at a time holds the directory (lock-file.ts); a second process (the CLI
// while the app runs) gets a clear StoreLockedError instead of a corrupted log, and may open the
// store read-only instead (`readOnly: true`, read-only-view.ts): no lock, no writes, the file
// re-read before each read so it sees what the writer appends and compacts. A write to it is
// refused while the holder lives; once the holder has gone, that write takes the lock and the store
// carries on as an ordinary writer (store-access.ts). Within the writing process, writes are
// serialised (write-queue.ts) and each is appended + fsynced before it becomes visible to reads
// (store-writer.ts).
//
// This class validates each call and delegates: opening and the read-only fallback to StoreAccess,
// compaction and TTL sweeps to Compactor, recall to find-similar.ts, listing and counting to
// record-listing.ts, the description to diagnostics.ts.
import {
  EmbeddingSpaceSchema,
  InsightSchema,
  assertUserId,
  parseOrThrow,
  type EmbeddingSpace,
  type Insight,
  type SimilarIntervention,
  type StoredIntervention,
} from '../../../../shared/domain';
import { createLogger, type Logger } from '../../../core/logger';
import { insightPrefix } from '../../keys';
import type {
  FindSimilarManyQuery,
  FindSimilarQuery,
  ListOptions,
  MemoryStore,
  SpaceCheck,
  StoreDiagnostics,
} from '../types';
import { Compactor } from './compaction';
import { describeLocation, describeUser } from './diagnostics';
import { checkQuery, findSimilar, findSimilarMany } from './find-similar';
import { interventionEntry } from './intervention-entry';
import { checkIntervention, checkKey, checkTtl } from './record-checks';
import {
  encodeClearMeta,
  encodeForgetUser,
  encodeInsight,
  encodeIntervention,
  encodeSetMeta,
} from './record-codec';
import {
  checkListOptions,
  countRecords,
  listInsights,
  listInterventions,
  sampleTtlMs,
} from './record-listing';
import { compareSpace } from './space-check';
import { StoreAccess } from './store-access';
import { WriteQueue } from './write-queue';

export { LOCK_FILE_NAME, LOG_FILE_NAME } from './store-files';

export interface EmbeddedStoreOptions {
  /** The clock for TTLs (tests inject one). Default Date.now. */
  now?: () => number;
  logger?: Logger;
  /** Compact once at least this many frames are dead and they outnumber the live ones (default 1000). */
  compactMinDeadFrames?: number;
  /**
   * Open without taking the lock, for reading a store another process (the app) holds: reads
   * follow that process's file and nothing is written. A write throws StoreUnavailableError while
   * the holder lives; after it has gone, the write takes the lock and the store becomes a writer.
   */
  readOnly?: boolean;
}

export class EmbeddedStore implements MemoryStore {
  readonly kind = 'embedded' as const;
  private readonly opensReadOnly: boolean;
  private readonly access: StoreAccess;
  private readonly compactor: Compactor;
  private readonly writes = new WriteQueue();
  private readonly now: () => number;

  /** `dir` is the store's own directory (the service passes `${dataDir}/memory`). */
  constructor(
    readonly dir: string,
    options: EmbeddedStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    const logger = options.logger ?? createLogger('embedded-store');
    this.compactor = new Compactor(this.now, logger, options.compactMinDeadFrames ?? 1000);
    this.access = new StoreAccess(dir, this.now, logger, this.compactor);
    this.opensReadOnly = options.readOnly ?? false;
  }

  /** Whether the store is open read-only (another process held the lock when it was last tried). */
  get readOnly(): boolean {
    return this.access.readOnly;
  }

  /** Why writes are refused (null unless the store is open read-only). */
  get readOnlyMessage(): string | null {
    return this.access.readOnlyMessage;
  }

  async open(): Promise<void> {
    if (this.access.isOpen) return;
    if (this.opensReadOnly) return this.access.openReadOnly();
    await this.writes.run(() => this.access.openWriter());
  }

  async close(): Promise<void> {
    // First let queued writes finish: one may be taking the lock over from a read-only start.
    await this.writes.settled();
    await this.access.close();
  }

  async ping(): Promise<boolean> {
    return this.access.isOpen;
  }

  async prepareUser(userId: string, space: EmbeddingSpace): Promise<SpaceCheck> {
    assertUserId(userId);
    const wanted = parseOrThrow(EmbeddingSpaceSchema, space, 'embedding space');
    if (this.access.readOnly) {
      // Only the check. Recording a first space is a write, and a store that takes no writes needs
      // no record of the space they would be in; the process that writes records it.
      const stored = (await this.access.users()).get(userId)?.space ?? null;
      return compareSpace(userId, stored, wanted);
    }
    return this.writes.run(async () => {
      const writer = this.access.opened();
      const stored = writer.users.get(userId)?.space ?? null;
      const check = compareSpace(userId, stored, wanted);
      if (stored === null) {
        await writer.append(
          [encodeSetMeta(userId, wanted)],
          [{ type: 'setMeta', userId, space: wanted }],
        );
      }
      return check;
    });
  }

  async putInterventions(
    userId: string,
    records: readonly StoredIntervention[],
    ttlMs: number,
  ): Promise<void> {
    assertUserId(userId);
    const ttl = checkTtl(ttlMs);
    const checked = records.map((record) => checkIntervention(userId, record));
    if (!checked.length) return;
    await this.writes.run(async () => {
      const writer = await this.access.writable();
      const expiresAt = this.now() + ttl;
      const frames = checked.map((record) => encodeIntervention(record, expiresAt));
      const entries = checked.map((record) => interventionEntry(userId, record, expiresAt));
      await writer.append(frames, entries);
      await this.compactor.maybeCompact(writer);
    });
  }

  async putInsight(userId: string, insight: Insight): Promise<void> {
    assertUserId(userId);
    const valid = parseOrThrow(InsightSchema, insight, 'insight');
    checkKey(valid.key, insightPrefix(userId));
    await this.writes.run(async () => {
      const writer = await this.access.writable();
      await writer.append([encodeInsight(valid)], [{ type: 'insight', userId, insight: valid }]);
      await this.compactor.maybeCompact(writer);
    });
  }

  async findSimilar(userId: string, query: FindSimilarQuery): Promise<SimilarIntervention[]> {
    assertUserId(userId);
    const checked = checkQuery(query);
    return findSimilar((await this.access.users()).get(userId), query, checked, this.now);
  }

  async findSimilarMany(
    userId: string,
    query: FindSimilarManyQuery,
  ): Promise<SimilarIntervention[][]> {
    assertUserId(userId);
    const checked = query.requests.map((r) => checkQuery({ ...query, ...r }));
    const requests = query.requests.map((r, i) => ({ ...r, k: checked[i]!.k }));
    const space = checked[0]?.space ?? query.space;
    const user = (await this.access.users()).get(userId);
    return findSimilarMany(user, query.vector, space, requests, this.now);
  }

  async listInterventions(userId: string, options?: ListOptions): Promise<StoredIntervention[]> {
    assertUserId(userId);
    const checked = checkListOptions(options);
    return listInterventions((await this.access.users()).get(userId), checked, this.now);
  }

  async listInsights(userId: string, options?: ListOptions): Promise<Insight[]> {
    assertUserId(userId);
    const checked = checkListOptions(options);
    return listInsights((await this.access.users()).get(userId), checked);
  }

  async counts(userId: string): Promise<{ interventions: number; insights: number }> {
    assertUserId(userId);
    return countRecords((await this.access.users()).get(userId), this.now);
  }

  async sampleTtlMs(userId: string): Promise<number | null> {
    assertUserId(userId);
    return sampleTtlMs((await this.access.users()).get(userId), this.now);
  }

  async forget(userId: string): Promise<number> {
    assertUserId(userId);
    return this.writes.run(async () => {
      const writer = await this.access.writable();
      const user = writer.users.get(userId);
      const deleted = user ? user.countLiveInterventions(this.now()) + user.insights.size : 0;
      if (!user && !writer.hasFramesFor(userId)) return 0;
      await writer.append([encodeForgetUser(userId)], [{ type: 'forgetUser', userId }]);
      // Forgetting is a privacy promise: rewrite the file now so the text is gone from disk too,
      // rather than waiting for dead frames to pile up.
      await this.compactor.compact(writer);
      return deleted;
    });
  }

  async resetSpace(userId: string): Promise<void> {
    assertUserId(userId);
    await this.writes.run(async () => {
      const writer = await this.access.writable();
      if (!writer.users.get(userId)?.space) return;
      await writer.append([encodeClearMeta(userId)], [{ type: 'clearMeta', userId }]);
    });
  }

  async describe(userId?: string): Promise<StoreDiagnostics> {
    const users = await this.access.users();
    let description = describeLocation(this.dir, this.access.size, this.access.holderName);
    if (userId !== undefined) {
      assertUserId(userId);
      description += describeUser(userId, await this.counts(userId), users.get(userId)?.space);
    }
    return { kind: 'embedded', description };
  }
}
