// Pure builders of the Query Engine commands (FT.CREATE, FT.SEARCH, FT.INFO) and parsers of their
// replies. No I/O here, so the exact argument arrays and the reply shapes of each server and
// protocol are tested directly.
import {
  INTERVENTION_FIELDS,
  SUMMARY_FIELDS,
  assertUserId,
  fieldsOf,
  type Outcome,
} from '../../../../shared/domain';
import { indexName, interventionPrefix } from '../../keys';
import { vectorToBuffer } from '../../vector-math';
import type { RedisArg } from './connection';
import { assertOutcomes, escapeTagValue } from './escape';
import { replyArray, replyNumber, replyRecord, replyString } from './replies';
import type { DocumentFormat } from './user-data';

export type VectorAlgorithm = 'FLAT' | 'HNSW';

export interface IndexSpec {
  userId: string;
  format: DocumentFormat;
  dim: number;
  algorithm: VectorAlgorithm;
}

/** The summary fields returned with each KNN hit (plus `distance`), from the field table. */
export const RETURN_FIELDS: readonly string[] = SUMMARY_FIELDS;

/**
 * The SCHEMA part of FT.CREATE, from the field table: every indexed field with its attribute type
 * (and SORTABLE), then the vector. JSON fields are `$.field AS field` (Valkey requires the alias).
 */
export function schemaFieldArgs(
  format: DocumentFormat,
  dim: number,
  algorithm: VectorAlgorithm,
): string[] {
  const field = (name: string): string[] =>
    format === 'json' ? [`$.${name}`, 'AS', name] : [name];
  const out: string[] = [];
  for (const [name, spec] of fieldsOf(INTERVENTION_FIELDS)) {
    if (spec.index === null) continue;
    out.push(...field(name), spec.index, ...(spec.sortable ? ['SORTABLE'] : []));
  }
  out.push(
    ...field('embedding'),
    'VECTOR',
    algorithm,
    '6',
    'TYPE',
    'FLOAT32',
    'DIM',
    String(dim),
    'DISTANCE_METRIC',
    'COSINE',
  );
  return out;
}

/**
 * FT.CREATE for one user's interventions. Every summary field is indexed (`strategy` as a TAG) so
 * KNN hits can RETURN it: JSON RETURN needs an indexed attribute.
 */
export function ftCreateArgs(spec: IndexSpec): string[] {
  const userId = assertUserId(spec.userId);
  if (!Number.isInteger(spec.dim) || spec.dim < 1 || spec.dim > 8192)
    throw new Error(`Invalid vector dimension ${spec.dim}`);
  return [
    'FT.CREATE',
    indexName(userId),
    'ON',
    spec.format === 'json' ? 'JSON' : 'HASH',
    'PREFIX',
    '1',
    interventionPrefix(userId),
    'SCHEMA',
    ...schemaFieldArgs(spec.format, spec.dim, spec.algorithm),
  ];
}

/** `(@outcome:{a|b})=>[KNN k @embedding $vec AS distance]`, or `*=>[…]` without a filter. */
export function knnQueryString(outcomes: readonly Outcome[] | 'any', k: number): string {
  const knn = `=>[KNN ${k} @embedding $vec AS distance]`;
  if (outcomes === 'any') return `*${knn}`;
  const values = assertOutcomes(outcomes).map(escapeTagValue).join('|');
  return `(@outcome:{${values}})${knn}`;
}

/** Server-side time limit for one KNN query (ms). */
export const KNN_TIMEOUT_MS = 5000;

export function ftSearchKnnArgs(
  userId: string,
  query: { vector: Float32Array; k: number; outcomes: readonly Outcome[] | 'any' },
): RedisArg[] {
  const k = assertK(query.k);
  return [
    'FT.SEARCH',
    indexName(assertUserId(userId)),
    knnQueryString(query.outcomes, k),
    // RediSearch's default query timeout (500 ms) can silently return partial KNN results on a
    // large FLAT index; an explicit, longer limit keeps recall exact (the store's own call timeout
    // still bounds the wait).
    'TIMEOUT',
    String(KNN_TIMEOUT_MS),
    'PARAMS',
    '2',
    'vec',
    vectorToBuffer(query.vector),
    'SORTBY',
    'distance',
    'RETURN',
    String(RETURN_FIELDS.length + 1),
    ...RETURN_FIELDS,
    'distance',
    'LIMIT',
    '0',
    String(k),
    'DIALECT',
    '2',
  ];
}

