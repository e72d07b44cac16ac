// The memory pipeline: embed → store → recall → reflect storage, over any MemoryStore.
//
// What it adds on top of a store:
// - one embedding per check-in (embedMoment's vector is reused by record);
// - writes that never fail the caller: whatever the store cannot take goes to the durable outbox and
//   is replayed in order, exactly once (keys are chosen up front, so a replay rewrites the same key);
// - a probe with backoff that keeps trying to reach (or first open) the store and then drains;
// - recall that degrades to the outbox when the store is down and refuses on an embedding-space
//   mismatch instead of comparing vectors of different models;
// - recency blending, the cached prompt context, status, doctor and reindex.
//
// Space mismatch policy: when the stored vectors come from another model or dimension, recall is
// refused with a message naming `keel reindex`, and new records are kept in the outbox (status says
// so) — never written next to vectors they cannot be compared with. Reindex re-embeds what is stored,
// resets the space, rewrites it, and then replays the waiting records.
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import {
  InsightInputSchema,
  InterventionInputSchema,
  InvalidInputError,
  OutcomeSchema,
  SUCCESS_OUTCOMES,
  assertUserId,
  parseOrThrow,
  type EmbeddingSpace,
  type Insight,
  type InsightInput,
  type InterventionInput,
  type InterventionSummary,
  type StoredIntervention,
  type ValidInterventionInput,
} from '../../shared/domain';
import type { DoctorReport, MemoryStatus } from '../../shared/settings';
import type { Logger } from '../core/logger';
import { silentLogger } from '../core/logger';
import { describeError } from '../core/redact';
import type { Embedder } from './embedders/types';
import { spaceOf } from './embedders/types';
import { contentInterventionKey, newInsightKey, newInterventionKey } from './keys';
import { runMemoryDoctor } from './memory-doctor';
import { rebuildUserSpace, type RebuildProgress } from './memory-reindex';
import { Outbox, type OutboxEntry } from './outbox';
import { PROMPT_CONTEXT_LIMITS, buildPromptContext } from './prompt-context';
import { rankCandidates, searchPending } from './recall-ranking';
import { withStoreTimeout } from './store-timeout';
import { StoreUnavailableError, type MemoryStore, type SpaceCheck } from './stores/types';
import {
  momentText,
  type Memory,
  type RecallOptions,
  type RecallResult,
  type RecordResult,
} from './types';

/** Wraps an async step for tracing (Weave ops); identity when tracing is off. */
export type Traced = <A extends unknown[], R>(
  name: string,
  fn: (...args: A) => Promise<R>,
) => (...args: A) => Promise<R>;

export interface MemoryServiceOptions {
  store: MemoryStore;
  /** Why this store was chosen (shown in status and doctor); a function when it can change (Redis detection after a late connect). */
  storeReason: string | (() => string);
  embedder: Embedder;
  outbox: Outbox;
  retentionDays: number;
  logger?: Logger;
  clock?: () => number;
  traced?: Traced;
  /** Reconnect probe backoff (ms): first delay, doubling up to the cap. */
  probe?: { initialMs?: number; maxMs?: number };
  /** A store call taking longer than this counts as a failure (the write goes to the outbox). */
  storeTimeoutMs?: number;
  /** Secret values to blank out of problems and logs (API key, Redis password). */
  secrets?: ReadonlyArray<string | null | undefined>;
}

export type ReindexProgress = RebuildProgress;

/** Embedding calls carry at most this many texts (the Gemini API's batch limit). */
export const EMBED_BATCH = 100;
const CONTEXT_TTL_MS = 5 * 60_000;
const MAX_RECALL_CANDIDATES = 400;

const RecallOptionsSchema = z.object({
  k: z.number().int().min(1).max(100).default(5),
  outcomes: z
    .union([z.literal('any'), z.array(OutcomeSchema).min(1)])
    .default([...SUCCESS_OUTCOMES]),
  minSimilarity: z.number().min(-1).max(1).default(0),
  recency: z
    .object({ weight: z.number().min(0).max(1), halfLifeDays: z.number().positive() })
    .optional(),
});

interface PendingWrite {
  record: InterventionSummary;
  values: Float32Array | null;
}

