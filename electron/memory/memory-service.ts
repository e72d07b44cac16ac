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
// Space mismatch policy: when the stored vectors come from another model or dimension, new records
// are kept in the outbox (status says so) — never written next to vectors they cannot be compared
// with — and the stored ones are moved to the new space (space-migration.ts): by themselves in the
// background in the app (recall covers the records already re-embedded, progress in status), or by
// `keel reindex` from the command line (recall refused until then). The move re-embeds what is
// stored, resets the space, rewrites it, and then replays the waiting records.
//
// This file validates what callers pass and wires the parts together; each part lives in its own
// module: checked-embedder (embedding), store-health (up/down, probe), user-spaces (space checks),
// memory-writer (store or outbox), outbox-replay, memory-reads (recall and lists), prompt-context
// and memory-status.
import { dirname, join } from 'node:path';
import {
  InsightInputSchema,
  InterventionInputSchema,
  InvalidInputError,
  OutcomeSchema,
  assertUserId,
  parseOrThrow,
  type EmbeddingSpace,
  type Insight,
  type InsightInput,
  type InterventionInput,
  type InterventionSummary,
  type Outcome,
} from '../../shared/domain';
import {
  DEFAULT_MIN_SIMILARITY,
  type DoctorReport,
  type MemoryStatus,
} from '../../shared/settings';
import type { Logger } from '../base/logger';
import { silentLogger } from '../base/logger';
import { describeError } from '../base/redact';
import { CheckedEmbedder, EMBED_BATCH } from './checked-embedder';
import type { Embedder } from './embedders/types';
import { spaceOf } from './embedders/types';
import { assertInterventionKeyOf } from './keys';
import { runMemoryDoctor } from './memory-doctor';
import { listInsights, listInterventions, type ListingDeps } from './memory-reads';
import { recallSimilar, recallSimilarMany, type RecallDeps } from './memory-reads';
import { LostRecords, describeStatus } from './memory-status';
import { MemoryWriter } from './memory-writer';
import { Outbox } from './outbox';
import { OutboxReplay } from './outbox-replay';
import { PROMPT_CONTEXT_LIMITS, buildPromptContext } from './prompt-context';
import { PromptContextCache } from './prompt-context';
import { SpaceMigration, type MigrationProgress } from './space-migration';
import { StoreHealth } from './store-health';
import type { MemoryStore } from './stores/types';
import {
  momentText,
  type Memory,
  type RecallOptions,
  type RecallResult,
  type RecordResult,
} from './types';
import { UserSpaces } from './user-spaces';

export { EMBED_BATCH };

/** Wraps an async step for tracing (Weave ops); identity when tracing is off. */
export type Traced = <A extends unknown[], R>(
  name: string,
  fn: (...args: A) => Promise<R>,
) => (...args: A) => Promise<R>;

export interface MemoryServiceOptions {
  store: MemoryStore;
  embedder: Embedder;
  outbox: Outbox;
  retentionDays: number;
  /** Recall's similarity floor when a caller does not set one; default: per embedder kind. */
  minSimilarity?: number;
  logger?: Logger;
  clock?: () => number;
  traced?: Traced;
  /** Reconnect probe backoff (ms): first delay, doubling up to the cap. */
  probe?: { initialMs?: number; maxMs?: number };
  /** A store call taking longer than this counts as a failure (the write goes to the outbox). */
  storeTimeoutMs?: number;
  /** Secret values to blank out of problems and logs (API key, Redis password). */
  secrets?: ReadonlyArray<string | null | undefined>;
  /**
   * After a model or dimension change: 'background' re-embeds the stored records by itself (the
   * desktop app); 'manual' (default) waits for `keel reindex`. Needs `reembedDir`.
   */
  reembed?: 'background' | 'manual';
  /** Where a move to a new space keeps its progress (default `${dataDir}/reembed` via create()). */
  reembedDir?: string;
  /** Called when the status changes by itself (re-embedding progress), so a host can show it. */
  onStatusChange?: () => void;
}

/** What create() adds: where the outbox lives and which store its entries belong to. */
export interface MemoryServiceCreateOptions extends Omit<MemoryServiceOptions, 'outbox'> {
  dataDir: string;
  /** The store's identity (storeIdentityOf); default: the embedded store next to the outbox. */
  storeIdentity?: string;
}

export type ReindexProgress = MigrationProgress;

