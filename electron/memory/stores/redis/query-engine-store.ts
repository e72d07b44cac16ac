// MemoryStore on a server with the Query Engine (Redis 8, Redis Stack, Valkey with valkey-search,
// Dragonfly): one vector index per user over their intervention keys, KNN recall on the server.
// Documents are JSON when the server has JSON, otherwise HASHes with a binary FLOAT32 vector (the
// same layout as the plain store). Written against RedisLink only, so every command it sends and
// every reply it parses is tested at the command level.
import {
  assertUserId,
  type EmbeddingSpace,
  type Outcome,
  type Insight,
  type SimilarIntervention,
  type StoredIntervention,
} from '../../../../shared/domain';
import { indexName, interventionPrefix, metaKey } from '../../keys';
import type {
  FindSimilarQuery,
  ListOptions,
  MemoryStore,
  SpaceCheck,
  StoreDiagnostics,
} from '../types';
import { describeServer, type ServerCapabilities } from './capabilities';
import type { RedisCommand } from './connection';
import {
  interventionHashFields,
  interventionJson,
  summaryFromStrings,
  ttlArgument,
  validateIntervention,
} from './documents';
import { assertInterventionKey, assertOutcomes } from './escape';
import type { RedisLink } from './link';
import {
  ftCreateArgs,
  ftInfoArgs,
  ftSearchKnnArgs,
  ftSearchRecentArgs,
  isIndexExistsError,
  isUnknownIndexError,
  parseIndexInfo,
  parseIndexList,
  parseSearchReply,
  type IndexInfo,
  type VectorAlgorithm,
} from './query-engine-schema';
import { replyNumber } from './replies';
import {
  countRecords,
  deleteUserKeys,
  listInsights,
  metaCommand,
  mismatchMessage,
  prefixPattern,
  putInsight,
  readInterventions,
  readMeta,
  sameSpace,
  sampleTtlMs,
  scanKeys,
  type DocumentFormat,
  newestFirst,
  updateOutcomeCommand,
} from './user-data';

export interface QueryEngineStoreOptions {
  format: DocumentFormat;
  algorithm: VectorAlgorithm;
  capabilities?: ServerCapabilities;
  now?: () => number;
}

/** Records per MULTI/EXEC when writing many at once (each record's doc and TTL stay together). */
const WRITE_BATCH = 200;

export class QueryEngineStore implements MemoryStore {
  readonly kind = 'query-engine' as const;
  readonly reason = 'Redis with the Query Engine: recall by FT.SEARCH KNN';
  private readonly now: () => number;

