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
// carries on as an ordinary writer (so an app started while a CLI command held the store does not
// stay read-only for good). Within the writing process, writes are serialised and each is
// appended + fsynced before it becomes visible to reads.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  EmbeddingSpaceSchema,
  InsightSchema,
  InterventionDocSchema,
  InvalidInputError,
  assertUserId,
  describeZodError,
  parseOrThrow,
  type EmbeddingSpace,
  type Insight,
  type SimilarIntervention,
  type StoredIntervention,
} from '../../../../shared/domain';
import { createLogger, type Logger } from '../../../core/logger';
import { insightPrefix, interventionPrefix } from '../../keys';
import {
  StoreUnavailableError,
  type FindSimilarQuery,
  type ListOptions,
  type MemoryStore,
  type SpaceCheck,
  type StoreDiagnostics,
} from '../types';
import { applyEntry } from './apply-entry';
import { LockFile, StoreLockedError, readLockHolder, type LockHolder } from './lock-file';
import { LogFile, type ReplayReport } from './log-file';
import { ReadOnlyView } from './read-only-view';
import {
  decodeEntry,
  encodeClearMeta,
  encodeForgetUser,
  encodeInsight,
  encodeIntervention,
  encodeSetMeta,
  type LogEntry,
} from './record-codec';
import { spaceMismatchMessage } from './space-mismatch';
import { outcomeMask, type RecordFields } from './space-vectors';
import { UserIndex } from './user-index';

export const LOG_FILE_NAME = 'memory.log';
export const LOCK_FILE_NAME = 'memory.lock';

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

interface OpenState {
  lock: LockFile;
  log: LogFile;
  users: Map<string, UserIndex>;
  /** Frames in the log file, live or dead: the compaction trigger compares this with live records. */
  framesInLog: number;
  /** Users with any frame in the file (even expired or forgotten ones): forget compacts them away. */
  usersInLog: Set<string>;
  lastSweepMs: number;
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
const KeySuffixSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'key suffix must be 1-100 safe characters');
const InterventionFieldsSchema = InterventionDocSchema.omit({ embedding: true });
const TtlSchema = z.number().positive('TTL must be positive (Infinity = never expires)');
const KSchema = z.number().int().nonnegative().max(10_000);
const ListOptionsSchema = z
  .object({ limit: z.number().int().nonnegative().optional(), sinceMs: z.number().optional() })
  .optional();

export class EmbeddedStore implements MemoryStore {
  readonly kind = 'embedded' as const;
  private readonly opensReadOnly: boolean;
  private state: OpenState | null = null;
  private view: ReadOnlyView | null = null;
  /** Who held the lock when the store was opened read-only (named in the refusal to write). */
  private holder: LockHolder | null = null;
  private writes: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly compactMinDeadFrames: number;

  /** `dir` is the store's own directory (the service passes `${dataDir}/memory`). */
  constructor(
    readonly dir: string,
    options: EmbeddedStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? createLogger('embedded-store');
    this.compactMinDeadFrames = options.compactMinDeadFrames ?? 1000;
    this.opensReadOnly = options.readOnly ?? false;
  }

  /** Whether the store is open read-only (another process held the lock when it was last tried). */
  get readOnly(): boolean {
    return this.view !== null;
  }

  /** Why writes are refused (null unless the store is open read-only). */
  get readOnlyMessage(): string | null {
    if (!this.view) return null;
    const who = this.holder ? `process ${this.holder.pid}` : 'another process';
    return `The Keel app is using this memory (${who}); it is open read-only here. Quit Keel to change it, or use the app.`;
  }

  async open(): Promise<void> {
    if (this.state || this.view) return;
    if (this.opensReadOnly) return this.openReadOnly();
    await this.serialised(() => this.openWriter());
  }