export class MemoryService implements Memory {
  readonly space: EmbeddingSpace;
  readonly embedMoment: Memory['embedMoment'];
  readonly record: Memory['record'];
  readonly findSimilar: Memory['findSimilar'];
  readonly addInsight: Memory['addInsight'];

  private readonly store: MemoryStore;
  private readonly embedder: Embedder;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly ttlMs: number;
  private readonly storeTimeoutMs: number;
  private readonly probeInitialMs: number;
  private readonly probeMaxMs: number;
  private readonly secrets: ReadonlyArray<string | null | undefined>;

  private opened = false;
  private closed = false;
  private storeUp = true;
  private downSince: number | null = null;
  private storeProblem: string | null = null;
  private embedProblem: string | null = null;
  private readonly userChecks = new Map<string, SpaceCheck>();
  private readonly mismatches = new Map<string, string>();
  private draining: Promise<void> | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private probing = false;
  private probeDelay: number;
  private readonly contextCache: LRUCache<string, string>;
  /** Bumped by every write for a user, so a context computed before the write is not cached after it. */
  private readonly contextGeneration = new Map<string, number>();

  constructor(private readonly options: MemoryServiceOptions) {
    this.store = options.store;
    this.embedder = options.embedder;
    this.space = spaceOf(options.embedder);
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? Date.now;
    this.ttlMs = options.retentionDays * 24 * 60 * 60 * 1000;
    this.storeTimeoutMs = options.storeTimeoutMs ?? 10_000;
    this.probeInitialMs = options.probe?.initialMs ?? 1_000;
    this.probeMaxMs = options.probe?.maxMs ?? 30_000;
    this.probeDelay = this.probeInitialMs;
    this.secrets = options.secrets ?? [];
    const clock = this.clock;
    this.contextCache = new LRUCache<string, string>({
      max: 100,
      ttl: CONTEXT_TTL_MS,
      perf: { now: () => clock() },
    });

    const traced: Traced = options.traced ?? ((_name, fn) => fn);
    this.embedMoment = traced('memory.embed', (task: string, context: string) =>
      this.embedMomentImpl(task, context),
    );
    this.record = traced(
      'memory.record',
      (userId: string, input: InterventionInput, vector?: Float32Array | null) =>
        this.recordImpl(userId, input, vector ?? null),
    );
    this.findSimilar = traced(
      'memory.recall',
      (userId: string, query: string | Float32Array, opts?: RecallOptions) =>
        this.findSimilarImpl(userId, query, opts ?? {}),
    );
    this.addInsight = traced('memory.reflect', (userId: string, input: InsightInput) =>
      this.addInsightImpl(userId, input),
    );
  }

  /** Opens an outbox under `${dataDir}/outbox` and builds the service. */
  static async create(
    options: Omit<MemoryServiceOptions, 'outbox'> & { dataDir: string },
  ): Promise<MemoryService> {
    const outbox = await Outbox.open(`${options.dataDir}/outbox`, {
      logger: options.logger,
      clock: options.clock,
    });
    return new MemoryService({ ...options, outbox });
  }

  get outbox(): Outbox {
    return this.options.outbox;
  }

  /**
   * Opens the store and prepares the given users; replays what earlier runs left in the outbox.
   * Never throws: an unreachable store leaves the service degraded with the probe running.
   */
  async start(userIds: readonly string[] = []): Promise<void> {
    try {
      await this.ensureOpen();
      for (const userId of userIds) await this.ensureUser(assertUserId(userId));
      this.markSuccess();
    } catch (error) {
      if (error instanceof InvalidInputError) throw error;
      this.markFailure(error);
    }
    if (this.outbox.size) await this.drain();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    await this.draining;
  }

  // ---------------------------------------------------------------- embedding

  private async embedMomentImpl(task: string, context: string): Promise<Float32Array | null> {
    return this.embedOne(momentText(task, context));
  }

  private async embedOne(text: string): Promise<Float32Array | null> {
    const vectors = await this.embedMany([text]);
    return vectors?.[0] ?? null;
  }