  constructor(
    private readonly link: RedisLink,
    private readonly options: QueryEngineStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get format(): DocumentFormat {
    return this.options.format;
  }

  open(): Promise<void> {
    return this.link.open();
  }

  close(): Promise<void> {
    return this.link.close();
  }

  ping(): Promise<boolean> {
    return this.link.ping();
  }

  async prepareUser(userId: string, space: EmbeddingSpace): Promise<SpaceCheck> {
    assertUserId(userId);
    const stored = await readMeta(this.link, userId);
    if (stored && !sameSpace(stored, space)) {
      return { ok: false, stored, message: mismatchMessage(userId, stored, space) };
    }
    const info = await this.indexInfo(userId, space.dim);
    if (info && (info.sizeMismatch || (info.dim !== null && info.dim !== space.dim))) {
      // dim 0: the server refused vectors of this size without saying which size it expects.
      const indexed = { model: stored?.model ?? 'an unknown model', dim: info.dim ?? 0 };
      return { ok: false, stored: indexed, message: mismatchMessage(userId, indexed, space) };
    }
    if (!info) {
      try {
        await this.link.send(
          ftCreateArgs({
            userId,
            format: this.options.format,
            dim: space.dim,
            algorithm: this.options.algorithm,
          }),
        );
      } catch (error) {
        // Another process (the CLI next to the app) created it first: same schema, not an error.
        if (!isIndexExistsError(error)) throw error;
      }
    }
    if (!stored) await this.link.send(metaCommand(userId, space));
    return { ok: true, stored };
  }

  async putInterventions(
    userId: string,
    records: readonly StoredIntervention[],
    ttlMs: number,
  ): Promise<void> {
    assertUserId(userId);
    for (const record of records) {
      assertInterventionKey(userId, record.key);
      validateIntervention(record);
    }
    const ttl = ttlArgument(ttlMs);
    const expiresAt = ttl === '0' ? null : this.now() + Number(ttl);
    for (let start = 0; start < records.length; start += WRITE_BATCH) {
      const commands: RedisCommand[] = [];
      for (const record of records.slice(start, start + WRITE_BATCH)) {
        if (this.options.format === 'json') {
          commands.push(['JSON.SET', record.key, '$', interventionJson(record, expiresAt)]);
        } else {
          // DEL first: a rewrite must not keep fields of the previous version (idempotent by key).
          commands.push(
            ['DEL', record.key],
            ['HSET', record.key, ...interventionHashFields(record, expiresAt)],
          );
        }
        commands.push(ttl === '0' ? ['PERSIST', record.key] : ['PEXPIRE', record.key, ttl]);
      }
      await this.link.transaction(commands);
    }
  }

  putInsight(userId: string, insight: Insight): Promise<void> {
    return putInsight(this.link, userId, insight);
  }

  async updateOutcome(userId: string, key: string, outcome: Outcome): Promise<boolean> {
    assertInterventionKey(assertUserId(userId), key);
    const [valid] = assertOutcomes([outcome]);
    // The index follows the document, and neither HSET nor JSON.SET on a path touches the TTL.
    const reply = await this.link.send(updateOutcomeCommand(this.options.format, key, valid!));
    return replyNumber(reply) === 1;
  }

  async deleteIntervention(userId: string, key: string): Promise<boolean> {
    assertInterventionKey(assertUserId(userId), key);
    return replyNumber(await this.link.send(['DEL', key])) === 1;
  }

  async findSimilar(userId: string, query: FindSimilarQuery): Promise<SimilarIntervention[]> {
    assertUserId(userId);
    if (query.outcomes !== 'any') assertOutcomes(query.outcomes);
    let reply: unknown;
    try {
      reply = await this.link.send(ftSearchKnnArgs(userId, query));
    } catch (error) {
      if (isUnknownIndexError(error)) return []; // nothing stored yet (prepareUser not run)
      throw error;
    }
    const results: SimilarIntervention[] = [];
    for (const hit of parseSearchReply(reply).hits) {
      const distance = replyNumber(hit.fields.get('distance'));
      const summary = summaryFromStrings(hit.key, hit.fields);
      if (distance === null || !summary) continue;
      const similarity = 1 - distance;
      if (similarity < query.minSimilarity) continue;
      results.push({ ...summary, similarity, score: similarity });
    }
    return results;
  }

  async listInterventions(
    userId: string,
    options: ListOptions = {},
  ): Promise<StoredIntervention[]> {
    assertUserId(userId);
    let keys: string[] | null = null;
    // With a limit the index gives the newest keys directly; without one (export), SCAN them all.
    if (options.limit !== undefined && options.limit <= 10_000) {
      try {
        const reply = await this.link.send(
          ftSearchRecentArgs(userId, { limit: options.limit, sinceMs: options.sinceMs }),
        );
        keys = parseSearchReply(reply).hits.map((hit) => hit.key);
      } catch (error) {
        if (!isUnknownIndexError(error)) throw error;
      }
    }
    keys ??= await scanKeys(this.link, prefixPattern(interventionPrefix(userId)));
    const records = (await readInterventions(this.link, keys, this.options.format))
      .filter((x) => x !== null)
      .map((x) => x!.record);
    return newestFirst(records, options);
  }

  listInsights(userId: string, options?: ListOptions): Promise<Insight[]> {
    return listInsights(this.link, userId, options);
  }

  counts(userId: string): Promise<{ interventions: number; insights: number }> {
    return countRecords(this.link, userId);
  }

  sampleTtlMs(userId: string): Promise<number | null> {
    return sampleTtlMs(this.link, userId);
  }

  async forget(userId: string): Promise<number> {
    assertUserId(userId);
    await this.dropIndex(userId);
    return deleteUserKeys(this.link, userId);
  }

  async resetSpace(userId: string): Promise<void> {
    assertUserId(userId);
    await this.dropIndex(userId);
    await this.link.send(['DEL', metaKey(userId)]);
  }

  async describe(userId?: string, space?: EmbeddingSpace): Promise<StoreDiagnostics> {
    const caps = this.options.capabilities;
    const server = caps ? describeServer(caps) : 'Redis with the Query Engine';
    const diagnostics: StoreDiagnostics = {
      kind: this.kind,
      description: `${server} at ${this.link.displayUrl} (Query Engine, ${this.options.format.toUpperCase()} documents, ${this.options.algorithm} index)`,
      ...(caps
        ? { server: { kind: caps.serverKind, version: caps.version, modules: caps.modules } }
        : {}),
    };
    if (userId !== undefined) {
      const info = await this.indexInfo(assertUserId(userId), space?.dim);
      diagnostics.index = {
        name: indexName(userId),
        exists: info !== null,
        dim: info?.dim ?? null,
        algorithm: info?.algorithm ?? null,
      };
    }
    return diagnostics;
  }

  /**
   * The user's index (FT._LIST first, then FT.INFO), or null when it does not exist. When FT.INFO
   * does not report the vector DIM (RediSearch 2.6 lists only `type VECTOR`) and `probeDim` is
   * given, a KNN query with a vector of that size asks the index itself (probeIndexDim).
   */
  private async indexInfo(
    userId: string,
    probeDim?: number,
  ): Promise<(IndexInfo & { sizeMismatch?: boolean }) | null> {
    const names = parseIndexList(await this.link.send(['FT._LIST']));
    if (!names.includes(indexName(userId))) return null;
    try {
      const info = parseIndexInfo(await this.link.send(ftInfoArgs(userId)));
      if (info.dim !== null || probeDim === undefined) return info;
      const probed = await this.probeIndexDim(userId, probeDim);
      return probed === 'mismatch'
        ? { ...info, sizeMismatch: true }
        : { ...info, dim: probed ?? null };
    } catch (error) {
      if (isUnknownIndexError(error)) return null; // dropped in between
      throw error;
    }
  }

  /**
   * The index's DIM found by querying it: RediSearch answers a query vector of the wrong size with
   * "query vector blob size (A) does not match index's expected size (B)" (B in bytes, FLOAT32).
   * Returns `dim` when the index took the vector, the expected DIM from the error, or 'mismatch'
   * when the server refused the size without naming it; null when the reply says nothing either way.
   */
  private async probeIndexDim(userId: string, dim: number): Promise<number | 'mismatch' | null> {
    const unit = new Float32Array(dim);
    unit[0] = 1;
    try {
      await this.link.send(ftSearchKnnArgs(userId, { vector: unit, k: 1, outcomes: 'any' }));
      return dim;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const expected = /expected size \((\d+)\)/i.exec(message);
      if (expected) return Math.floor(Number(expected[1]) / Float32Array.BYTES_PER_ELEMENT);
      if (/blob size|vector.*size|dimension/i.test(message)) return 'mismatch';
      if (isUnknownIndexError(error)) throw error;
      return null;
    }
  }

  /** FT.DROPINDEX without DD (Valkey has no DD); keys are deleted separately by SCAN. */
  private async dropIndex(userId: string): Promise<void> {
    try {
      await this.link.send(['FT.DROPINDEX', indexName(userId)]);
    } catch (error) {
      if (!isUnknownIndexError(error)) throw error;
    }
  }
}
