// Writes that never fail the caller: a record goes straight to the store when it can, and otherwise
// into the durable outbox with the reason it waits (store down, embedding failing, space mismatch,
// earlier records still queued). Keys are chosen here, before the first attempt, so a later replay
// rewrites the same key instead of adding a second copy.
import type { z } from 'zod';
import type {
  EmbeddingSpace,
  Insight,
  InsightInputSchema,
  InterventionSummary,
  ValidInterventionInput,
} from '../../shared/domain';
import type { Logger } from '../base/logger';
import type { CheckedEmbedder } from './checked-embedder';
import { toStored } from './intervention-records';
import { contentInterventionKey, newInsightKey, newInterventionKey } from './keys';
import type { Outbox } from './outbox';
import type { OutboxReplay } from './outbox-replay';
import type { StoreHealth } from './store-health';
import type { MemoryStore } from './stores/types';
import { RecordLostError, momentText, type RecordResult } from './types';
import type { UserSpaces } from './user-spaces';

export interface MemoryWriterDeps {
  outbox: Outbox;
  store: MemoryStore;
  space: EmbeddingSpace;
  ttlMs: number;
  clock: () => number;
  logger: Logger;
  describe(error: unknown): string;
  health: StoreHealth;
  spaces: UserSpaces;
  embedding: CheckedEmbedder;
  replay: OutboxReplay;
  /** Called before each write for a user (their cached prompt context is stale). */
  onWrite(user: string): void;
  /** Called with how many records were just lost (kept for status and the app's notice). */
  onLost(count: number): void;
}

type ValidInsightInput = z.output<typeof InsightInputSchema>;

/** An intervention on its way to the store: its final key, and its vector if it has one yet. */
interface PendingWrite {
  record: InterventionSummary;
  values: Float32Array | null;
}

export class MemoryWriter {
  constructor(private readonly deps: MemoryWriterDeps) {}

  /**
   * Writes validated interventions (one store call for all of them); a caller's vectors are used
   * where they fit, the rest are embedded in one call. What the store cannot take is queued.
   */
  async writeInterventions(
    user: string,
    inputs: readonly ValidInterventionInput[],
    vectors: readonly Float32Array[] | null,
  ): Promise<RecordResult[]> {
    const writes = this.pendingWrites(user, inputs, vectors);
    const missing = writes.filter((w) => !w.values);
    if (missing.length) {
      const embedded = await this.deps.embedding.embedMany(
        missing.map((w) => momentText(w.record.task, w.record.context)),
      );
      if (embedded) missing.forEach((w, i) => (w.values = embedded[i]!));
    }
    this.deps.onWrite(user);

    let problem: string | null =
      missing.length && !missing[0]!.values
        ? `embedding failed: ${this.deps.embedding.problem}`
        : null;
    if (!problem) problem = await this.writeDirect(user, writes);
    if (!problem) return writes.map((w) => ({ key: w.record.key, status: 'stored' as const }));

    const results: RecordResult[] = [];
    for (const w of writes) results.push(await this.enqueueIntervention(user, w, problem));
    this.deps.health.scheduleProbe();
    return results;
  }

  /**
   * Writes a validated insight to the store, or queues it; returns it with its key. Throws
   * RecordLostError when the outbox refused it too: the caller must not report it as kept.
   */
  async writeInsight(user: string, input: ValidInsightInput): Promise<Insight> {
    const { health, outbox } = this.deps;
    const timestamp = input.timestamp ?? this.deps.clock();
    const insight: Insight = {
      key: newInsightKey(user, timestamp),
      text: input.text,
      timestamp,
      sessionId: input.sessionId,
    };
    this.deps.onWrite(user);
    try {
      await health.ensureOpen();
      await health.guard('write insight', this.deps.store.putInsight(user, insight));
      health.markSuccess();
    } catch (error) {
      health.markFailure(error);
      try {
        await outbox.append({ kind: 'insight', userId: user, insight });
      } catch (diskError) {
        const why = `the insight could not be saved: the store failed (${health.problem ?? this.deps.describe(error)}) and so did the outbox (${this.deps.describe(diskError)})`;
        this.deps.logger.error(why);
        this.deps.onLost(1);
        throw new RecordLostError(why);
      }
    }
    return insight;
  }

  private pendingWrites(
    user: string,
    inputs: readonly ValidInterventionInput[],
    vectors: readonly Float32Array[] | null,
  ): PendingWrite[] {
    const now = this.deps.clock();
    return inputs.map((input, i) => {
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
        values: given && given.length === this.deps.space.dim ? given : null,
      };
    });
  }

  /** Writes straight to the store; returns null on success or why it could not. */
  private async writeDirect(user: string, writes: readonly PendingWrite[]): Promise<string | null> {
    const { outbox, health, spaces } = this.deps;
    // Records queued earlier go first, so replay order is preserved.
    if (outbox.pending(user).length) {
      await this.deps.replay.drain();
      if (outbox.pending(user).length) return this.queueReason(user);
    }
    try {
      await health.ensureOpen();
      const check = await spaces.ensure(user);
      if (!check.ok) return spaces.mismatch(user) ?? check.message;
      const records = writes.map((w) => toStored(w.record, this.deps.space, w.values!));
      await health.guard('write', this.deps.store.putInterventions(user, records, this.deps.ttlMs));
      health.markSuccess();
      return null;
    } catch (error) {
      health.markFailure(error);
      return health.problem ?? this.deps.describe(error);
    }
  }

  private async enqueueIntervention(
    user: string,
    write: PendingWrite,
    problem: string,
  ): Promise<RecordResult> {
    try {
      await this.deps.outbox.append({
        kind: 'intervention',
        userId: user,
        record: write.record,
        embedding: write.values ? { ...this.deps.space, values: write.values } : null,
      });
      return { key: write.record.key, status: 'queued', problem };
    } catch (error) {
      // The disk refused too: say plainly that this record is lost rather than pretend it is queued.
      const why = `${problem}; the outbox could not save it either (${this.deps.describe(error)}), so it was lost`;
      this.deps.logger.error(why);
      this.deps.onLost(1);
      return { key: write.record.key, status: 'lost', problem: why };
    }
  }

  /** Why a record waits behind earlier ones: the most specific known problem. */
  private queueReason(user: string): string {
    return (
      this.deps.spaces.mismatch(user) ??
      this.deps.health.problem ??
      this.deps.embedding.problem ??
      'earlier records are still waiting in the outbox'
    );
  }
}