  /** Embeds up to EMBED_BATCH texts in one call; null (logged, redacted) on failure. */
  private async embedMany(texts: readonly string[]): Promise<Float32Array[] | null> {
    try {
      const vectors = await this.embedder.embed(texts);
      if (vectors.length !== texts.length || vectors.some((v) => v.length !== this.space.dim)) {
        throw new Error(
          `embedder returned ${vectors.length} vectors for ${texts.length} texts or a wrong dimension`,
        );
      }
      this.embedProblem = null;
      return vectors;
    } catch (error) {
      this.embedProblem = this.describe(error);
      this.logger.warn(`embedding failed: ${this.embedProblem}`);
      return null;
    }
  }

  // ---------------------------------------------------------------- writes

  private async recordImpl(
    userId: string,
    input: InterventionInput,
    vector: Float32Array | null,
  ): Promise<RecordResult> {
    const user = assertUserId(userId);
    const valid = parseOrThrow(InterventionInputSchema, input, 'intervention');
    const [result] = await this.writeInterventions(user, [valid], vector ? [vector] : null);
    return result!;
  }

  /**
   * Records many interventions (import): embeddings in batches of EMBED_BATCH, one store write per
   * batch. Inputs are validated; what the store cannot take is queued like single records.
   */
  async recordMany(
    userId: string,
    inputs: readonly InterventionInput[],
    onProgress?: (progress: ReindexProgress) => void,
  ): Promise<RecordResult[]> {
    const user = assertUserId(userId);
    const valid = inputs.map((input, i) =>
      parseOrThrow(InterventionInputSchema, input, `intervention #${i + 1}`),
    );
    const results: RecordResult[] = [];
    for (let i = 0; i < valid.length; i += EMBED_BATCH) {
      results.push(...(await this.writeInterventions(user, valid.slice(i, i + EMBED_BATCH), null)));
      onProgress?.({ done: results.length, total: valid.length });
    }
    return results;
  }

  private async writeInterventions(
    user: string,
    inputs: readonly ValidInterventionInput[],
    vectors: readonly Float32Array[] | null,
  ): Promise<RecordResult[]> {
    const now = this.clock();
    const writes: PendingWrite[] = inputs.map((input, i) => {
      const timestamp = input.timestamp ?? now;
      const given = vectors?.[i];
      return {
        record: {
          // A given timestamp (import) gives a content-derived key: re-importing is idempotent.
          key:
            input.timestamp === undefined
              ? newInterventionKey(user, timestamp)
              : contentInterventionKey(user, timestamp, input),
          intervention: input.intervention,
          context: input.context,
          task: input.task,
          outcome: input.outcome,
          ...(input.strategy ? { strategy: input.strategy } : {}),
          timestamp,
        },
        // A caller's vector of another dimension is not trusted: the record is embedded afresh.
        values: given && given.length === this.space.dim ? given : null,
      };
    });
    const missing = writes.filter((w) => !w.values);
    if (missing.length) {
      const embedded = await this.embedMany(
        missing.map((w) => momentText(w.record.task, w.record.context)),
      );
      if (embedded) missing.forEach((w, i) => (w.values = embedded[i]!));
    }
    this.invalidateContext(user);

    let problem: string | null =
      missing.length && !missing[0]!.values ? `embedding failed: ${this.embedProblem}` : null;
    if (!problem) problem = await this.writeDirect(user, writes);
    if (!problem) return writes.map((w) => ({ key: w.record.key, status: 'stored' as const }));

    const results: RecordResult[] = [];
    for (const w of writes) results.push(await this.enqueueIntervention(user, w, problem));
    this.scheduleProbe();
    return results;
  }

  /** Writes straight to the store; returns null on success or why it could not. */
  private async writeDirect(user: string, writes: readonly PendingWrite[]): Promise<string | null> {
    // Records queued earlier go first, so replay order is preserved.
    if (this.outbox.pending(user).length) {
      await this.drain();
      if (this.outbox.pending(user).length) return this.queueReason(user);
    }
    try {
      await this.ensureOpen();
      const check = await this.ensureUser(user);
      if (!check.ok) return this.mismatches.get(user) ?? check.message;
      const records = writes.map((w) => this.toStored(w.record, w.values!));
      await this.guard('write', this.store.putInterventions(user, records, this.ttlMs));
      this.markSuccess();
      return null;
    } catch (error) {
      this.markFailure(error);
      return this.storeProblem ?? this.describe(error);
    }
  }

