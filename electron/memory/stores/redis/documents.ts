// The stored shape of interventions and insights in Redis, shared by both Redis stores so data
// written by one can be read by the other, derived field by field from the record tables in
// shared/domain.ts (INTERVENTION_FIELDS, INSIGHT_FIELDS):
//  - HASH: every field as a string (absent optional ones left out), expiresAt (ms), and embedding
//    (little-endian FLOAT32 bytes, what a HASH vector index reads);
//  - JSON (Query Engine with JSON): the same fields with `embedding` as a number array.
// Insights are always HASHes; they are not indexed.
// Everything read back is validated: a foreign or corrupted key yields null, never a crash.
import {
  INSIGHT_FIELDS,
  INTERVENTION_FIELDS,
  InsightSchema,
  InterventionFieldsSchema,
  InterventionSummarySchema,
  SUMMARY_FIELDS,
  InvalidInputError,
  checkStoredIntervention,
  fieldsOf,
  type Insight,
  type InterventionSummary,
  type StoredIntervention,
} from '../../../../shared/domain';
import { vectorBytes, vectorFromBytes } from '../../vector-math';

export { vectorBytes, vectorFromBytes };
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
  checkStoredIntervention(record);
}

/** The record's fields as HASH strings, in field-table order (absent optional fields left out). */
function hashStrings(
  record: StoredIntervention,
  expiresAt: number | null,
): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  const values = record as unknown as Record<string, unknown>;
  for (const [name] of fieldsOf(INTERVENTION_FIELDS)) {
    if (values[name] !== undefined) fields.push([name, String(values[name])]);
  }
  if (expiresAt !== null) fields.push(['expiresAt', String(expiresAt)]);
  return fields;
}

/** Field/value pairs for HSET; `expiresAt` null = the record never expires. */
export function interventionHashFields(
  record: StoredIntervention,
  expiresAt: number | null,
): RedisArg[] {
  const out: RedisArg[] = [];
  for (const [field, value] of hashStrings(record, expiresAt)) out.push(field, value);
  out.push('embedding', vectorBytes(record.embedding));
  return out;
}

/** The JSON document for JSON.SET: the same fields, `expiresAt` when known, the vector as numbers. */
export function interventionJson(record: StoredIntervention, expiresAt: number | null): string {
  const doc: Record<string, unknown> = {};
  const values = record as unknown as Record<string, unknown>;
  for (const [name] of fieldsOf(INTERVENTION_FIELDS)) {
    if (values[name] !== undefined) doc[name] = values[name];
  }
  if (expiresAt !== null) doc.expiresAt = expiresAt;
  doc.embedding = Array.from(record.embedding);
  return JSON.stringify(doc);
}

/** An HGETALL reply (read with Buffers) → record, or null when missing or malformed. */
export function interventionFromHash(key: string, reply: unknown): StoredRecord | null {
  const fields = replyRecord(reply);
  if (!fields || fields.size === 0) return null;
  const blob = replyBuffer(fields.get('embedding'));
  if (!blob || blob.byteLength % 4 !== 0) return null;
  // HASH values are strings: numbers are parsed by the field's kind, absent fields stay absent.
  const doc: Record<string, unknown> = {};
  for (const [name, spec] of fieldsOf(INTERVENTION_FIELDS)) {
    const raw = fields.get(name.toLowerCase());
    if (raw === undefined) continue;
    doc[name] = spec.kind === 'number' ? replyNumber(raw) : replyString(raw);
  }
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
  // The field table's schema keeps exactly the record's fields (expiresAt, embedding are dropped).
  const parsed = InterventionFieldsSchema.safeParse(doc);
  if (!parsed.success || embedding.length !== parsed.data.embeddingDim) return null;
  return { record: { key, ...parsed.data, embedding }, expiresAt };
}

/**
 * A KNN hit's RETURNed fields (strings) → the record's summary, field by field from the table, or
 * null when the hit does not hold a valid record.
 */
export function summaryFromStrings(
  key: string,
  fields: ReadonlyMap<string, string>,
): InterventionSummary | null {
  const doc: Record<string, unknown> = { key };
  for (const name of SUMMARY_FIELDS) {
    const raw = fields.get(name);
    if (raw === undefined || (raw === '' && INTERVENTION_FIELDS[name].kind === 'number')) continue;
    doc[name] = INTERVENTION_FIELDS[name].kind === 'number' ? Number(raw) : raw;
  }
  const parsed = InterventionSummarySchema.safeParse(doc);
  return parsed.success ? parsed.data : null;
}

/** Field/value pairs for an insight HSET. */
export function insightHashFields(insight: Insight): string[] {
  const out: string[] = [];
  for (const [name] of fieldsOf(INSIGHT_FIELDS)) out.push(name, String(insight[name]));
  return out;
}

export function insightFromHash(key: string, reply: unknown): Insight | null {
  const fields = replyRecord(reply);
  if (!fields || fields.size === 0) return null;
  const doc: Record<string, unknown> = { key };
  for (const [name, spec] of fieldsOf(INSIGHT_FIELDS)) {
    const raw = fields.get(name.toLowerCase());
    doc[name] = spec.kind === 'number' ? replyNumber(raw) : replyString(raw);
  }
  const parsed = InsightSchema.safeParse(doc);
  return parsed.success ? parsed.data : null;
}
