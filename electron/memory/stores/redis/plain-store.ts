// MemoryStore on plain Redis (no modules): the same keys, HASH documents and TTLs as the Query
// Engine store, with recall computed in process, exactly (every vector compared, no index).
//
// So that a query does not download every vector, each user's vectors are cached in process
// (VectorCache, over the shared vector index), downloaded in the background as soon as the user is
// prepared at start (so the first check-in does not wait for it), and synced incrementally. Each batch of writes is one MULTI/EXEC: the hashes, their
// TTLs, then a small Lua script that INCRs `user:{id}:seq` and adds the batch's keys to the sorted
// set `user:{id}:log` with that sequence number as score. A query reads `epoch` and `seq` in one round
// trip; when seq moved, it fetches only the log members above the last seen sequence. forget and
// resetSpace change (or delete) `user:{id}:epoch`, which makes every client reload in full (a full
// reload SCANs the intervention keys, so records written by another store are found too).
// Expired records are dropped by their stored expiresAt, and their log members removed lazily.
import { randomBytes } from 'node:crypto';
import {
  assertUserId,
  type EmbeddingSpace,
  type Insight,
  type Outcome,
  type SimilarIntervention,
  type StoredIntervention,
} from '../../../../shared/domain';
import { interventionPrefix, metaKey } from '../../keys';
import type {
  FindSimilarManyQuery,
  FindSimilarQuery,
  ListOptions,
  MemoryStore,
  SpaceCheck,
  StoreDiagnostics,
} from '../types';
import { describeServer, type ServerCapabilities } from './capabilities';
import type { RedisCommand } from './connection';
import { interventionHashFields, ttlArgument, validateIntervention } from './documents';
import { assertInterventionKey, assertOutcomes } from './escape';
import type { RedisLink } from './link';
import { replyArray, replyNumber, replyString } from './replies';
import {
  countRecords,
  deleteUserKeys,
  listInsights,
  metaCommand,
  mismatchMessage,
  prefixPattern,
  putInsight,
  readInterventions,
  readMeta,
  sameSpace,
  sampleTtlMs,
  scanKeys,
  newestFirst,
} from './user-data';
import { VectorCache } from './vector-cache';

/** Sync keys of the plain store (under the user's prefix, so forget removes them too). */
export function syncKeys(userId: string): { seq: string; log: string; epoch: string } {
  const id = assertUserId(userId);
  return { seq: `user:${id}:seq`, log: `user:${id}:log`, epoch: `user:${id}:epoch` };
}

// Runs inside the MULTI that wrote a batch of documents, so the batch and its log entries appear
// together. KEYS: seq, log, epoch, the batch's record keys. ARGV: ttlMs (0 = no expiry), epoch
// candidate (kept only when the user has no epoch yet, e.g. after forget). Every key of the batch
// gets the same new sequence number: readers only need "everything above what I have seen".
const LOG_SCRIPT = `
local ttl = tonumber(ARGV[1])
local logTtl = redis.call('PTTL', KEYS[2])
redis.call('SET', KEYS[3], ARGV[2], 'NX')
local seq = redis.call('INCR', KEYS[1])
local args = {}
for i = 4, #KEYS do
  args[#args + 1] = seq
  args[#args + 1] = KEYS[i]
end
redis.call('ZADD', KEYS[2], unpack(args))
-- The log lives as long as its longest-lived record (records without TTL keep it forever).
if ttl == 0 then redis.call('PERSIST', KEYS[2])
elseif logTtl == -2 or (logTtl >= 0 and logTtl < ttl) then redis.call('PEXPIRE', KEYS[2], ttl) end
return seq
`;

// A correction or a deletion of one record. KEYS: record, seq, log, epoch. ARGV: 'outcome' + the
// new outcome, or 'delete' + a new epoch. Returns 0 when the record does not exist (nothing else
// happens then). A correction is logged like a write (HSET keeps the record's TTL), so every
// client's cache re-reads that key. A deletion changes the epoch instead, so every client reloads:
// a log entry of a deleted key is removed by the first client that sees it gone (ZREM), and the
// others would never learn of it.
const CHANGE_ONE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == 'delete' then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[4], ARGV[2])
  return 1