/** Newest keys first (no content: documents are read by key afterwards, with their vectors). */
export function ftSearchRecentArgs(
  userId: string,
  options: { limit: number; sinceMs?: number },
): string[] {
  const filter =
    options.sinceMs === undefined ? '*' : `@timestamp:[${Math.floor(options.sinceMs)} +inf]`;
  return [
    'FT.SEARCH',
    indexName(assertUserId(userId)),
    filter,
    'NOCONTENT',
    'SORTBY',
    'timestamp',
    'DESC',
    'LIMIT',
    '0',
    String(Math.max(0, Math.floor(options.limit))),
    'DIALECT',
    '2',
  ];
}

export function ftInfoArgs(userId: string): string[] {
  return ['FT.INFO', indexName(assertUserId(userId))];
}

function assertK(k: number): number {
  if (!Number.isInteger(k) || k < 1 || k > 10_000)
    throw new Error(`k must be an integer from 1 to 10000, got ${k}`);
  return k;
}

export interface SearchHit {
  key: string;
  fields: Map<string, string>;
}

/**
 * FT.SEARCH reply → hits. RESP2: [total, key, [field, value, …], key, …] (or keys only with
 * NOCONTENT). RESP3: { total_results, results: [{ id, extra_attributes: {…}, values }] }.
 */
export function parseSearchReply(reply: unknown): { total: number; hits: SearchHit[] } {
  if (Array.isArray(reply)) {
    const total = replyNumber(reply[0]) ?? 0;
    const hits: SearchHit[] = [];
    let i = 1;
    while (i < reply.length) {
      const key = replyString(reply[i]);
      i++;
      let fields = new Map<string, string>();
      if (i < reply.length && Array.isArray(reply[i])) {
        fields = stringFields(reply[i]);
        i++;
      }
      if (key !== null) hits.push({ key, fields });
    }
    return { total, hits };
  }
  const record = replyRecord(reply);
  if (!record) return { total: 0, hits: [] };
  const hits: SearchHit[] = [];
  for (const entry of replyArray(record.get('results'))) {
    const result = replyRecord(entry);
    const key = replyString(result?.get('id'));
    if (key !== null) hits.push({ key, fields: stringFields(result?.get('extra_attributes')) });
  }
  return { total: replyNumber(record.get('total_results')) ?? hits.length, hits };
}

function stringFields(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of replyRecord(value) ?? []) {
    const text = replyString(v);
    if (text !== null) out.set(k, text);
  }
  return out;
}

export interface IndexInfo {
  dim: number | null;
  algorithm: string | null;
  numDocs: number | null;
}

/**
 * FT.INFO reply → the embedding attribute's DIM and algorithm. Servers nest these differently
 * (RediSearch: flat on the attribute; Valkey: under `index` with `dimensions`), so the embedding
 * attribute is searched recursively.
 */
export function parseIndexInfo(reply: unknown): IndexInfo {
  const info = replyRecord(reply);
  const numDocs = replyNumber(info?.get('num_docs'));
  for (const attribute of replyArray(info?.get('attributes'))) {
    // A trailing flag (SORTABLE, NOSTEM) makes a RESP2 attribute list odd-length: drop it.
    const fields = replyRecord(
      Array.isArray(attribute) && attribute.length % 2 ? attribute.slice(0, -1) : attribute,
    );
    if (!fields) continue;
    const name = replyString(fields.get('attribute')) ?? replyString(fields.get('identifier'));
    const type = replyString(fields.get('type'));
    if (type?.toUpperCase() !== 'VECTOR' && name !== 'embedding' && name !== '$.embedding')
      continue;
    const dim = replyNumber(findDeep(fields, ['dim', 'dimensions']));
    const algorithmValue = findDeep(fields, ['algorithm']);
    const algorithm =
      replyString(algorithmValue) ?? replyString(replyRecord(algorithmValue)?.get('name'));
    return { dim, algorithm: algorithm ? algorithm.toUpperCase() : null, numDocs };
  }
  return { dim: null, algorithm: null, numDocs };
}

function findDeep(value: unknown, names: readonly string[], depth = 0): unknown {
  if (depth > 4) return undefined;
  const record = replyRecord(value);
  if (!record) return undefined;
  for (const name of names) if (record.has(name)) return record.get(name);
  for (const nested of record.values()) {
    if (nested && typeof nested === 'object' && !Buffer.isBuffer(nested)) {
      const found = findDeep(nested, names, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** FT._LIST reply → index names (an array in RESP2, a set in RESP3). */
export function parseIndexList(reply: unknown): string[] {
  return replyArray(reply)
    .map(replyString)
    .filter((x): x is string => x !== null);
}

export function isUnknownIndexError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /unknown index|no such index|index .*not found|not found.*index|does not exist/i.test(
    message,
  );
}

export function isIndexExistsError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /index already exists|already exists/i.test(message);
}
