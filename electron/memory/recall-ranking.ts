// Pure ranking helpers for recall: recency blending over store candidates, and exact search over
// records still waiting in the outbox (so a record queued a minute ago is recalled like a stored one).
import type { EmbeddingSpace, Outcome, SimilarIntervention } from '../../shared/domain';
import type { OutboxEntry } from './outbox';
import { TopK, cosineSimilarity, recencyWeight } from './vector-math';

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