  /** Takes the lock, replays the log (cutting a torn tail) and compacts if due. In the write queue. */
  private async openWriter(): Promise<void> {
    if (this.state) return; // a concurrent open() got here first
    await mkdir(this.dir, { recursive: true });
    const lock = await LockFile.acquire(join(this.dir, LOCK_FILE_NAME));
    try {
      const users = new Map<string, UserIndex>();
      const usersInLog = new Set<string>();
      const now = this.now();
      let rejected = 0;
      const { log, report } = await LogFile.open(join(this.dir, LOG_FILE_NAME), (frame, offset) => {
        const decoded = decodeEntry(frame);
        if (!decoded.ok) {
          rejected++;
          this.logger.warn(`skipped a stored record at byte ${offset}: ${decoded.reason}`);
          return;
        }
        usersInLog.add(decoded.entry.userId);
        applyEntry(users, decoded.entry, now);
      });
      this.reportReplay(log.path, report, rejected);
      this.state = { lock, log, users, framesInLog: report.frames, usersInLog, lastSweepMs: now };
    } catch (error) {
      await lock.release();
      throw error;
    }
    await this.maybeCompact();
  }

  /** Read-only: no directory created, no lock, no file opened for writing. */
  private async openReadOnly(): Promise<void> {
    const view = new ReadOnlyView(join(this.dir, LOG_FILE_NAME), this.now, this.logger);
    // The first read fails on a file that is not a Keel log, as the writer's open does.
    await view.current();
    this.holder = await readLockHolder(join(this.dir, LOCK_FILE_NAME));
    this.view = view;
  }

  async close(): Promise<void> {
    // First let queued writes finish: one may be taking the lock over from a read-only start.
    await this.writes.catch(() => undefined);
    this.view = null;
    const state = this.state;
    if (!state) return;
    this.state = null;
    await state.log.close();
    await state.lock.release();
  }

  async ping(): Promise<boolean> {
    return this.state !== null || this.view !== null;
  }

  async prepareUser(userId: string, space: EmbeddingSpace): Promise<SpaceCheck> {
    assertUserId(userId);
    const wanted = parseOrThrow(EmbeddingSpaceSchema, space, 'embedding space');
    if (this.view) {
      // Only the check. Recording a first space is a write, and a store that takes no writes needs
      // no record of the space they would be in; the process that writes records it.
      const stored = (await this.view.current()).get(userId)?.space ?? null;
      if (stored && (stored.model !== wanted.model || stored.dim !== wanted.dim))
        return { ok: false, stored, message: spaceMismatchMessage(userId, stored, wanted) };
      return { ok: true, stored };
    }
    return this.serialised(async () => {
      const state = this.opened();
      const stored = state.users.get(userId)?.space ?? null;
      if (stored && stored.model === wanted.model && stored.dim === wanted.dim)
        return { ok: true, stored };
      if (stored)
        return { ok: false, stored, message: spaceMismatchMessage(userId, stored, wanted) };
      await this.appendAndApply(
        [encodeSetMeta(userId, wanted)],
        [{ type: 'setMeta', userId, space: wanted }],
      );
      return { ok: true, stored: null };
    });
  }

  async putInterventions(
    userId: string,
    records: readonly StoredIntervention[],
    ttlMs: number,
  ): Promise<void> {
    assertUserId(userId);
    const ttl = parseOrThrow(TtlSchema, ttlMs, 'TTL');
    const checked = records.map((record) => checkIntervention(userId, record));
    if (!checked.length) return;
    await this.serialised(async () => {
      await this.writable();
      const expiresAt = this.now() + ttl;
      const frames = checked.map((record) => encodeIntervention(record, expiresAt));
      const entries = checked.map((record) => interventionEntry(userId, record, expiresAt));
      await this.appendAndApply(frames, entries);
      await this.maybeCompact();
    });
  }

  async putInsight(userId: string, insight: Insight): Promise<void> {
    assertUserId(userId);
    const valid = parseOrThrow(InsightSchema, insight, 'insight');
    checkKey(valid.key, insightPrefix(userId));
    await this.serialised(async () => {
      await this.writable();
      await this.appendAndApply(
        [encodeInsight(valid)],
        [{ type: 'insight', userId, insight: valid }],
      );
      await this.maybeCompact();
    });
  }