export class MemoryService implements Memory {
  readonly space: EmbeddingSpace;
  readonly embedMoment: Memory['embedMoment'];
  readonly record: Memory['record'];
  readonly findSimilar: Memory['findSimilar'];
  readonly findSimilarMany: Memory['findSimilarMany'];
  readonly addInsight: Memory['addInsight'];

  private readonly store: MemoryStore;
  private readonly embedder: Embedder;
  private readonly ttlMs: number;
  private readonly describe: (error: unknown) => string;
  private readonly embedding: CheckedEmbedder;
  private readonly health: StoreHealth;
  private readonly spaces: UserSpaces;
  private readonly replay: OutboxReplay;
  private readonly writer: MemoryWriter;
  private readonly contexts: PromptContextCache;
  private readonly reads: RecallDeps & ListingDeps;
  private readonly migration: SpaceMigration;
  private readonly background: boolean;
  private readonly lost = new LostRecords();

  constructor(private readonly options: MemoryServiceOptions) {
    const { store, embedder, outbox } = options;
    const logger = options.logger ?? silentLogger;
    const clock = options.clock ?? Date.now;
    const secrets = options.secrets ?? [];
    const space = spaceOf(embedder);
    const ttlMs = options.retentionDays * 24 * 60 * 60 * 1000;
    const describe = (error: unknown) => describeError(error, secrets);
    this.store = store;
    this.embedder = embedder;
    this.space = space;
    this.ttlMs = ttlMs;
    this.describe = describe;

    // Built in dependency order, each from parts that already exist; the three links that run back
    // up (health → replay, health → spaces, spaces → migration) are wired explicitly at the end.
    const contexts = new PromptContextCache(clock);
    const onWrite = (user: string) => contexts.invalidate(user);
    const embedding = new CheckedEmbedder({ embedder, space, logger, describe });
    const health = new StoreHealth({
      store,
      logger,
      clock,
      timeoutMs: options.storeTimeoutMs ?? 10_000,
      probe: {
        initialMs: options.probe?.initialMs ?? 1_000,
        maxMs: options.probe?.maxMs ?? 30_000,
      },
      describe,
    });
    const guard = <T>(what: string, p: Promise<T>) => health.guard(what, p);
    const background = options.reembed === 'background';
    const spaces = new UserSpaces({
      store,
      space,
      guard,
      advice: (user) =>
        background
          ? 'Keel is re-embedding your memory for the new model by itself: recall covers what is done so far, and new records are saved when it finishes'
          : `recall is paused and new records wait in the outbox; run: keel reindex --user ${user}`,
    });
    const parts = { outbox, store, space, ttlMs, clock, logger, describe, health };
    const replay = new OutboxReplay({ ...parts, spaces, embedding, onWritten: onWrite });
    const migration = new SpaceMigration({
      store,
      embedding,
      space,
      ttlMs,
      // Next to the outbox: both live in the data folder.
      dir: options.reembedDir ?? join(dirname(outbox.dir), 'reembed'),
      batchSize: EMBED_BATCH,
      logger,
      describe,
      guard,
      onChange: options.onStatusChange,
      onMoved: async (user, check) => {
        spaces.accept(user, check);
        contexts.invalidate(user);
        logger.info(`${user}'s memory now uses ${space.model} (${space.dim})`);
        await replay.drain();
      },
    });
    const onLost = (count: number) => this.lost.add(count);
    const writer = new MemoryWriter({ ...parts, spaces, embedding, replay, onWrite, onLost });
    const minSimilarity = options.minSimilarity ?? DEFAULT_MIN_SIMILARITY[embedder.kind];

    // The server may have restarted empty: prepare users (indexes, meta) again on next use.
    health.connect(replay, () => spaces.clearChecks());
    if (background) spaces.onMismatch((user) => migration.start(user));

    this.contexts = contexts;
    this.embedding = embedding;
    this.health = health;
    this.background = background;
    this.spaces = spaces;
    this.replay = replay;
    this.migration = migration;
    this.writer = writer;
    this.reads = { ...parts, spaces, embedding, migration, minSimilarity };

    const traced: Traced = options.traced ?? ((_name, fn) => fn);
    this.embedMoment = traced('memory.embed', (task: string, context: string) =>
      this.embedding.embedOne(momentText(task, context)),
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
    this.findSimilarMany = traced(
      'memory.recallMany',
      (userId: string, query: string | Float32Array, opts: readonly RecallOptions[]) =>
        recallSimilarMany(this.reads, assertUserId(userId), query, opts),
    );
    this.addInsight = traced('memory.reflect', (userId: string, input: InsightInput) =>
      this.addInsightImpl(userId, input),
    );
  }

  /** Opens an outbox under `${dataDir}/outbox` and builds the service. */
  static async create(options: MemoryServiceCreateOptions): Promise<MemoryService> {
    const outbox = await Outbox.open(`${options.dataDir}/outbox`, {
      logger: options.logger,
      clock: options.clock,
      store: options.storeIdentity,
    });
    return new MemoryService({ reembedDir: join(options.dataDir, 'reembed'), ...options, outbox });
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
      await this.health.ensureOpen();
      for (const userId of userIds) {
        const user = assertUserId(userId);
        await this.spaces.ensure(user);
        // A move interrupted after the reset already reports the new space: resume it anyway.
        if (this.background && (await this.migration.unfinished(user))) this.migration.start(user);
      }
      this.health.markSuccess();
    } catch (error) {
      if (error instanceof InvalidInputError) throw error;
      this.health.markFailure(error);
    }
    if (this.outbox.size) await this.drain();
  }

