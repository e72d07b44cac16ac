// The embedded memory store: Keel's default when no Redis is configured. One SQLite database under
// `${dataDir}/memory` (sqlite-schema.ts: WAL, synchronous=FULL, a busy timeout, migrations), with
// the same keys, fields and semantics as the Redis stores, so records can move between them and the
// outbox can replay into any of them.
//
// Several processes may have it open and write at once (the app, and the CLI's remember, import
// and forget next to it): SQLite serialises the writes, each write is one transaction, durable when
// it returns. Recall is exact and in process over the vectors in recall-index.ts, which catches up
// with every other process's writes and deletes before it answers. Expired records are swept at
// open and then at most hourly; a person's old `memory.log` is imported once (legacy-import.ts).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  EmbeddingSpaceSchema,
  InsightSchema,
  InvalidInputError,
  OutcomeSchema,
  assertUserId,
  checkStoredIntervention,
  parseOrThrow,
  type EmbeddingSpace,
  type Insight,
  type Outcome,
  type SimilarIntervention,
  type StoredIntervention,
} from '../../../../shared/domain';
import { createLogger, type Logger } from '../../../base/logger';
import { insightPrefix, interventionPrefix } from '../../keys';
import type {
  FindSimilarManyQuery,
  FindSimilarQuery,
  ListOptions,
  MemoryStore,
  SpaceCheck,
  StoreDiagnostics,
} from '../types';
import { importLegacyLog } from './legacy-import';
import { RecallIndex } from './recall-index';
import type { VectorHit } from './space-vectors';
import { compareSpace } from './space-check';
import {
  DATABASE_FILE_NAME,
  INSIGHT_SELECT,
  INTERVENTION_SELECT,
  SUMMARY_SELECT,
  UPSERT_INSIGHT_SQL,
  UPSERT_INTERVENTION_SQL,
  insightFromRow,
  insightRow,
  interventionFromRow,
  interventionRow,
  openDatabase,
  summaryFromRow,
  sweepDatabase,
} from './sqlite-schema';

export { DATABASE_FILE_NAME };

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface EmbeddedStoreOptions {
  /** The clock for TTLs (tests inject one). Default Date.now. */
  now?: () => number;
  logger?: Logger;
  /** Change-log rows kept at a sweep for other processes to catch up from (default 10,000). */
  changesKept?: number;
  /** Why this store was chosen (status, doctor); default "embedded store at <dir>". */
  reason?: string;
}

const KeySuffixSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/);
const TtlSchema = z.union([
  z.literal(Infinity),
  z.number().positive('TTL must be positive (Infinity = never expires)'),
]);
const KSchema = z.number().int().nonnegative().max(10_000);
/** Built once: a zod schema made per call is compiled per call. */
const OutcomesSchema = z.array(OutcomeSchema);
const ListOptionsSchema = z
  .object({ limit: z.number().int().nonnegative().optional(), sinceMs: z.number().optional() })
  .optional();

const LIVE = '(expires_at IS NULL OR expires_at > @now)';
const SPACE_SQL =
  'SELECT embedding_model AS model, embedding_dim AS dim FROM spaces WHERE user_id = ?';
const COUNTS_SQL = `SELECT
  (SELECT COUNT(*) FROM interventions WHERE user_id = @user AND ${LIVE}) AS interventions,
  (SELECT COUNT(*) FROM insights WHERE user_id = @user) AS insights`;

function checkKey(key: unknown, prefix: string): string {
  if (
    typeof key !== 'string' ||
    !key.startsWith(prefix) ||
    !KeySuffixSchema.safeParse(key.slice(prefix.length)).success
  ) {
    throw new InvalidInputError(
      `Invalid key ${JSON.stringify(String(key)).slice(0, 100)}: expected ${prefix}<time>-<nonce>`,
    );
  }
  return key;
}

export class EmbeddedStore implements MemoryStore {
  readonly kind = 'embedded' as const;
  readonly reason: string;
  private db: Database.Database | null = null;
  private index: RecallIndex | null = null;
  private statements = new Map<string, Database.Statement>();
  private lastSweepMs = -Infinity;
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly changesKept: number;