  async findSimilar(userId: string, query: FindSimilarQuery): Promise<SimilarIntervention[]> {
    assertUserId(userId);
    const k = parseOrThrow(KSchema, query.k, 'k');
    const space = parseOrThrow(EmbeddingSpaceSchema, query.space, 'embedding space');
    if (!(query.vector instanceof Float32Array) || query.vector.length !== space.dim) {
      throw new InvalidInputError(`query vector must be a Float32Array of ${space.dim} numbers`);
    }
    if (!Number.isFinite(query.minSimilarity))
      throw new InvalidInputError('minSimilarity must be a number');
    const vectors = (await this.readUsers()).get(userId)?.spaceVectors(space);
    if (!vectors || k === 0) return [];
    const hits = vectors.search(
      query.vector,
      k,
      query.minSimilarity,
      outcomeMask(query.outcomes),
      this.now(),
    );
    return hits.map(({ similarity, fields }) => ({
      ...summary(fields),
      similarity,
      score: similarity,
    }));
  }

  async listInterventions(userId: string, options?: ListOptions): Promise<StoredIntervention[]> {
    assertUserId(userId);
    const { limit, sinceMs } = parseOrThrow(ListOptionsSchema, options, 'list options') ?? {};
    const user = (await this.readUsers()).get(userId);
    if (!user) return [];
    const now = this.now();
    const rows: Array<{ fields: RecordFields; read: () => StoredIntervention }> = [];
    for (const space of user.allSpaces()) {
      for (const { fields, slot } of space.liveFields(now)) {
        if (sinceMs !== undefined && fields.timestamp < sinceMs) continue;
        rows.push({
          fields,
          read: () => ({
            ...fields,
            embeddingModel: space.model,
            embeddingDim: space.dim,
            embedding: space.vectorAt(slot),
          }),
        });
      }
    }
    rows.sort((a, b) => newestFirst(a.fields, b.fields));
    return rows.slice(0, limit ?? rows.length).map((row) => row.read());
  }

  async listInsights(userId: string, options?: ListOptions): Promise<Insight[]> {
    assertUserId(userId);
    const { limit, sinceMs } = parseOrThrow(ListOptionsSchema, options, 'list options') ?? {};
    const user = (await this.readUsers()).get(userId);
    if (!user) return [];
    const insights = [...user.insights.values()].filter(
      (i) => sinceMs === undefined || i.timestamp >= sinceMs,
    );
    insights.sort(newestFirst);
    return insights.slice(0, limit ?? insights.length);
  }

  async counts(userId: string): Promise<{ interventions: number; insights: number }> {
    assertUserId(userId);
    const user = (await this.readUsers()).get(userId);
    return {
      interventions: user?.countLiveInterventions(this.now()) ?? 0,
      insights: user?.insights.size ?? 0,
    };
  }

  async sampleTtlMs(userId: string): Promise<number | null> {
    assertUserId(userId);
    const user = (await this.readUsers()).get(userId);
    if (!user) return null;
    const now = this.now();
    let newest: { fields: RecordFields; expiresAt: number } | null = null;
    for (const space of user.allSpaces()) {
      for (const row of space.liveFields(now)) {
        if (!newest || newestFirst(row.fields, newest.fields) < 0) newest = row;
      }
    }
    return newest && Number.isFinite(newest.expiresAt) ? newest.expiresAt - now : null;
  }

  async forget(userId: string): Promise<number> {
    assertUserId(userId);
    return this.serialised(async () => {
      const state = await this.writable();
      const user = state.users.get(userId);
      const deleted = user ? user.countLiveInterventions(this.now()) + user.insights.size : 0;
      if (!user && !state.usersInLog.has(userId)) return 0;
      await this.appendAndApply([encodeForgetUser(userId)], [{ type: 'forgetUser', userId }]);
      // Forgetting is a privacy promise: rewrite the file now so the text is gone from disk too,
      // rather than waiting for dead frames to pile up.
      await this.compact();
      return deleted;
    });
  }

