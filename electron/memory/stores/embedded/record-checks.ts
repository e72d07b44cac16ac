// Validating what callers hand the embedded store to write, before anything reaches the log: keys
// must carry the user's prefix and a safe suffix, records must match the stored document schema
// and their vector its stated dimension, and TTLs must be positive.
import { z } from 'zod';
import {
  InterventionDocSchema,
  InvalidInputError,
  describeZodError,
  parseOrThrow,
  type StoredIntervention,
} from '../../../../shared/domain';
import { interventionPrefix } from '../../keys';

const KeySuffixSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'key suffix must be 1-100 safe characters');
const InterventionFieldsSchema = InterventionDocSchema.omit({ embedding: true });
const TtlSchema = z.number().positive('TTL must be positive (Infinity = never expires)');

/** The TTL in ms, checked (Infinity = never expires). */
export function checkTtl(ttlMs: number): number {
  return parseOrThrow(TtlSchema, ttlMs, 'TTL');
}

/** Validates one record against the stored document schema and its user. */
export function checkIntervention(userId: string, record: StoredIntervention): StoredIntervention {
  checkKey(record.key, interventionPrefix(userId));
  const parsed = InterventionFieldsSchema.safeParse({
    intervention: record.intervention,
    context: record.context,
    task: record.task,
    outcome: record.outcome,
    strategy: record.strategy,
    timestamp: record.timestamp,
    embeddingModel: record.embeddingModel,
    embeddingDim: record.embeddingDim,
  });
  if (!parsed.success) {
    throw new InvalidInputError(
      `Invalid intervention ${record.key}: ${describeZodError(parsed.error)}`,
    );
  }
  if (
    !(record.embedding instanceof Float32Array) ||
    record.embedding.length !== record.embeddingDim
  ) {
    throw new InvalidInputError(
      `Invalid intervention ${record.key}: embedding must be a Float32Array of ${record.embeddingDim} numbers`,
    );
  }
  return record;
}

export function checkKey(key: string, prefix: string): void {
  if (
    typeof key !== 'string' ||
    !key.startsWith(prefix) ||
    !KeySuffixSchema.safeParse(key.slice(prefix.length)).success
  ) {
    throw new InvalidInputError(
      `Invalid key ${JSON.stringify(String(key)).slice(0, 100)}: expected ${prefix}<time>-<nonce>`,
    );
  }
}
