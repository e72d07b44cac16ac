// The stored shape of interventions and insights in Redis, shared by both Redis stores so data
// written by one can be read by the other:
//  - HASH: intervention, context, task, outcome, [strategy], timestamp, embeddingModel,
//    embeddingDim, expiresAt (ms), embedding (little-endian FLOAT32 bytes, what a HASH vector
//    index reads);
//  - JSON (Query Engine with JSON): the same fields with `embedding` as a number array.
// Insights are always HASHes (text, timestamp, sessionId); they are not indexed.
// Everything read back is validated: a foreign or corrupted key yields null, never a crash.
import {
  InsightSchema,
  InterventionDocSchema,
  InvalidInputError,
  describeZodError,
  type Insight,
  type StoredIntervention,
} from '../../../../shared/domain';
import { endianness } from 'node:os';
import { bufferToVector, vectorToBuffer } from '../../vector-math';
import type { RedisArg } from './connection';
import { replyBuffer, replyNumber, replyRecord, replyString } from './replies';

export interface StoredRecord {
  record: StoredIntervention;
  /** When the record's TTL runs out (ms), or null when unknown. */
  expiresAt: number | null;
}

/** TTL in whole ms for PEXPIRE ('0' = Infinity: the record never expires). */
export function ttlArgument(ttlMs: number): string {
  if (ttlMs === Infinity) return '0';
  if (!Number.isFinite(ttlMs) || ttlMs <= 0)
    throw new InvalidInputError('TTL must be positive (Infinity = never expires)');
  return String(Math.max(1, Math.round(ttlMs)));
}

/** Checks a record before it is written: text limits, outcome, and a vector of the stated size. */
export function validateIntervention(record: StoredIntervention): void {
  const parsed = InterventionDocSchema.safeParse({ ...record, embedding: undefined });
  if (!parsed.success)
    throw new InvalidInputError(`Invalid intervention: ${describeZodError(parsed.error)}`);
  if (
    !(record.embedding instanceof Float32Array) ||
    record.embedding.length !== record.embeddingDim
  ) {
    throw new InvalidInputError(
      `Invalid intervention: embedding has ${record.embedding?.length ?? 0} values, embeddingDim says ${record.embeddingDim}`,
    );
  }
  for (const value of record.embedding) {
    if (!Number.isFinite(value))
      throw new InvalidInputError('Invalid intervention: embedding holds a non-finite value');
  }
}

function textFields(record: StoredIntervention, expiresAt: number | null): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    ['intervention', record.intervention],
    ['context', record.context],
    ['task', record.task],
    ['outcome', record.outcome],
  ];
  if (record.strategy !== undefined) fields.push(['strategy', record.strategy]);
  fields.push(
    ['timestamp', String(record.timestamp)],
    ['embeddingModel', record.embeddingModel],
    ['embeddingDim', String(record.embeddingDim)],
  );
  if (expiresAt !== null) fields.push(['expiresAt', String(expiresAt)]);
  return fields;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Little-endian FLOAT32 bytes of a vector. On little-endian machines (all Keel targets) this is a
 * plain copy of the array's memory, ~50× faster than per-value writes, which matters when 10k
 * records × 768 values are written at once.
 */
export function vectorBytes(v: Float32Array): Buffer {
  if (!LITTLE_ENDIAN) return vectorToBuffer(v);
  return Buffer.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
}

/** Reads little-endian FLOAT32 bytes into a fresh (so 4-byte aligned) Float32Array. */
export function vectorFromBytes(bytes: Uint8Array): Float32Array {
  if (!LITTLE_ENDIAN) return bufferToVector(bytes);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** Field/value pairs for HSET; `expiresAt` null = the record never expires. */
export function interventionHashFields(
  record: StoredIntervention,
  expiresAt: number | null,
): RedisArg[] {
  const out: RedisArg[] = [];
  for (const [field, value] of textFields(record, expiresAt)) out.push(field, value);
  out.push('embedding', vectorBytes(record.embedding));
  return out;
}

/** The JSON document for JSON.SET. */
export function interventionJson(record: StoredIntervention, expiresAt: number | null): string {
  return JSON.stringify({
    intervention: record.intervention,
    context: record.context,
    task: record.task,
    outcome: record.outcome,
    ...(record.strategy !== undefined ? { strategy: record.strategy } : {}),
    timestamp: record.timestamp,
    embeddingModel: record.embeddingModel,
    embeddingDim: record.embeddingDim,
    ...(expiresAt !== null ? { expiresAt } : {}),
    embedding: Array.from(record.embedding),
  });
}

/** An HGETALL reply (read with Buffers) → record, or null when missing or malformed. */
export function interventionFromHash(key: string, reply: unknown): StoredRecord | null {
  const fields = replyRecord(reply);
  if (!fields || fields.size === 0) return null;
  const blob = replyBuffer(fields.get('embedding'));
  if (!blob || blob.byteLength % 4 !== 0) return null;
  const doc = {
    intervention: replyString(fields.get('intervention')),
    context: replyString(fields.get('context')) ?? '',
    task: replyString(fields.get('task')),
    outcome: replyString(fields.get('outcome')),
    strategy: replyString(fields.get('strategy')) ?? undefined,
    timestamp: replyNumber(fields.get('timestamp')),
    embeddingModel: replyString(fields.get('embeddingmodel')),
    embeddingDim: replyNumber(fields.get('embeddingdim')),
  };
  return finish(key, doc, vectorFromBytes(blob), replyNumber(fields.get('expiresat')));
}

/** A JSON.GET reply (the document text, or a one-element array for `$`) → record, or null. */
export function interventionFromJson(key: string, reply: unknown): StoredRecord | null {
  const text = replyString(reply);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (Array.isArray(value)) value = value[0];
  if (!value || typeof value !== 'object') return null;
  const doc = value as Record<string, unknown>;
  const embedding = Array.isArray(doc.embedding)
    ? Float32Array.from(doc.embedding as number[])
    : null;
  if (!embedding) return null;
  return finish(key, doc, embedding, typeof doc.expiresAt === 'number' ? doc.expiresAt : null);
}

function finish(
  key: string,
  doc: Record<string, unknown>,
  embedding: Float32Array,
  expiresAt: number | null,
): StoredRecord | null {
  const parsed = InterventionDocSchema.safeParse({ ...doc, embedding: undefined });
  if (!parsed.success || embedding.length !== parsed.data.embeddingDim) return null;
  const { embedding: _unused, ...fields } = parsed.data;
  return { record: { key, ...fields, embedding }, expiresAt };
}

/** Field/value pairs for an insight HSET. */
export function insightHashFields(insight: Insight): string[] {
  return [
    'text',
    insight.text,
    'timestamp',
    String(insight.timestamp),
    'sessionId',
    insight.sessionId,
  ];
}

export function insightFromHash(key: string, reply: unknown): Insight | null {
  const fields = replyRecord(reply);
  if (!fields || fields.size === 0) return null;
  const parsed = InsightSchema.safeParse({
    key,
    text: replyString(fields.get('text')),
    timestamp: replyNumber(fields.get('timestamp')),
    sessionId: replyString(fields.get('sessionid')),
  });
  return parsed.success ? parsed.data : null;
}
