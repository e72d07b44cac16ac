// Reading memory: recall (the user's past interventions most similar to a moment) and the
// newest-first lists, each from the store and the outbox together. Several lists for one moment (a
// check-in's "what worked" and the learner's evidence) come from one embedding and one store call
// (the store's fused scan where it has one). Reads degrade rather than fail: with the store down
// they see only the records waiting in the outbox (and say so), and on an embedding-space mismatch
// recall refuses instead of comparing vectors of different models.
import { z } from 'zod';
import {
  OutcomeSchema,
  SUCCESS_OUTCOMES,
  parseOrThrow,
  type EmbeddingSpace,
  type Insight,
  type InterventionSummary,
  type Outcome,
  type SimilarIntervention,
} from '../../shared/domain';
import type { CheckedEmbedder } from './checked-embedder';
import { toSummary } from './intervention-records';
import type { Outbox, OutboxEntry } from './outbox';
import type { SpaceMigration } from './space-migration';
import type { StoreHealth } from './store-health';
import { findSimilarMany, type MemoryStore } from './stores/types';
import type { RecallOptions, RecallResult } from './types';
import type { UserSpaces } from './user-spaces';
import { TopK, cosineSimilarity, recencyWeight } from './vector-math';

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

// Ranking, pure:  recency blending over store candidates, and exact search over
// records still waiting in the outbox (so a record queued a minute ago is recalled like a stored one).
export interface RankOptions {
  k: number;
  now: number;
  recency?: { weight: number; halfLifeDays: number };
}

/**
 * Merges candidate lists (deduplicated by key, first occurrence wins), sets each score to the
 * similarity blended with recency — (1−w)·similarity + w·recency(age) — and keeps the k best.
 */
export function rankCandidates(
  lists: ReadonlyArray<readonly SimilarIntervention[]>,
  options: RankOptions,
): SimilarIntervention[] {
  const seen = new Set<string>();
  const top = new TopK<SimilarIntervention>(options.k);
  for (const list of lists) {
    for (const candidate of list) {
      if (seen.has(candidate.key)) continue;
      seen.add(candidate.key);
      const score = options.recency
        ? (1 - options.recency.weight) * candidate.similarity +
          options.recency.weight *
            recencyWeight(options.now - candidate.timestamp, options.recency.halfLifeDays)
        : candidate.similarity;
      top.push(score, { ...candidate, score });
    }
  }
  return top.sorted().map(({ item }) => item);
}

/** Exact cosine search over one user's queued interventions whose vectors are in `space`. */
export function searchPending(
  entries: readonly OutboxEntry[],
  query: {
    vector: Float32Array;
    space: EmbeddingSpace;
    k: number;
    outcomes: readonly Outcome[] | 'any';
    minSimilarity: number;
  },
): SimilarIntervention[] {
  const top = new TopK<SimilarIntervention>(query.k);
  for (const entry of entries) {
    if (entry.kind !== 'intervention' || !entry.embedding) continue;
    // Vectors of another model or dimension are never compared.
    if (entry.embedding.model !== query.space.model || entry.embedding.dim !== query.space.dim)
      continue;
    if (query.outcomes !== 'any' && !query.outcomes.includes(entry.record.outcome)) continue;
    const similarity = cosineSimilarity(query.vector, entry.embedding.values);
    if (similarity < query.minSimilarity) continue;
    top.push(similarity, { ...entry.record, similarity, score: similarity });
  }
  return top.sorted().map(({ item }) => item);
}

// Listing: newest-first lists of a user's insights and interventions: the store's merged with those still
// waiting in the outbox, so a record shows up as soon as it is made. With the store down the lists
// hold only the queued records (the failure is reported to the health tracker, not thrown).
export interface ListingDeps {
  outbox: Outbox;
  store: MemoryStore;
  health: StoreHealth;
}

export async function listInsights(
  deps: ListingDeps,
  user: string,
  limit: number,
): Promise<Insight[]> {
  const { health } = deps;
  const queued = deps.outbox
    .pending(user)
    .flatMap((e) => (e.kind === 'insight' ? [e.insight] : []));
  let stored: Insight[] = [];
  try {
    await health.ensureOpen();
    stored = await health.guard('list insights', deps.store.listInsights(user, { limit }));
    health.markSuccess();
  } catch (error) {
    health.markFailure(error);
  }
  return mergeNewestFirst(stored, queued, limit);
}

/** Interventions (without vectors), optionally only those since `sinceMs`. */
export async function listInterventions(
  deps: ListingDeps,
  user: string,
  options: { limit?: number; sinceMs?: number },
): Promise<InterventionSummary[]> {
  const { health } = deps;
  const limit = options.limit ?? 50;
  const since = options.sinceMs ?? 0;
  const queued = deps.outbox
    .pending(user)
    .flatMap((e) => (e.kind === 'intervention' && e.record.timestamp >= since ? [e.record] : []));
  let stored: InterventionSummary[] = [];
  try {
    await health.ensureOpen();
    const rows = await health.guard(
      'list',
      deps.store.listInterventions(user, { limit, sinceMs: options.sinceMs }),
    );
    stored = rows.map(toSummary);
    health.markSuccess();
  } catch (error) {
    health.markFailure(error);
  }
  return mergeNewestFirst(stored, queued, limit);
}

/** One list, newest first, at most `limit` long; a key in both (replayed meanwhile) counts once. */
function mergeNewestFirst<T extends { key: string; timestamp: number }>(
  a: readonly T[],
  b: readonly T[],
  limit: number,
): T[] {
  const byKey = new Map<string, T>();
  for (const item of [...a, ...b]) if (!byKey.has(item.key)) byKey.set(item.key, item);
  return [...byKey.values()].sort((x, y) => y.timestamp - x.timestamp).slice(0, limit);
}
