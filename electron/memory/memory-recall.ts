// Recall: the user's past interventions most similar to a moment, from the store and the outbox.
// It degrades rather than fails: with the store down it searches only the records waiting in the
// outbox (and says so), and on an embedding-space mismatch it refuses instead of comparing vectors
// of different models.
import { z } from 'zod';
import {
  OutcomeSchema,
  SUCCESS_OUTCOMES,
  parseOrThrow,
  type EmbeddingSpace,
} from '../../shared/domain';
import type { CheckedEmbedder } from './checked-embedder';
import type { Outbox } from './outbox';
import type { SpaceMigration } from './space-migration';
import { rankCandidates, searchPending } from './recall-ranking';
import type { StoreHealth } from './store-health';
import type { MemoryStore } from './stores/types';
import type { RecallOptions, RecallResult } from './types';
import type { UserSpaces } from './user-spaces';

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

export interface RecallDeps {
  outbox: Outbox;
  store: MemoryStore;
  space: EmbeddingSpace;
  clock: () => number;
  health: StoreHealth;
  spaces: UserSpaces;
  embedding: CheckedEmbedder;
  migration: SpaceMigration;
}

/** Similar past interventions for a valid user id, best first; options are validated here. */
export async function recallSimilar(
  deps: RecallDeps,
  user: string,
  query: string | Float32Array,
  rawOptions: RecallOptions,
): Promise<RecallResult> {
  const { outbox, space, health, spaces } = deps;
  const options = parseOrThrow(RecallOptionsSchema, rawOptions, 'recall options');
  const mismatch = spaces.mismatch(user);
  if (mismatch && !deps.migration.isRunning(user)) return { matches: [], degraded: mismatch };

  const vector = typeof query === 'string' ? await deps.embedding.embedOne(query) : query;
  if (!vector)
    return {
      matches: [],
      degraded: `recall skipped: embedding failed (${deps.embedding.problem})`,
    };
  if (vector.length !== space.dim) {
    return {
      matches: [],
      degraded: `recall refused: the query vector has ${vector.length} dimensions, the memory uses ${space.dim}`,
    };
  }
  const candidates = options.recency ? Math.min(options.k * 4, MAX_RECALL_CANDIDATES) : options.k;
  const storeQuery = {
    vector,
    space,
    k: candidates,
    outcomes: options.outcomes,
    minSimilarity: options.minSimilarity,
  };
  const pending = searchPending(outbox.pending(user), storeQuery);
  const rank = { k: options.k, now: deps.clock(), recency: options.recency };
  if (mismatch) {
    // A move to the new space is under way: the records already re-embedded, and new ones queued.
    const moved = deps.migration.recall(user, storeQuery);
    const progress = deps.migration.progress();
    const note = `memory is being re-embedded for the new model (${progress?.done ?? 0} of ${progress?.total ?? '?'} done); recall covers those records so far`;
    return { matches: rankCandidates([moved ?? [], pending], rank), degraded: note };
  }
  try {
    await health.ensureOpen();
    const check = await spaces.ensure(user);
    if (!check.ok) return { matches: [], degraded: spaces.mismatch(user) ?? check.message };
    const stored = await health.guard('recall', deps.store.findSimilar(user, storeQuery));
    health.markSuccess();
    return { matches: rankCandidates([stored, pending], rank), degraded: null };
  } catch (error) {
    health.markFailure(error);
    const waiting = outbox.pending(user).length;
    return {
      matches: rankCandidates([pending], rank),
      degraded: `memory store unavailable (${health.problem}); recall covers only the ${waiting} record(s) waiting in the outbox`,
    };
  }
}
