// Per-user operations that both Redis stores perform the same way: key scans, the embedding-space
// meta hash, insights, counts, TTL sampling, reading records by key and deleting a user's keys.
import type {
  EmbeddingSpace,
  Insight,
  Outcome,
  StoredIntervention,
} from '../../../../shared/domain';
import { assertUserId, EmbeddingSpaceSchema } from '../../../../shared/domain';
import { insightPrefix, interventionPrefix, metaKey } from '../../keys';
import type { ListOptions } from '../types';
import type { RedisCommander } from './connection';
import {
  insightFromHash,
  insightHashFields,
  interventionFromHash,
  interventionFromJson,
  type StoredRecord,
} from './documents';
import { assertInsightKey, escapeGlob } from './escape';
import { replyArray, replyNumber, replyRecord, replyString } from './replies';

export type DocumentFormat = 'hash' | 'json';

/** SCAN MATCH pattern for every key under a literal prefix. */
export function prefixPattern(prefix: string): string {
  return `${escapeGlob(prefix)}*`;
}

/** Every key matching `pattern` (SCAN, never KEYS: it does not block the server). */
export async function scanKeys(redis: RedisCommander, pattern: string): Promise<string[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const reply = replyArray(await redis.send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000']));
    cursor = replyString(reply[0]) ?? '0';
    for (const key of replyArray(reply[1])) {
      const text = replyString(key);
      if (text !== null) keys.add(text);
    }
  } while (cursor !== '0');
  return [...keys];
}

export async function readMeta(
  redis: RedisCommander,
  userId: string,
): Promise<EmbeddingSpace | null> {
  const fields = replyRecord(await redis.send(['HGETALL', metaKey(userId)]));
  if (!fields || fields.size === 0) return null;
  const parsed = EmbeddingSpaceSchema.safeParse({
    model: replyString(fields.get('embeddingmodel')),
    dim: replyNumber(fields.get('embeddingdim')),
  });
  return parsed.success ? parsed.data : null;
}

export function metaCommand(userId: string, space: EmbeddingSpace): string[] {
  return [
    'HSET',
    metaKey(userId),
    'embeddingModel',
    space.model,
    'embeddingDim',
    String(space.dim),
  ];
}

export function sameSpace(a: EmbeddingSpace, b: EmbeddingSpace): boolean {
  return a.model === b.model && a.dim === b.dim;
}

/** What the person is told when stored vectors come from another model or dimension. */
export function mismatchMessage(
  userId: string,
  stored: EmbeddingSpace,
  wanted: EmbeddingSpace,
): string {
  return (
    `Stored memories for "${userId}" use ${stored.model} (${stored.dim} dimensions) but the embedder is ` +
    `${wanted.model} (${wanted.dim} dimensions). Run \`npm run keel -- reindex --user ${userId}\` to re-embed ` +
    `them, or set the embedding model/dimension back to ${stored.model}/${stored.dim}.`
  );
}

export async function putInsight(
  redis: RedisCommander,
  userId: string,
  insight: Insight,
): Promise<void> {
  const key = assertInsightKey(assertUserId(userId), insight.key);
  // DEL first so a rewrite leaves exactly the new fields (idempotent by key); no TTL on insights.
  await redis.transaction([
    ['DEL', key],
    ['HSET', key, ...insightHashFields(insight)],
  ]);
}

export async function listInsights(
  redis: RedisCommander,
  userId: string,
  options: ListOptions = {},
): Promise<Insight[]> {
  const keys = await scanKeys(redis, prefixPattern(insightPrefix(userId)));
  const replies = await redis.pipeline(keys.map((key) => ['HGETALL', key]));
  const insights = keys
    .map((key, i) => insightFromHash(key, replies[i]))
    .filter((x): x is Insight => x !== null)
    .filter((x) => options.sinceMs === undefined || x.timestamp >= options.sinceMs)
    .sort((a, b) => b.timestamp - a.timestamp || (a.key < b.key ? 1 : -1));
  return options.limit === undefined ? insights : insights.slice(0, Math.max(0, options.limit));
}