end
local ttl = redis.call('PTTL', KEYS[1])
redis.call('HSET', KEYS[1], 'outcome', ARGV[2])
local seq = redis.call('INCR', KEYS[2])
local logTtl = redis.call('PTTL', KEYS[3])
redis.call('ZADD', KEYS[3], seq, KEYS[1])
if logTtl == -2 and ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
return 1
`;

const WRITE_BATCH = 200;
const RELOAD_BATCH = 1000;

interface UserCache {
  epoch: string | null;
  seq: number;
  cache: VectorCache;
}

export interface PlainStoreOptions {
  capabilities?: ServerCapabilities;
  now?: () => number;
}

export class PlainRedisStore implements MemoryStore {
  readonly kind = 'plain-redis' as const;
  readonly reason = 'plain Redis: vectors cached and recalled in-process';
  private readonly users = new Map<string, UserCache>();
  /** One sync at a time per user, so two queries do not fetch the same records twice. */
  private readonly syncing = new Map<string, Promise<UserCache>>();
  private readonly now: () => number;

  constructor(
    private readonly link: RedisLink,
    private readonly options: PlainStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  open(): Promise<void> {
    return this.link.open();
  }

  async close(): Promise<void> {
    this.users.clear();
    await this.link.close();
  }

  ping(): Promise<boolean> {
    return this.link.ping();
  }

  async prepareUser(userId: string, space: EmbeddingSpace): Promise<SpaceCheck> {
    const stored = await readMeta(this.link, assertUserId(userId));
    if (stored && !sameSpace(stored, space)) {
      return { ok: false, stored, message: mismatchMessage(userId, stored, space) };
    }
    if (!stored) await this.link.send(metaCommand(userId, space));
    // Warm the cache in the background: the first recall then finds it (or joins the download).
    this.sync(userId, space.dim).catch(() => undefined);
    return { ok: true, stored };
  }

  /** Resolves when the user's cache is up to date (for start-up measurements and tests). */
  async whenWarm(userId: string): Promise<void> {
    await this.syncing.get(assertUserId(userId))?.catch(() => undefined);
  }

  async putInterventions(
    userId: string,
    records: readonly StoredIntervention[],
    ttlMs: number,
  ): Promise<void> {
    assertUserId(userId);
    for (const record of records) {
      assertInterventionKey(userId, record.key);
      validateIntervention(record);
    }
    if (records.length === 0) return;
    const ttl = ttlArgument(ttlMs);
    const expiresAt = ttl === '0' ? null : this.now() + Number(ttl);
    const keys = syncKeys(userId);
    const epochCandidate = randomBytes(8).toString('hex');
    const batches: RedisCommand[][] = [];
    for (let start = 0; start < records.length; start += WRITE_BATCH) {
      const batch = records.slice(start, start + WRITE_BATCH);
      const commands: RedisCommand[] = [];
      for (const record of batch) {
        // DEL first: a rewrite must not keep fields of the previous version (idempotent by key).
        commands.push(
          ['DEL', record.key],
          ['HSET', record.key, ...interventionHashFields(record, expiresAt)],
        );
        if (ttl !== '0') commands.push(['PEXPIRE', record.key, ttl]);
      }
      commands.push([
        'EVAL',
        LOG_SCRIPT,
        String(3 + batch.length),
        keys.seq,
        keys.log,
        keys.epoch,
        ...batch.map((r) => r.key),
        ttl,
        epochCandidate,
      ]);
      batches.push(commands);
    }
    // All batches are sent at once; node-redis keeps each MULTI…EXEC contiguous on the socket.
    await Promise.all(batches.map((commands) => this.link.transaction(commands)));
  }

  putInsight(userId: string, insight: Insight): Promise<void> {
    return putInsight(this.link, userId, insight);
  }

  async updateOutcome(userId: string, key: string, outcome: Outcome): Promise<boolean> {
    assertInterventionKey(assertUserId(userId), key);
    const [valid] = assertOutcomes([outcome]);
    return this.changeOne(userId, key, ['outcome', valid!]);
  }

  async deleteIntervention(userId: string, key: string): Promise<boolean> {
    assertInterventionKey(assertUserId(userId), key);
    return this.changeOne(userId, key, ['delete', randomBytes(8).toString('hex')]);
  }

  /** Runs CHANGE_ONE_SCRIPT; every client's next recall syncs the change. */
  private async changeOne(userId: string, key: string, args: string[]): Promise<boolean> {
    const { seq, log, epoch } = syncKeys(userId);
    const reply = await this.link.send([
      'EVAL',
      CHANGE_ONE_SCRIPT,
      '4',
      key,
      seq,
      log,
      epoch,
      ...args,
    ]);
    return replyNumber(reply) === 1;
  }

  async findSimilar(userId: string, query: FindSimilarQuery): Promise<SimilarIntervention[]> {
    assertUserId(userId);
    const outcomes = query.outcomes === 'any' ? 'any' : assertOutcomes(query.outcomes);
    const state = await this.sync(userId, query.vector.length);
    return state.cache.search({
      vector: query.vector,
      k: query.k,
      outcomes,
      minSimilarity: query.minSimilarity,
      nowMs: this.now(),
    });
  }

  /** Every list of a check-in from one scan of the cached vectors. */
  async findSimilarMany(
    userId: string,
    query: FindSimilarManyQuery,
  ): Promise<SimilarIntervention[][]> {
    assertUserId(userId);
    const requests = query.requests.map((r) => ({
      ...r,
      outcomes: r.outcomes === 'any' ? ('any' as const) : assertOutcomes(r.outcomes),
    }));
    const state = await this.sync(userId, query.vector.length);
    return state.cache.searchMany(query.vector, requests, this.now());
  }

  async listInterventions(
    userId: string,
    options: ListOptions = {},
  ): Promise<StoredIntervention[]> {
    const keys = await scanKeys(this.link, prefixPattern(interventionPrefix(userId)));
    const now = this.now();
    const records = (await readInterventions(this.link, keys, 'hash'))
      .filter((x) => x !== null && (x.expiresAt === null || x.expiresAt > now))
      .map((x) => x!.record);
    return newestFirst(records, options);
  }

  listInsights(userId: string, options?: ListOptions): Promise<Insight[]> {
    return listInsights(this.link, userId, options);
  }

  counts(userId: string): Promise<{ interventions: number; insights: number }> {
    return countRecords(this.link, userId);
  }

  sampleTtlMs(userId: string): Promise<number | null> {
    return sampleTtlMs(this.link, userId);
  }

  async forget(userId: string): Promise<number> {
    const deleted = await deleteUserKeys(this.link, userId);
    this.users.delete(userId);
    return deleted;
  }

  async resetSpace(userId: string): Promise<void> {
    const keys = syncKeys(userId);
    this.users.delete(userId);
    await this.link.transaction([
      ['DEL', metaKey(userId)],
      ['SET', keys.epoch, randomBytes(8).toString('hex')],
    ]);
  }

  async describe(_userId?: string): Promise<StoreDiagnostics> {
    const caps = this.options.capabilities;
    const server = caps ? describeServer(caps) : 'Redis';
    return {
      kind: this.kind,
      description: `${server} at ${this.link.displayUrl} (no Query Engine: exact recall computed in process)`,
      ...(caps
        ? { server: { kind: caps.serverKind, version: caps.version, modules: caps.modules } }
        : {}),
    };
  }

  /** Brings the user's cache up to date (full or incremental), one sync per user at a time. */
  private sync(userId: string, dim: number): Promise<UserCache> {
    const running = this.syncing.get(userId);
    const next = (running ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.syncOnce(userId, dim))
      .finally(() => {
        if (this.syncing.get(userId) === next) this.syncing.delete(userId);
      });
    this.syncing.set(userId, next);
    return next;
  }

  private async syncOnce(userId: string, dim: number): Promise<UserCache> {
    const keys = syncKeys(userId);
    const head = replyArray(await this.link.send(['MGET', keys.epoch, keys.seq]));
    const epoch = replyString(head[0]);
    const seq = replyNumber(head[1]) ?? 0;
    let state = this.users.get(userId);

    if (!state || state.epoch !== epoch || seq < state.seq || state.cache.dim !== dim) {
      state = { epoch, seq, cache: new VectorCache(dim) };
      const all = await scanKeys(this.link, prefixPattern(interventionPrefix(userId)));
      // Batch by batch into the cache, so the download never holds every record at once.
      for (let start = 0; start < all.length; start += RELOAD_BATCH) {
        const batch = all.slice(start, start + RELOAD_BATCH);
        for (const stored of await readInterventions(this.link, batch, 'hash')) {
          if (stored) state.cache.upsert(stored.record, stored.expiresAt);
        }
      }
      this.users.set(userId, state);
    } else if (seq > state.seq) {
      const reply = replyArray(
        await this.link.send([
          'ZRANGE',
          keys.log,
          `(${state.seq}`,
          '+inf',
          'BYSCORE',
          'WITHSCORES',
        ]),
      );
      const { members, maxScore } = parseScoredMembers(reply);
      const fetched = await readInterventions(this.link, members, 'hash');
      const gone: string[] = [];
      members.forEach((key, i) => {
        const stored = fetched[i];
        if (stored) state!.cache.upsert(stored.record, stored.expiresAt);
        else {
          state!.cache.remove(key);
          gone.push(key);
        }
      });
      state.seq = Math.max(seq, maxScore);
      if (gone.length) await this.link.send(['ZREM', keys.log, ...gone]);
    }

    const expired = state.cache.dropExpired(this.now());
    if (expired.length) await this.link.send(['ZREM', keys.log, ...expired]);
    return state;
  }
}

/** ZRANGE … WITHSCORES: RESP2 flat [member, score, …]; RESP3 [[member, score], …]. */
function parseScoredMembers(reply: unknown[]): { members: string[]; maxScore: number } {
  const members: string[] = [];
  let maxScore = 0;
  const add = (member: unknown, score: unknown) => {
    const key = replyString(member);
    if (key !== null) members.push(key);
    maxScore = Math.max(maxScore, replyNumber(score) ?? 0);
  };
  if (reply.length && Array.isArray(reply[0])) {
    for (const pair of reply) add((pair as unknown[])[0], (pair as unknown[])[1]);
  } else {
    for (let i = 0; i + 1 < reply.length; i += 2) add(reply[i], reply[i + 1]);
  }
  return { members, maxScore };
}