  /** `dir` is the store's own directory (the service passes `${dataDir}/memory`). */
  constructor(
    readonly dir: string,
    options: EmbeddedStoreOptions = {},
  ) {
    this.reason = options.reason ?? `embedded store at ${dir}`;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? createLogger('embedded-store');
    this.changesKept = options.changesKept ?? 10_000;
  }

  async open(): Promise<void> {
    if (this.db) return;
    const db = openDatabase(this.dir);
    try {
      // Deleted text is overwritten, not left in free pages: forgetting is a privacy promise.
      db.pragma('secure_delete = ON');
      importLegacyLog(db, this.dir, this.now(), this.logger);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    this.index = new RecallIndex(db);
    this.maybeSweep();
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    this.index?.close();
    this.index = null;
    this.statements = new Map();
    db?.close();
  }

  async ping(): Promise<boolean> {
    if (!this.db) return false;
    return this.sql('SELECT 1').pluck().get() === 1;
  }

  async prepareUser(userId: string, space: EmbeddingSpace): Promise<SpaceCheck> {
    assertUserId(userId);
    const wanted = parseOrThrow(EmbeddingSpaceSchema, space, 'embedding space');
    const db = this.opened();
    const check = db
      .transaction(() => {
        const row = this.sql(SPACE_SQL).get(userId) as EmbeddingSpace | undefined;
        if (!row) {
          this.sql(
            'INSERT INTO spaces (user_id, embedding_model, embedding_dim) VALUES (?, ?, ?)',
          ).run(userId, wanted.model, wanted.dim);
        }
        return compareSpace(userId, row ?? null, wanted);
      })
      .immediate();
    // Load the user's vectors in the background now (start-up calls this), not at the first recall.
    this.index?.preload(userId).catch((error: unknown) => {
      this.logger.warn(`loading the vectors of ${userId} failed: ${(error as Error).message}`);
    });
    return check;
  }

  /** Resolves when the user's vectors are loaded (start-up measurements and tests). */
  async whenLoaded(userId: string): Promise<void> {
    await this.index?.whenLoaded(assertUserId(userId));
  }

  async putInterventions(
    userId: string,
    records: readonly StoredIntervention[],
    ttlMs: number,
  ): Promise<void> {
    assertUserId(userId);
    const ttl = parseOrThrow(TtlSchema, ttlMs, 'TTL');
    for (const record of records) {
      checkKey(record?.key, interventionPrefix(userId));
      checkStoredIntervention(record);
    }
    if (!records.length) return;
    const db = this.opened();
    const expiresAt = Number.isFinite(ttl) ? Math.round(this.now() + ttl) : null;
    const put = this.sql(UPSERT_INTERVENTION_SQL);
    db.transaction(() => {
      for (const record of records) put.run(interventionRow(userId, record, expiresAt));
    }).immediate();
    this.written();
  }

  async putInsight(userId: string, insight: Insight): Promise<void> {
    assertUserId(userId);
    const valid = parseOrThrow(InsightSchema, insight, 'insight');
    checkKey(valid.key, insightPrefix(userId));
    this.sql(UPSERT_INSIGHT_SQL).run(insightRow(userId, valid));
    this.written();
  }

  async updateOutcome(userId: string, key: string, outcome: Outcome): Promise<boolean> {
    assertUserId(userId);
    checkKey(key, interventionPrefix(userId));
    const valid = parseOrThrow(OutcomeSchema, outcome, 'outcome');
    // The record keeps its expiry: only the outcome column changes.
    const { changes } = this.sql(
      `UPDATE interventions SET outcome = @outcome WHERE key = @key AND user_id = @user AND ${LIVE}`,
    ).run({ outcome: valid, key, user: userId, now: this.now() });
    if (changes) this.written();
    return changes > 0;
  }

  async deleteIntervention(userId: string, key: string): Promise<boolean> {
    assertUserId(userId);
    checkKey(key, interventionPrefix(userId));
    const gone = this.sql(
      'DELETE FROM interventions WHERE key = ? AND user_id = ? RETURNING expires_at',
    ).get(key, userId) as { expires_at: number | null } | undefined;
    if (!gone) return false;
    this.written();
    // An expired record not yet swept was already no record.
    return gone.expires_at === null || gone.expires_at > this.now();
  }

  async findSimilar(userId: string, query: FindSimilarQuery): Promise<SimilarIntervention[]> {
    assertUserId(userId);
    const k = parseOrThrow(KSchema, query.k, 'k');
    const space = parseOrThrow(EmbeddingSpaceSchema, query.space, 'embedding space');
    if (!(query.vector instanceof Float32Array) || query.vector.length !== space.dim)
      throw new InvalidInputError(`query vector must be a Float32Array of ${space.dim} numbers`);
    if (!Number.isFinite(query.minSimilarity))
      throw new InvalidInputError('minSimilarity must be a number');
    if (query.outcomes !== 'any') parseOrThrow(OutcomesSchema, query.outcomes, 'outcomes');
    this.maybeSweep();
    await this.index?.whenLoaded(userId);
    const vectors = this.index?.vectorsOf(userId, space);
    if (!vectors || k === 0) return [];
    const hits = vectors.search(
      query.vector,
      { k, outcomes: query.outcomes, minSimilarity: query.minSimilarity },
      this.now(),
    );
    return this.withRecords(hits);
  }

  /** Several recalls of one moment from one scan of the vectors (a check-in's lists). */
  async findSimilarMany(
    userId: string,
    query: FindSimilarManyQuery,
  ): Promise<SimilarIntervention[][]> {
    assertUserId(userId);
    const space = parseOrThrow(EmbeddingSpaceSchema, query.space, 'embedding space');
    if (!(query.vector instanceof Float32Array) || query.vector.length !== space.dim)
      throw new InvalidInputError(`query vector must be a Float32Array of ${space.dim} numbers`);
    const requests = query.requests.map((r) => {
      if (!Number.isFinite(r.minSimilarity))
        throw new InvalidInputError('minSimilarity must be a number');
      if (r.outcomes !== 'any') parseOrThrow(OutcomesSchema, r.outcomes, 'outcomes');
      return { ...r, k: parseOrThrow(KSchema, r.k, 'k') };
    });
    this.maybeSweep();
    await this.index?.whenLoaded(userId);
    const vectors = this.index?.vectorsOf(userId, space);
    if (!vectors) return requests.map(() => []);
    const lists = vectors.searchMany(query.vector, requests, this.now());
    return lists.map((hits) => this.withRecords(hits));
  }

  /**
   * The stored summaries of index hits, in order (a hit deleted by another process meanwhile is
   * dropped): one query for all of them, without the vectors (recall does not return them).
   */
  private withRecords(hits: readonly VectorHit[]): SimilarIntervention[] {
    if (hits.length === 0) return [];
    const rows = this.sql(
      `SELECT ${SUMMARY_SELECT} FROM interventions WHERE key IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(hits.map((h) => h.key))) as Array<Record<string, unknown>>;
    const byKey = new Map(rows.map((row) => [row.key as string, row]));
    const results: SimilarIntervention[] = [];
    for (const hit of hits) {
      const row = byKey.get(hit.key);
      const summary = row ? summaryFromRow(row) : null;
      if (!summary) continue;
      results.push({ ...summary, similarity: hit.similarity, score: hit.similarity });
    }
    return results;
  }

  async listInterventions(userId: string, options?: ListOptions): Promise<StoredIntervention[]> {
    assertUserId(userId);
    const { limit, sinceMs } = parseOrThrow(ListOptionsSchema, options, 'list options') ?? {};
    const rows = this.sql(
      `SELECT ${INTERVENTION_SELECT} FROM interventions
         WHERE user_id = @user AND ${LIVE} AND timestamp >= @since
         ORDER BY timestamp DESC, key DESC LIMIT @limit`,
    ).all({ user: userId, now: this.now(), since: sinceMs ?? -1, limit: limit ?? -1 });
    return rows
      .map((row) => interventionFromRow(row as Record<string, unknown>))
      .filter((r): r is StoredIntervention => r !== null);
  }

  async listInsights(userId: string, options?: ListOptions): Promise<Insight[]> {
    assertUserId(userId);
    const { limit, sinceMs } = parseOrThrow(ListOptionsSchema, options, 'list options') ?? {};
    const rows = this.sql(
      `SELECT ${INSIGHT_SELECT} FROM insights WHERE user_id = @user AND timestamp >= @since
         ORDER BY timestamp DESC, key DESC LIMIT @limit`,
    ).all({ user: userId, since: sinceMs ?? -1, limit: limit ?? -1 });
    return rows
      .map((row) => insightFromRow(row as Record<string, unknown>))
      .filter((i): i is Insight => i !== null);
  }

  async counts(userId: string): Promise<{ interventions: number; insights: number }> {
    assertUserId(userId);
    return this.sql(COUNTS_SQL).get({ user: userId, now: this.now() }) as {
      interventions: number;
      insights: number;
    };
  }

  /** Time left on the newest live intervention (null: none, or it never expires). */
  async sampleTtlMs(userId: string): Promise<number | null> {
    assertUserId(userId);
    const now = this.now();
    const row = this.sql(
      `SELECT expires_at FROM interventions WHERE user_id = @user AND ${LIVE}
         ORDER BY timestamp DESC, key DESC LIMIT 1`,
    ).get({ user: userId, now }) as { expires_at: number | null } | undefined;
    return row && row.expires_at !== null ? row.expires_at - now : null;
  }

  async forget(userId: string): Promise<number> {
    assertUserId(userId);
    const db = this.opened();
    const deleted = db
      .transaction(() => {
        const { interventions, insights } = this.sql(COUNTS_SQL).get({
          user: userId,
          now: this.now(),
        }) as { interventions: number; insights: number };
        for (const table of ['interventions', 'insights', 'spaces'])
          this.sql(`DELETE FROM ${table} WHERE user_id = ?`).run(userId);
        return interventions + insights;
      })
      .immediate();
    this.written();
    // Move the deletion out of the WAL into the (secure_delete) database file now, so the text is
    // gone from disk rather than waiting for the next automatic checkpoint.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return deleted;
  }

  async resetSpace(userId: string): Promise<void> {
    assertUserId(userId);
    this.sql('DELETE FROM spaces WHERE user_id = ?').run(userId);
  }

  async describe(userId?: string): Promise<StoreDiagnostics> {
    this.opened();
    const path = join(this.dir, DATABASE_FILE_NAME);
    const bytes = [path, `${path}-wal`].reduce((sum, p) => sum + fileSize(p), 0);
    let description = `embedded SQLite store at ${path} (${(bytes / (1024 * 1024)).toFixed(1)} MB on disk)`;
    if (userId !== undefined) {
      assertUserId(userId);
      const counts = await this.counts(userId);
      const space = this.sql(SPACE_SQL).get(userId) as EmbeddingSpace | undefined;
      const spaceText = space
        ? `${space.model}, ${space.dim} dimensions`
        : 'no embedding space recorded';
      description += `; ${userId}: ${counts.interventions} interventions, ${counts.insights} insights, ${spaceText}`;
    }
    return { kind: 'embedded', description };
  }

  /** A prepared statement, prepared once per open database (statements are reused, not re-parsed). */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.opened().prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private opened(): Database.Database {
    if (!this.db) throw new Error(`The embedded memory store at ${this.dir} is not open.`);
    return this.db;
  }

  private written(): void {
    this.index?.markWritten();
    this.maybeSweep();
  }

  /**
   * Deletes expired records (every process sees them go through the change log) and prunes the
   * change log, at open and then at most hourly.
   */
  private maybeSweep(): void {
    const now = this.now();
    if (now - this.lastSweepMs < SWEEP_INTERVAL_MS) return;
    this.lastSweepMs = now;
    const swept = sweepDatabase(this.opened(), now, this.changesKept);
    if (swept) this.logger.info(`swept ${swept} expired record(s)`);
    this.index?.markWritten();
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