/** Reads records by key in pipelined batches; missing or malformed keys are skipped. */
export async function readInterventions(
  redis: RedisCommander,
  keys: readonly string[],
  format: DocumentFormat,
  batchSize = 500,
): Promise<Array<StoredRecord | null>> {
  const out: Array<StoredRecord | null> = [];
  for (let start = 0; start < keys.length; start += batchSize) {
    const batch = keys.slice(start, start + batchSize);
    if (format === 'json') {
      const replies = await redis.pipeline(batch.map((key) => ['JSON.GET', key]));
      batch.forEach((key, i) => out.push(interventionFromJson(key, replies[i])));
    } else {
      const replies = await redis.pipeline(
        batch.map((key) => ['HGETALL', key]),
        { buffers: true },
      );
      batch.forEach((key, i) => out.push(interventionFromHash(key, replies[i])));
    }
  }
  return out;
}

export async function countRecords(
  redis: RedisCommander,
  userId: string,
): Promise<{ interventions: number; insights: number }> {
  const [interventions, insights] = await Promise.all([
    scanKeys(redis, prefixPattern(interventionPrefix(userId))),
    scanKeys(redis, prefixPattern(insightPrefix(userId))),
  ]);
  return { interventions: interventions.length, insights: insights.length };
}

/** Remaining TTL (ms) of one intervention, null when there is none or it has no TTL. */
export async function sampleTtlMs(redis: RedisCommander, userId: string): Promise<number | null> {
  const pattern = prefixPattern(interventionPrefix(userId));
  let cursor = '0';
  do {
    const reply = replyArray(await redis.send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000']));
    cursor = replyString(reply[0]) ?? '0';
    const first = replyString(replyArray(reply[1])[0]);
    if (first !== null) {
      const ttl = replyNumber(await redis.send(['PTTL', first]));
      return ttl !== null && ttl >= 0 ? ttl : null;
    }
  } while (cursor !== '0');
  return null;
}

/**
 * Deletes every key of the user (`user:{id}:*`, found by SCAN with an escaped pattern) and returns
 * how many of them were interventions or insights. Other users' keys cannot match: the id is
 * validated and the pattern ends with `:` before the wildcard.
 */
export async function deleteUserKeys(redis: RedisCommander, userId: string): Promise<number> {
  const keys = await scanKeys(redis, prefixPattern(`user:${assertUserId(userId)}:`));
  const records = keys.filter(
    (key) => key.startsWith(interventionPrefix(userId)) || key.startsWith(insightPrefix(userId)),
  ).length;
  for (let start = 0; start < keys.length; start += 500) {
    await redis.send(['UNLINK', ...keys.slice(start, start + 500)]);
  }
  return records;
}

/** Applies ListOptions to interventions read from Redis: since, newest first (key breaks ties), limit. */
export function newestFirst(
  records: readonly StoredIntervention[],
  options: ListOptions,
): StoredIntervention[] {
  const sorted = records
    .filter((r) => options.sinceMs === undefined || r.timestamp >= options.sinceMs)
    .sort((a, b) => b.timestamp - a.timestamp || (a.key < b.key ? 1 : -1));
  return options.limit === undefined ? sorted : sorted.slice(0, Math.max(0, options.limit));
}

// Sets the outcome of an existing record only (a missing or expired key stays missing): one
// atomic step, and the key's TTL is untouched. KEYS: the record. ARGV: format, outcome.
const UPDATE_OUTCOME_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == 'json' then
  redis.call('JSON.SET', KEYS[1], '$.outcome', cjson.encode(ARGV[2]))
else
  redis.call('HSET', KEYS[1], 'outcome', ARGV[2])
end
return 1
`;

/** The command that corrects one record's outcome; it answers 1 when the record exists, else 0. */
export function updateOutcomeCommand(
  format: DocumentFormat,
  key: string,
  outcome: Outcome,
): string[] {
  return ['EVAL', UPDATE_OUTCOME_SCRIPT, '1', key, format, outcome];
}
