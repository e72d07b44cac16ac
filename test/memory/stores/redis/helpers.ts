// Test data for the Redis store tests: deterministic unit vectors and records, and the brute-force
// reference recall every store must match.
import {
  OUTCOMES,
  type Outcome,
  type SimilarIntervention,
  type StoredIntervention,
} from '../../../../shared/domain';
import { newInterventionKey } from '../../../../electron/memory/keys';
import { dot, normalizeInPlace } from '../../../../electron/memory/vector-math';
import { seededRandom } from '../../../../electron/coach/random';

export const DIM = 16;
export const SPACE = { model: 'test-model', dim: DIM };

/** The coach's seeded generator (mulberry32): the same seed gives the same run. */
export const rng = seededRandom;

export function randomUnitVector(next: () => number, dim = DIM): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = next() * 2 - 1;
  return normalizeInPlace(v);
}

export function makeRecords(
  userId: string,
  count: number,
  seed = 1,
  dim = DIM,
): StoredIntervention[] {
  const next = rng(seed);
  const base = 1_700_000_000_000;
  return Array.from({ length: count }, (_, i) => {
    const timestamp = base + i * 1000;
    return {
      key: newInterventionKey(userId, timestamp),
      intervention: `Nudge ${i}: try the smallest next step`,
      context: `context ${i}`,
      task: `task ${i % 7}`,
      outcome: OUTCOMES[i % OUTCOMES.length] as Outcome,
      ...(i % 3 === 0 ? { strategy: 'tiny_first_step' } : {}),
      timestamp,
      embeddingModel: SPACE.model,
      embeddingDim: dim,
      embedding: randomUnitVector(next, dim),
    };
  });
}

/** The reference: every record compared, filter, threshold, best first. */
export function bruteForce(
  records: readonly StoredIntervention[],
  query: Float32Array,
  k: number,
  outcomes: readonly Outcome[] | 'any',
  minSimilarity: number,
): Array<{ key: string; similarity: number }> {
  return records
    .filter((r) => outcomes === 'any' || outcomes.includes(r.outcome))
    .map((r) => ({ key: r.key, similarity: dot(r.embedding, query) }))
    .filter((r) => r.similarity >= minSimilarity)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k);
}

export function keysAndScores(
  results: SimilarIntervention[],
): Array<{ key: string; similarity: number }> {
  return results.map((r) => ({ key: r.key, similarity: r.similarity }));
}