  async resetSpace(userId: string): Promise<void> {
    assertUserId(userId);
    await this.serialised(async () => {
      if (!(await this.writable()).users.get(userId)?.space) return;
      await this.appendAndApply([encodeClearMeta(userId)], [{ type: 'clearMeta', userId }]);
    });
  }

  async describe(userId?: string): Promise<StoreDiagnostics> {
    const users = await this.readUsers();
    const size = this.view ? this.view.size : this.opened().log.size;
    const access = this.view
      ? `read-only: ${this.holder ? `process ${this.holder.pid}` : 'another process'} holds it; `
      : '';
    let description = `embedded store at ${this.dir} (${access}${formatMegabytes(size)} on disk)`;
    if (userId !== undefined) {
      assertUserId(userId);
      const { interventions, insights } = await this.counts(userId);
      const space = users.get(userId)?.space;
      const spaceText = space
        ? `${space.model}, ${space.dim} dimensions`
        : 'no embedding space recorded';
      description += `; ${userId}: ${interventions} interventions, ${insights} insights, ${spaceText}`;
    }
    return { kind: 'embedded', description };
  }

  private opened(): OpenState {
    if (!this.state) throw new Error(`The embedded memory store at ${this.dir} is not open.`);
    return this.state;
  }

  /** What reads see: the writer's own memory, or (read-only) the followed file as it is now. */
  private async readUsers(): Promise<Map<string, UserIndex>> {
    return this.view ? this.view.current() : this.opened().users;
  }

  /**
   * The writer's state, for a write (run in the write queue). Open read-only, the store first
   * tries to take the lock: refused while the holder lives, and taken once it has gone, after which
   * the store is an ordinary writer that replayed the file afresh.
   */
  private async writable(): Promise<OpenState> {
    if (!this.view) return this.opened();
    try {
      await this.openWriter();
    } catch (error) {
      if (!(error instanceof StoreLockedError)) throw error;
      this.holder = error.holder ?? this.holder;
      throw new StoreUnavailableError(this.readOnlyMessage!);
    }
    this.view = null;
    this.logger.info(`${this.dir}: the process that held this store has gone; writing here now`);
    return this.opened();
  }

  /** Runs writes one after another, so appends, compaction and meta checks never interleave. */
  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writes.then(task, task);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Durable first, visible second: a reader never sees a record a crash could still take away. */
  private async appendAndApply(frames: Buffer[], entries: LogEntry[]): Promise<void> {
    const state = this.opened();
    await state.log.append(frames);
    state.framesInLog += frames.length;
    const now = this.now();
    for (const entry of entries) {
      state.usersInLog.add(entry.userId);
      applyEntry(state.users, entry, now);
    }
  }

  private async maybeCompact(): Promise<void> {
    const state = this.opened();
    const now = this.now();
    if (now - state.lastSweepMs >= SWEEP_INTERVAL_MS) {
      for (const user of state.users.values()) user.removeExpired(now);
      state.lastSweepMs = now;
    }
    const live = liveFrames(state.users);
    const dead = state.framesInLog - live;
    if (dead >= this.compactMinDeadFrames && dead > live) await this.compact();
  }

  /** Rewrites the log with only live records (expired ones and forgotten users are dropped). */
  private async compact(): Promise<void> {
    const state = this.opened();
    const now = this.now();
    for (const user of state.users.values()) user.removeExpired(now);
    let frames = 0;
    function* liveLog(): Generator<Buffer> {
      for (const [userId, user] of state.users) {
        if (user.space) yield encodeSetMeta(userId, user.space);
        for (const insight of user.insights.values()) yield encodeInsight(insight);
        for (const space of user.allSpaces()) {
          for (const { fields, vector, expiresAt } of space.live(now)) {
            const record = {
              ...fields,
              embeddingModel: space.model,
              embeddingDim: space.dim,
              embedding: vector,
            };
            yield encodeIntervention(record, expiresAt);
          }
        }
      }
    }
    await state.log.rewrite(
      (function* counted() {
        for (const frame of liveLog()) {
          frames++;
          yield frame;
        }
      })(),
    );
    state.framesInLog = frames;
    state.usersInLog = new Set(state.users.keys());
    state.lastSweepMs = now;
    this.logger.info(`compacted ${state.log.path}: ${frames} live records kept`);
  }