  private async enqueueIntervention(
    user: string,
    write: PendingWrite,
    problem: string,
  ): Promise<RecordResult> {
    try {
      await this.outbox.append({
        kind: 'intervention',
        userId: user,
        record: write.record,
        embedding: write.values ? { ...this.space, values: write.values } : null,
      });
      return { key: write.record.key, status: 'queued', problem };
    } catch (error) {
      // The disk refused too: say plainly that this record is lost rather than pretend it is queued.
      const why = `${problem}; the outbox could not save it either (${this.describe(error)}), so it was lost`;
      this.logger.error(why);
      return { key: write.record.key, status: 'queued', problem: why };
    }
  }

  private async addInsightImpl(userId: string, input: InsightInput): Promise<Insight> {
    const user = assertUserId(userId);
    const valid = parseOrThrow(InsightInputSchema, input, 'insight');
    const timestamp = valid.timestamp ?? this.clock();
    const insight: Insight = {
      key: newInsightKey(user, timestamp),
      text: valid.text,
      timestamp,
      sessionId: valid.sessionId,
    };
    this.invalidateContext(user);
    try {
      await this.ensureOpen();
      await this.guard('write insight', this.store.putInsight(user, insight));
      this.markSuccess();
    } catch (error) {
      this.markFailure(error);
      try {
        await this.outbox.append({ kind: 'insight', userId: user, insight });
      } catch (diskError) {
        this.logger.error(
          `insight lost: the store and the outbox both failed (${this.describe(diskError)})`,
        );
      }
    }
    return insight;
  }

  // ---------------------------------------------------------------- reads

  private async findSimilarImpl(
    userId: string,
    query: string | Float32Array,
    rawOptions: RecallOptions,
  ): Promise<RecallResult> {
    const user = assertUserId(userId);
    const options = parseOrThrow(RecallOptionsSchema, rawOptions, 'recall options');
    const mismatch = this.mismatches.get(user);
    if (mismatch) return { matches: [], degraded: mismatch };

    const vector = typeof query === 'string' ? await this.embedOne(query) : query;
    if (!vector)
      return { matches: [], degraded: `recall skipped: embedding failed (${this.embedProblem})` };
    if (vector.length !== this.space.dim) {
      return {
        matches: [],
        degraded: `recall refused: the query vector has ${vector.length} dimensions, the memory uses ${this.space.dim}`,
      };
    }
    const candidates = options.recency ? Math.min(options.k * 4, MAX_RECALL_CANDIDATES) : options.k;
    const storeQuery = {
      vector,
      space: this.space,
      k: candidates,
      outcomes: options.outcomes,
      minSimilarity: options.minSimilarity,
    };
    const pending = searchPending(this.outbox.pending(user), storeQuery);
    const rank = { k: options.k, now: this.clock(), recency: options.recency };
    try {
      await this.ensureOpen();
      const check = await this.ensureUser(user);
      if (!check.ok) return { matches: [], degraded: this.mismatches.get(user) ?? check.message };
      const stored = await this.guard('recall', this.store.findSimilar(user, storeQuery));
      this.markSuccess();
      return { matches: rankCandidates([stored, pending], rank), degraded: null };
    } catch (error) {
      this.markFailure(error);
      const waiting = this.outbox.pending(user).length;
      return {
        matches: rankCandidates([pending], rank),
        degraded: `memory store unavailable (${this.storeProblem}); recall covers only the ${waiting} record(s) waiting in the outbox`,
      };
    }
  }

  /** Insights newest first: the store's plus any still queued; only the queued ones if the store is down. */
  async listInsights(userId: string, limit = 10): Promise<Insight[]> {
    const user = assertUserId(userId);
    const queued = this.outbox
      .pending(user)
      .flatMap((e) => (e.kind === 'insight' ? [e.insight] : []));
    let stored: Insight[] = [];
    try {
      await this.ensureOpen();
      stored = await this.guard('list insights', this.store.listInsights(user, { limit }));
      this.markSuccess();
    } catch (error) {
      this.markFailure(error);
    }
    return mergeNewestFirst(stored, queued, limit);
  }

