// The memory pipeline's public face: what the coach engine, the CLI, the desktop app and the
// preview bridge call. Implemented by MemoryService (memory-service.ts).
import type {
  EmbeddingSpace,
  Insight,
  InsightInput,
  InterventionInput,
  InterventionSummary,
  Outcome,
  SimilarIntervention,
} from '../../shared/domain';
import type { DoctorReport, MemoryStatus } from '../../shared/settings';

export interface RecordResult {
  key: string;
  /**
   * stored = written to the store; queued = kept in the durable outbox until the store is back;
   * lost = neither the store nor the outbox could keep it (a full disk, say): `problem` says why.
   */
  status: 'stored' | 'queued' | 'lost';
  problem?: string;
}

export interface RecallOptions {
  /** Default 5. */
  k?: number;
  /** Default SUCCESS_OUTCOMES (task_completed, re_engaged); 'any' includes failures (for learning). */
  outcomes?: readonly Outcome[] | 'any';
  /** Default: the service's floor for its embedder (settings.minSimilarity, DEFAULT_MIN_SIMILARITY). */
  minSimilarity?: number;
  /** Blend similarity with recency: score = (1−weight)·similarity + weight·recency(half-life). */
  recency?: { weight: number; halfLifeDays: number };
}

export interface RecallResult {
  matches: SimilarIntervention[];
  /** Null when the store answered normally; otherwise why results are partial or empty. */
  degraded: string | null;
}

export interface Memory {
  readonly space: EmbeddingSpace;
  /**
   * Embeds the moment (task + context) once. The same vector is used for recall and stored with
   * the record that follows ("one embedding per check-in"). Returns null if embedding failed; the
   * caller goes on without recall and the record is embedded later from the outbox.
   */
  embedMoment(task: string, context: string): Promise<Float32Array | null>;
  /**
   * Records one intervention. Never throws: on store failure the record goes to the outbox, and a
   * record neither could keep comes back as `lost`.
   */
  record(
    userId: string,
    input: InterventionInput,
    vector?: Float32Array | null,
  ): Promise<RecordResult>;
  /** Similar past interventions, best first. Text is embedded; a vector is used as is. */
  findSimilar(
    userId: string,
    query: string | Float32Array,
    options?: RecallOptions,
  ): Promise<RecallResult>;
  /**
   * Several recalls of one moment (e.g. a check-in's "what worked" and the learner's evidence) from
   * one embedding and one scan of the stored vectors: result i answers options[i].
   */
  findSimilarMany(
    userId: string,
    query: string | Float32Array,
    options: readonly RecallOptions[],
  ): Promise<RecallResult[]>;
  /** Stores (or queues) an insight; throws RecordLostError if neither the store nor the outbox could keep it. */
  addInsight(userId: string, input: InsightInput): Promise<Insight>;
  listInsights(userId: string, limit?: number): Promise<Insight[]>;
  listRecent(
    userId: string,
    options?: { limit?: number; sinceMs?: number },
  ): Promise<InterventionSummary[]>;
  /** Recent insights and what has worked, as prompt text. Cached 5 minutes; writes invalidate it. */
  getContextForPrompt(userId: string): Promise<string>;
  /**
   * Changes the outcome of one stored intervention (a person's correction), keeping its TTL.
   * False when no intervention has this key. Recall and the learner see the new outcome.
   */
  correctOutcome(userId: string, key: string, outcome: Outcome): Promise<boolean>;
  /** Deletes one intervention (History's delete). False when no intervention has this key. */
  deleteIntervention(userId: string, key: string): Promise<boolean>;
  status(): MemoryStatus;
  doctor(userId: string): Promise<DoctorReport>;
  forget(userId: string): Promise<number>;
  /**
   * Corrects what happened after one nudge (the person knows better than the detector). The record
   * keeps its key, text, vector and expiry; recall's outcome filter and the prompt context see the
   * new outcome at once. False when the user has no such record; throws InvalidInputError for a key
   * that is not one of the user's intervention keys or an unknown outcome.
   */
  correctOutcome(userId: string, key: string, outcome: Outcome): Promise<boolean>;
  /** Deletes one intervention (stored or still queued). False when the user has no such record. */
  deleteIntervention(userId: string, key: string): Promise<boolean>;
}

/** An insight that neither the store nor the outbox could keep. */
export class RecordLostError extends Error {
  override readonly name = 'RecordLostError';
}

/** The text embedded for a moment: stable wording so the same moment always gives the same vector. */
export function momentText(task: string, context: string): string {
  const ctx = context.trim();
  return ctx ? `Task: ${task.trim()}\nContext: ${ctx}` : `Task: ${task.trim()}`;
}
