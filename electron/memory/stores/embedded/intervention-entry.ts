// The log entry a freshly written intervention becomes, so the writer applies to its memory exactly
// what a later replay of the frame would: the text fields, the space, and the vector as raw bytes.
import type { StoredIntervention } from '../../../../shared/domain';
import type { LogEntry } from './record-codec';
import type { RecordFields } from './space-vectors';

export function interventionEntry(
  userId: string,
  record: StoredIntervention,
  expiresAt: number,
): LogEntry {
  const { embeddingModel, embeddingDim, embedding, ...rest } = record;
  const fields: RecordFields = {
    key: rest.key,
    intervention: rest.intervention,
    context: rest.context,
    task: rest.task,
    outcome: rest.outcome,
    ...(rest.strategy !== undefined ? { strategy: rest.strategy } : {}),
    timestamp: rest.timestamp,
  };
  return {
    type: 'intervention',
    userId,
    fields,
    model: embeddingModel,
    dim: embeddingDim,
    vectorBytes: toBytes(embedding),
    expiresAt,
  };
}

function toBytes(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}