  /** Interventions newest first (without vectors), merged with queued ones like listInsights. */
  async listRecent(
    userId: string,
    options: { limit?: number; sinceMs?: number } = {},
  ): Promise<InterventionSummary[]> {
    const user = assertUserId(userId);
    const limit = options.limit ?? 50;
    const since = options.sinceMs ?? 0;
    const queued = this.outbox
      .pending(user)
      .flatMap((e) => (e.kind === 'intervention' && e.record.timestamp >= since ? [e.record] : []));
    let stored: InterventionSummary[] = [];
    try {
      await this.ensureOpen();
      const rows = await this.guard(
        'list',
        this.store.listInterventions(user, { limit, sinceMs: options.sinceMs }),
      );
      stored = rows.map(toSummary);
      this.markSuccess();
    } catch (error) {
      this.markFailure(error);
    }
    return mergeNewestFirst(stored, queued, limit);
  }

  /** Recent insights and what has worked, as prompt text; cached 5 minutes, invalidated by writes. */
  async getContextForPrompt(userId: string): Promise<string> {
    const user = assertUserId(userId);
    const cached = this.contextCache.get(user);
    if (cached !== undefined) return cached;
    const generation = this.contextGeneration.get(user) ?? 0;
    const [insights, recent] = await Promise.all([
      this.listInsights(user, PROMPT_CONTEXT_LIMITS.insights),
      this.listRecent(user, { limit: PROMPT_CONTEXT_LIMITS.history }),
    ]);
    const text = buildPromptContext(insights, recent);
    // Degraded answers are not cached: the next call should see the store again once it is back.
    if (this.storeUp && generation === (this.contextGeneration.get(user) ?? 0))
      this.contextCache.set(user, text);
    return text;
  }

  private invalidateContext(user: string): void {
    this.contextCache.delete(user);
    this.contextGeneration.set(user, (this.contextGeneration.get(user) ?? 0) + 1);
  }

  // ---------------------------------------------------------------- status, doctor, forget, reindex

  status(): MemoryStatus {
    const pending = this.outbox.size;
    const mismatch = this.mismatchSummary();
    let problem: string | null = null;
    if (!this.storeUp) {
      const since = this.downSince
        ? ` since ${new Date(this.downSince).toTimeString().slice(0, 5)}`
        : '';
      problem = `${this.store.kind} store unreachable${since} (${this.storeProblem}) — ${pending} record(s) waiting in the outbox`;
    } else if (mismatch) {
      problem = mismatch;
    } else if (this.embedProblem) {
      problem = `embedding failing (${this.embedProblem})${pending ? ` — ${pending} record(s) waiting in the outbox` : ''}`;
    } else if (pending) {
      problem = `${pending} record(s) waiting in the outbox`;
    }
    return {
      store: this.store.kind,
      reason: this.storeReason(),
      healthy: this.storeUp && !mismatch && !this.embedProblem,
      problem,
      outboxPending: pending,
      embedder: { kind: this.embedder.kind, model: this.embedder.model, dim: this.embedder.dim },
      mismatch,
    };
  }

  /** The user's embedding-space mismatch message (recall refused until reindex), or null. */
  spaceMismatch(userId: string): string | null {
    return this.mismatches.get(assertUserId(userId)) ?? null;
  }

  async doctor(userId: string): Promise<DoctorReport> {
    const user = assertUserId(userId);
    return runMemoryDoctor({
      userId: user,
      store: this.store,
      embedder: this.embedder,
      retentionDays: this.options.retentionDays,
      outboxPending: this.outbox.pending(user).length,
      open: () => this.ensureOpen(),
      checkSpace: async () => {
        this.userChecks.delete(user);
        return this.ensureUser(user);
      },
      describe: (error) => this.describe(error),
    });
  }

  /** Deletes the user's stored memory and queued records. Throws if the store cannot be reached. */
  async forget(userId: string): Promise<number> {
    const user = assertUserId(userId);
    await this.ensureOpen();
    const deleted = await this.store.forget(user);
    const queued = this.outbox.pending(user);
    await this.outbox.remove(queued.map((e) => e.id));
    this.userChecks.delete(user);
    this.mismatches.delete(user);
    this.invalidateContext(user);
    return deleted + queued.length;
  }