  async close(): Promise<void> {
    this.health.close();
    await this.migration.close();
    await this.replay.whenIdle();
  }

  /** Resolves once no re-embedding move and no outbox replay is running. */
  async whenIdle(): Promise<void> {
    await this.migration.whenIdle();
    await this.replay.whenIdle();
  }

  /** A mismatch seen earlier whose move stopped (embedding or store failure): try again. */
  private resumeMove(user: string): void {
    if (this.background && this.spaces.hasMismatch(user)) this.migration.start(user);
  }

  // ---------------------------------------------------------------- writes

  private async recordImpl(
    userId: string,
    input: InterventionInput,
    vector: Float32Array | null,
  ): Promise<RecordResult> {
    const user = assertUserId(userId);
    const valid = parseOrThrow(InterventionInputSchema, input, 'intervention');
    this.resumeMove(user);
    const [result] = await this.writer.writeInterventions(user, [valid], vector ? [vector] : null);
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
      const batch = valid.slice(i, i + EMBED_BATCH);
      results.push(...(await this.writer.writeInterventions(user, batch, null)));
      onProgress?.({ done: results.length, total: valid.length });
    }
    return results;
  }

  private async addInsightImpl(userId: string, input: InsightInput): Promise<Insight> {
    const user = assertUserId(userId);
    const valid = parseOrThrow(InsightInputSchema, input, 'insight');
    return this.writer.writeInsight(user, valid);
  }

  // ---------------------------------------------------------------- reads

  private async findSimilarImpl(
    userId: string,
    query: string | Float32Array,
    rawOptions: RecallOptions,
  ): Promise<RecallResult> {
    const user = assertUserId(userId);
    this.resumeMove(user);
    return recallSimilar(this.reads, user, query, rawOptions);
  }

  /** Insights newest first: the store's plus any still queued; only the queued ones if the store is down. */
  async listInsights(userId: string, limit = 10): Promise<Insight[]> {
    return listInsights(this.reads, assertUserId(userId), limit);
  }

  /** Interventions newest first (without vectors), merged with queued ones like listInsights. */
  async listRecent(
    userId: string,
    options: { limit?: number; sinceMs?: number } = {},
  ): Promise<InterventionSummary[]> {
    return listInterventions(this.reads, assertUserId(userId), options);
  }

  /**
   * Records waiting in the outbox for another store (Keel was pointed elsewhere since): not in this
   * store or its lists, but the person's all the same, so exports include them.
   */
  waitingElsewhere(userId: string): { interventions: InterventionSummary[]; insights: Insight[] } {
    const entries = this.outbox.foreign(assertUserId(userId));
    return {
      interventions: entries.flatMap((e) => (e.kind === 'intervention' ? [e.record] : [])),
      insights: entries.flatMap((e) => (e.kind === 'insight' ? [e.insight] : [])),
    };
  }

  /** Recent insights and what has worked, as prompt text; cached 5 minutes, invalidated by writes. */
  async getContextForPrompt(userId: string): Promise<string> {
    const user = assertUserId(userId);
    return this.contexts.get(
      user,
      async () => {
        const [insights, recent] = await Promise.all([
          this.listInsights(user, PROMPT_CONTEXT_LIMITS.insights),
          this.listRecent(user, { limit: PROMPT_CONTEXT_LIMITS.history }),
        ]);
        return buildPromptContext(insights, recent);
      },
      // Degraded answers are not cached: the next call should see the store again once it is back.
      () => this.health.isUp,
    );
  }

  // ---------------------------------------------------------------- status, doctor, forget, reindex

  status(): MemoryStatus {
    return describeStatus({
      storeKind: this.store.kind,
      storeReason: this.store.reason,
      storeUp: this.health.isUp,
      downSince: this.health.downSince,
      storeProblem: this.health.problem,
      mismatch: this.spaces.summary(),
      embedProblem: this.embedding.problem,
      embedder: this.embedder,
      outboxPending: this.outbox.size,
      lost: this.lost.total,
      reembedding: this.migration.progress(),
    });
  }

  /** One kind sentence when records were lost since the last call (shown once), else null. */
  takeLostNotice(): string | null {
    return this.lost.takeNotice();
  }

  /** The user's embedding-space mismatch message (recall refused until reindex), or null. */
  spaceMismatch(userId: string): string | null {
    return this.spaces.mismatch(assertUserId(userId)) ?? null;
  }

  async doctor(userId: string): Promise<DoctorReport> {
    const user = assertUserId(userId);
    return runMemoryDoctor({
      userId: user,
      store: this.store,
      embedder: this.embedder,
      retentionDays: this.options.retentionDays,
      outbox: this.outbox,
      open: () => this.health.ensureOpen(),
      checkSpace: () => this.spaces.recheck(user),
      describe: this.describe,
    });
  }

  /** Deletes the user's stored memory and queued records. Throws if the store cannot be reached. */
  async forget(userId: string): Promise<number> {
    const user = assertUserId(userId);
    await this.health.ensureOpen();
    const deleted = await this.store.forget(user);
    // Every queued entry of the user goes, whichever store it was waiting for.
    const queued = this.outbox.all(user);
    await this.outbox.remove(queued.map((e) => e.id));
    this.spaces.forget(user);
    this.contexts.invalidate(user);
    return deleted + queued.length;
  }

  async correctOutcome(userId: string, key: string, outcome: Outcome): Promise<boolean> {
    const user = assertUserId(userId);
    const validKey = assertInterventionKeyOf(user, key);
    const valid = parseOrThrow(OutcomeSchema, outcome, 'outcome');
    // A record still waiting in the outbox is corrected there: queued again with the new outcome
    // (same key, so the replay writes the corrected record), then the old entry removed.
    const queued = this.queuedIntervention(user, validKey);
    if (queued) {
      await this.outbox.append({ ...queued, record: { ...queued.record, outcome: valid } });
      await this.outbox.remove([queued.id]);
    }
    const stored = await this.inStore(queued !== null, 'correct outcome', () =>
      this.store.updateOutcome(user, validKey, valid),
    );
    this.contexts.invalidate(user);
    return stored || queued !== null;
  }

  async deleteIntervention(userId: string, key: string): Promise<boolean> {
    const user = assertUserId(userId);
    const validKey = assertInterventionKeyOf(user, key);
    const queued = this.queuedIntervention(user, validKey);
    if (queued) await this.outbox.remove([queued.id]);
    const stored = await this.inStore(queued !== null, 'delete intervention', () =>
      this.store.deleteIntervention(user, validKey),
    );
    this.contexts.invalidate(user);
    return stored || queued !== null;
  }

  /**
   * A correction's store half. When the record was found waiting in the outbox (and handled
   * there), a store that cannot answer is no failure: the record is not in it yet.
   */
  private async inStore(
    handledInOutbox: boolean,
    what: string,
    call: () => Promise<boolean>,
  ): Promise<boolean> {
    try {
      await this.health.ensureOpen();
      return await this.health.guard(what, call());
    } catch (error) {
      if (!handledInOutbox || error instanceof InvalidInputError) throw error;
      return false;
    }
  }

  private queuedIntervention(user: string, key: string) {
    for (const entry of this.outbox.pending(user)) {
      if (entry.kind === 'intervention' && entry.record.key === key) return entry;
    }
    return null;
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
    await this.health.ensureOpen();
    // The same move the app runs in the background, here in the foreground with progress.
    return this.migration.run(user, onProgress);
  }

  /** Replays the outbox in order; single-flight (concurrent callers share one run). */
  drain(): Promise<void> {
    return this.replay.drain();
  }
}
