// The two shapes of a recorded intervention: the summary (what the coach and the lists show, and what
// the outbox keeps) and the stored record (the summary plus its vector and the space it was made in).
// Both are derived from the field table in shared/domain.ts.
import type { EmbeddingSpace, InterventionSummary, StoredIntervention } from '../../shared/domain';

export function toStored(
  record: InterventionSummary,
  space: EmbeddingSpace,
  values: Float32Array,
): StoredIntervention {
  return {
    ...record,
    embeddingModel: space.model,
    embeddingDim: space.dim,
    embedding: values,
  };
}

/** The one summary codec lives with the field table. */
export { toSummary } from '../../shared/domain';