  /**
   * Rebuilds the user's memory for the current embedder: re-embeds every stored record from another
   * space (batches of EMBED_BATCH), resets the space, rewrites the records, clears the mismatch and
   * replays what was waiting. Safe to run again after an interruption (keys are rewritten in place).
   */
  async reindex(
    userId: string,
    onProgress?: (progress: ReindexProgress) => void,
  ): Promise<{ total: number; reembedded: number }> {
    const user = assertUserId(userId);
    await this.ensureOpen();
    const result = await rebuildUserSpace({
      userId: user,
      store: this.store,
      embedder: this.embedder,
      space: this.space,
      ttlMs: this.ttlMs,
      batchSize: EMBED_BATCH,
      onProgress,
    });
    this.userChecks.set(user, result.check);
    this.mismatches.delete(user);
    this.invalidateContext(user);
    await this.drain();
    return { total: result.total, reembedded: result.reembedded };
  }

  // ---------------------------------------------------------------- outbox replay

  /** Replays the outbox in order; single-flight (concurrent callers share one run). */
  drain(): Promise<void> {
    if (!this.draining) {
      this.draining = this.drainOnce().finally(() => {
        this.draining = null;
      });
    }
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    try {
      await this.outbox.refresh();
    } catch (error) {
      this.logger.warn(`outbox refresh failed: ${this.describe(error)}`);
    }
    const blocked = new Set<string>();
    for (;;) {
      const batch = nextBatch(this.outbox.pending().filter((e) => !blocked.has(e.userId)));
      if (!batch.length) return;
      const user = batch[0]!.userId;
      const outcome = await this.replay(user, batch);
      if (outcome === 'failed') return;
      if (outcome === 'blocked') blocked.add(user);
    }
  }

  private async replay(
    user: string,
    batch: readonly OutboxEntry[],
  ): Promise<'done' | 'blocked' | 'failed'> {
    try {
      await this.ensureOpen();
      if (batch[0]!.kind === 'insight') {
        for (const entry of batch) {
          if (entry.kind !== 'insight') continue;
          await this.guard('replay insight', this.store.putInsight(user, entry.insight));
          await this.outbox.remove([entry.id]);
        }
      } else {
        const check = await this.ensureUser(user);
        if (!check.ok) return 'blocked';
        const entries = batch.filter(
          (e): e is Extract<OutboxEntry, { kind: 'intervention' }> => e.kind === 'intervention',
        );
        // Records queued without a vector, or with one from another model, are embedded now.
        const needVector = entries.filter(
          (e) =>
            !e.embedding ||
            e.embedding.model !== this.space.model ||
            e.embedding.dim !== this.space.dim,
        );
        const vectors = needVector.length
          ? await this.embedMany(needVector.map((e) => momentText(e.record.task, e.record.context)))
          : [];
        if (!vectors) return 'failed';
        const fresh = new Map(needVector.map((e, i) => [e.id, vectors[i]!]));
        const records = entries.map((e) =>
          this.toStored(e.record, fresh.get(e.id) ?? e.embedding!.values),
        );
        await this.guard('replay', this.store.putInterventions(user, records, this.ttlMs));
        // Removed only after the store acknowledged: a crash in between re-writes the same keys.
        await this.outbox.remove(entries.map((e) => e.id));
      }
      this.invalidateContext(user);
      this.markSuccess();
      return 'done';
    } catch (error) {
      this.markFailure(error);
      return 'failed';
    }
  }

  // ---------------------------------------------------------------- store health

  private async ensureOpen(): Promise<void> {
    if (this.opened) return;
    await this.guard('open', this.store.open());
    this.opened = true;
  }

  private async ensureUser(user: string): Promise<SpaceCheck> {
    const cached = this.userChecks.get(user);
    if (cached) return cached;
    const check = await this.guard('prepare', this.store.prepareUser(user, this.space));
    this.userChecks.set(user, check);
    if (check.ok) this.mismatches.delete(user);
    else
      this.mismatches.set(
        user,
        `${check.message} — recall is paused and new records wait in the outbox; run: keel reindex --user ${user}`,
      );
    return check;
  }

