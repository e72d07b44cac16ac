// The embedded store's recall path: the query checked at the boundary, then an exact scan of the
// user's vectors in the query's embedding space only (space-vectors.ts), filtered by outcome.
import { z } from 'zod';
import {
  EmbeddingSpaceSchema,
  InvalidInputError,
  parseOrThrow,
  type EmbeddingSpace,
  type SimilarIntervention,
} from '../../../../shared/domain';
import type { FindSimilarQuery } from '../types';
import { outcomeMask, type RecordFields } from './space-vectors';
import type { UserIndex } from './user-index';

const KSchema = z.number().int().nonnegative().max(10_000);

export interface CheckedQuery {
  k: number;
  space: EmbeddingSpace;
}

/** Validates a recall query: k, its space, a vector of that space's length, a numeric threshold. */
export function checkQuery(query: FindSimilarQuery): CheckedQuery {
  const k = parseOrThrow(KSchema, query.k, 'k');
  const space = parseOrThrow(EmbeddingSpaceSchema, query.space, 'embedding space');
  if (!(query.vector instanceof Float32Array) || query.vector.length !== space.dim) {
    throw new InvalidInputError(`query vector must be a Float32Array of ${space.dim} numbers`);
  }
  if (!Number.isFinite(query.minSimilarity))
    throw new InvalidInputError('minSimilarity must be a number');
  return { k, space };
}

/** The user's k most similar live interventions in the query's space, best first. */
export function findSimilar(
  user: UserIndex | undefined,
  query: FindSimilarQuery,
  { k, space }: CheckedQuery,
  now: () => number,
): SimilarIntervention[] {
  return findSimilarMany(user, query.vector, space, [{ ...query, k }], now)[0]!;
}

/** Several checked requests over one query vector, from one scan (a check-in's lists). */
export function findSimilarMany(
  user: UserIndex | undefined,
  vector: Float32Array,
  space: EmbeddingSpace,
  requests: ReadonlyArray<Pick<FindSimilarQuery, 'k' | 'outcomes' | 'minSimilarity'>>,
  now: () => number,
): SimilarIntervention[][] {
  const vectors = user?.spaceVectors(space);
  if (!vectors) return requests.map(() => []);
  const wanted = requests.map((r) => ({
    k: r.k,
    minSimilarity: r.minSimilarity,
    allowed: outcomeMask(r.outcomes),
  }));
  return vectors.searchMany(vector, wanted, now()).map((hits) =>
    hits.map(({ similarity, fields }) => ({
      ...summary(fields),
      similarity,
      score: similarity,
    })),
  );
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
