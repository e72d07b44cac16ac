// The two shapes of a recorded intervention: the summary (what the coach and the lists show, and what
// the outbox keeps) and the stored record (the summary plus its vector and the space it was made in).
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

export function toSummary(record: StoredIntervention | InterventionSummary): InterventionSummary {
  return {
    key: record.key,
    intervention: record.intervention,
    context: record.context,
    task: record.task,
    outcome: record.outcome,
    ...(record.strategy ? { strategy: record.strategy } : {}),
    timestamp: record.timestamp,
  };
}
