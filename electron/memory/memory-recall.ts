// Recall: the user's past interventions most similar to a moment, from the store and the outbox.
// Several lists for one moment (a check-in's "what worked" and the learner's evidence) come from one
// embedding and one store call (the store's fused scan where it has one). It degrades rather than fails: with the store down it searches only the records waiting in the
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
import { rankCandidates, searchPending } from './recall-ranking';
import type { StoreHealth } from './store-health';
import { findSimilarMany, type MemoryStore } from './stores/types';
import type { SpaceMigration } from './space-migration';
import type { RecallOptions, RecallResult } from './types';
import type { UserSpaces } from './user-spaces';

const MAX_RECALL_CANDIDATES = 400;

const RecallOptionsSchema = z.object({
  k: z.number().int().min(1).max(100).default(5),
  outcomes: z
    .union([z.literal('any'), z.array(OutcomeSchema).min(1)])
    .default([...SUCCESS_OUTCOMES]),
  /** Unset: the service's floor for its embedder (DEFAULT_MIN_SIMILARITY or the setting). */
  minSimilarity: z.number().min(-1).max(1).optional(),
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
  /** The similarity floor when a recall does not set its own. */
  minSimilarity: number;
  migration: SpaceMigration;
}

/** Similar past interventions for a valid user id, best first; options are validated here. */
export async function recallSimilar(
  deps: RecallDeps,
  user: string,
  query: string | Float32Array,
  rawOptions: RecallOptions,
): Promise<RecallResult> {
  return (await recallSimilarMany(deps, user, query, [rawOptions]))[0]!;
}

/** One result per options entry, in order, from one embedding and one store call. */
export async function recallSimilarMany(
  deps: RecallDeps,
  user: string,
  query: string | Float32Array,
  rawOptions: readonly RecallOptions[],
): Promise<RecallResult[]> {
  const { outbox, space, health, spaces } = deps;
  const options = rawOptions.map((o, i) =>
    parseOrThrow(
      RecallOptionsSchema,
      o,
      rawOptions.length > 1 ? `recall options #${i + 1}` : 'recall options',
    ),
  );
  const all = (degraded: string): RecallResult[] => options.map(() => ({ matches: [], degraded }));
  const mismatch = spaces.mismatch(user);
  if (mismatch && !deps.migration.isRunning(user)) return all(mismatch);

  const vector = typeof query === 'string' ? await deps.embedding.embedOne(query) : query;
  if (!vector) return all(`recall skipped: embedding failed (${deps.embedding.problem})`);
  if (vector.length !== space.dim) {
    return all(
      `recall refused: the query vector has ${vector.length} dimensions, the memory uses ${space.dim}`,
    );
  }
  const requests = options.map((o) => ({
    k: o.recency ? Math.min(o.k * 4, MAX_RECALL_CANDIDATES) : o.k,
    outcomes: o.outcomes,
    minSimilarity: o.minSimilarity ?? deps.minSimilarity,
  }));
  const pending = requests.map((r) => searchPending(outbox.pending(user), { vector, space, ...r }));
  const now = deps.clock();
  const rank = (i: number) => ({ k: options[i]!.k, now, recency: options[i]!.recency });
  if (mismatch) {
    // A move to the new space is under way: the records already re-embedded, and new ones queued.
    const progress = deps.migration.progress();
    const note = `memory is being re-embedded for the new model (${progress?.done ?? 0} of ${progress?.total ?? '?'} done); recall covers those records so far`;
    return requests.map((r, i) => ({
      matches: rankCandidates(
        [deps.migration.recall(user, { vector, space, ...r }) ?? [], pending[i]!],
        rank(i),
      ),
      degraded: note,
    }));
  }
  try {
    await health.ensureOpen();
    const check = await spaces.ensure(user);
    if (!check.ok) return all(spaces.mismatch(user) ?? check.message);
    const stored = await health.guard(
      'recall',
      findSimilarMany(deps.store, user, { vector, space, requests }),
    );
    health.markSuccess();
    return stored.map((list, i) => ({
      matches: rankCandidates([list, pending[i]!], rank(i)),
      degraded: null,
    }));
  } catch (error) {
    health.markFailure(error);
    const waiting = outbox.pending(user).length;
    return pending.map((list, i) => ({
      matches: rankCandidates([list], rank(i)),
      degraded: `memory store unavailable (${health.problem}); recall covers only the ${waiting} record(s) waiting in the outbox`,
    }));
  }
}