  private markFailure(error: unknown): void {
    if (this.storeUp) this.logger.warn(`memory store failed: ${this.describe(error)}`);
    this.storeUp = false;
    this.downSince ??= this.clock();
    this.storeProblem = this.describe(error);
    this.scheduleProbe();
  }

  private markSuccess(): void {
    if (!this.storeUp) {
      this.logger.info('memory store reachable again');
      // The server may have restarted empty: prepare users (indexes, meta) again on next use.
      this.userChecks.clear();
    }
    this.storeUp = true;
    this.downSince = null;
    this.storeProblem = null;
    this.probeDelay = this.probeInitialMs;
    if (!this.draining && this.hasReplayable()) void this.drain();
  }

  /** Whether anything in the outbox could be replayed now (users with a mismatch wait for reindex). */
  private hasReplayable(): boolean {
    return this.outbox.pending().some((e) => !this.mismatches.has(e.userId));
  }

  private scheduleProbe(): void {
    if (this.closed || this.probeTimer || this.probing) return;
    if (this.storeUp && !this.hasReplayable()) return;
    this.probeTimer = setTimeout(() => void this.probe(), this.probeDelay);
    this.probeTimer.unref?.();
  }

  private async probe(): Promise<void> {
    this.probeTimer = null;
    this.probing = true;
    try {
      await this.ensureOpen();
      const alive = await this.guard('ping', this.store.ping());
      if (!alive) throw new StoreUnavailableError('PING got no answer');
      this.markSuccess();
      await this.drain();
    } catch (error) {
      this.markFailure(error);
    } finally {
      this.probing = false;
    }
    if (!this.storeUp || this.hasReplayable()) {
      this.probeDelay = Math.min(this.probeDelay * 2, this.probeMaxMs);
      this.scheduleProbe();
    }
  }

  private guard<T>(what: string, promise: Promise<T>): Promise<T> {
    return withStoreTimeout(what, promise, this.storeTimeoutMs);
  }

  // ---------------------------------------------------------------- helpers

  private storeReason(): string {
    const reason = this.options.storeReason;
    return typeof reason === 'function' ? reason() : reason;
  }

  private queueReason(user: string): string {
    return (
      this.mismatches.get(user) ??
      this.storeProblem ??
      this.embedProblem ??
      'earlier records are still waiting in the outbox'
    );
  }

  private mismatchSummary(): string | null {
    const [first] = this.mismatches.entries();
    if (!first) return null;
    return this.mismatches.size === 1
      ? `user ${first[0]}: ${first[1]}`
      : `${this.mismatches.size} users: ${first[1]}`;
  }

  private toStored(record: InterventionSummary, values: Float32Array): StoredIntervention {
    return {
      ...record,
      embeddingModel: this.space.model,
      embeddingDim: this.space.dim,
      embedding: values,
    };
  }

  private describe(error: unknown): string {
    return describeError(error, this.secrets);
  }
}

/** The next run of consecutive entries for one user and one kind, at most EMBED_BATCH long. */
function nextBatch(entries: readonly OutboxEntry[]): OutboxEntry[] {
  const first = entries[0];
  if (!first) return [];
  const batch: OutboxEntry[] = [];
  for (const entry of entries) {
    if (entry.userId !== first.userId) continue;
    if (entry.kind !== first.kind || batch.length >= EMBED_BATCH) break;
    batch.push(entry);
  }
  return batch;
}

function toSummary(record: StoredIntervention | InterventionSummary): InterventionSummary {
  return {
    key: record.key,
    intervention: record.intervention,
    context: record.context,
    task: record.task,
    outcome: record.outcome,
    ...(record.strategy ? { strategy: record.strategy } : {}),
    timestamp: record.timestamp,
  };
}

function mergeNewestFirst<T extends { key: string; timestamp: number }>(
  a: readonly T[],
  b: readonly T[],
  limit: number,
): T[] {
  const byKey = new Map<string, T>();
  for (const item of [...a, ...b]) if (!byKey.has(item.key)) byKey.set(item.key, item);
  return [...byKey.values()].sort((x, y) => y.timestamp - x.timestamp).slice(0, limit);
}