  private reportReplay(path: string, report: ReplayReport, rejected: number): void {
    for (const region of report.damagedRegions) {
      this.logger.warn(`${path}: skipped ${region.bytes} damaged bytes at ${region.offset}`);
    }
    for (const frame of report.unreadableFrames) {
      this.logger.warn(
        `${path}: skipped an unreadable record at byte ${frame.offset}: ${frame.reason}`,
      );
    }
    if (report.truncatedBytes > 0) {
      this.logger.warn(
        `${path}: removed ${report.truncatedBytes} bytes of an unfinished write at the end`,
      );
    }
    if (rejected > 0)
      this.logger.warn(`${path}: ${rejected} stored records failed validation and were skipped`);
  }
}

function interventionEntry(
  userId: string,
  record: StoredIntervention,
  expiresAt: number,
): LogEntry {
  const { embeddingModel, embeddingDim, embedding, ...rest } = record;
  const fields: RecordFields = {
    key: rest.key,
    intervention: rest.intervention,
    context: rest.context,
    task: rest.task,
    outcome: rest.outcome,
    ...(rest.strategy !== undefined ? { strategy: rest.strategy } : {}),
    timestamp: rest.timestamp,
  };
  return {
    type: 'intervention',
    userId,
    fields,
    model: embeddingModel,
    dim: embeddingDim,
    vectorBytes: toBytes(embedding),
    expiresAt,
  };
}

function toBytes(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Validates one record against the stored document schema and its user. */
function checkIntervention(userId: string, record: StoredIntervention): StoredIntervention {
  checkKey(record.key, interventionPrefix(userId));
  const parsed = InterventionFieldsSchema.safeParse({
    intervention: record.intervention,
    context: record.context,
    task: record.task,
    outcome: record.outcome,
    strategy: record.strategy,
    timestamp: record.timestamp,
    embeddingModel: record.embeddingModel,
    embeddingDim: record.embeddingDim,
  });
  if (!parsed.success) {
    throw new InvalidInputError(
      `Invalid intervention ${record.key}: ${describeZodError(parsed.error)}`,
    );
  }
  if (
    !(record.embedding instanceof Float32Array) ||
    record.embedding.length !== record.embeddingDim
  ) {
    throw new InvalidInputError(
      `Invalid intervention ${record.key}: embedding must be a Float32Array of ${record.embeddingDim} numbers`,
    );
  }
  return record;
}

function checkKey(key: string, prefix: string): void {
  if (
    typeof key !== 'string' ||
    !key.startsWith(prefix) ||
    !KeySuffixSchema.safeParse(key.slice(prefix.length)).success
  ) {
    throw new InvalidInputError(
      `Invalid key ${JSON.stringify(String(key)).slice(0, 100)}: expected ${prefix}<time>-<nonce>`,
    );
  }
}

function summary(fields: RecordFields) {
  return {
    key: fields.key,
    intervention: fields.intervention,
    context: fields.context,
    task: fields.task,
    outcome: fields.outcome,
    ...(fields.strategy !== undefined ? { strategy: fields.strategy } : {}),
    timestamp: fields.timestamp,
  };
}

/** Newest first; the key breaks ties so the order is stable across calls and stores. */
function newestFirst(
  a: { timestamp: number; key: string },
  b: { timestamp: number; key: string },
): number {
  return b.timestamp - a.timestamp || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);
}

function liveFrames(users: Map<string, UserIndex>): number {
  let live = 0;
  for (const user of users.values())
    live += user.interventionsHeld + user.insights.size + (user.space ? 1 : 0);
  return live;
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
