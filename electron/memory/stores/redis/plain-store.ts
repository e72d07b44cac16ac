// MemoryStore on plain Redis (no modules): the same keys, HASH documents and TTLs as the Query
// Engine store, with recall computed in process, exactly (every vector compared, no index).
//
// So that a query does not download every vector, each user's vectors are cached in process
// (VectorCache, over the shared vector index), downloaded in the background as soon as the user is
// prepared at start (so the first check-in does not wait for it), and synced incrementally. Each
// batch of writes is one MULTI/EXEC: the hashes, their TTLs, then a small Lua script that INCRs
// `user:{id}:seq`, adds the batch's keys to the sorted set `user:{id}:log` with that sequence number
// as score, and PUBLISHes on `user:{id}:changes`. A sync reads `epoch` and `seq` in one round trip;
// when seq moved, it fetches only the log members above the last seen sequence. forget and
// resetSpace change (or delete) `user:{id}:epoch`, which makes every client reload in full (a full
// reload SCANs the intervention keys, so records written by another store are found too).
// Expired records are dropped by their stored expiresAt, and their log members removed lazily.
//
// When is a sync run? Recall does not ask Redis: the store subscribes to the user's channel on a
// dedicated connection (change-feed.ts), and a message from another process, or a write of its own,
// starts a sync in the background (a recall meanwhile waits for it). The cache is trusted only while
// the subscription is live and the last sync started after it was confirmed and after the last
// message; otherwise (feed down, just re-subscribed, a link without pub/sub) recall syncs first,
// which is the full consistency check. A slow periodic sync is the safety net for a silently dead
// socket and for writers that do not publish.
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
import type { ChangeFeed } from './change-feed';
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
export function syncKeys(userId: string): {
  seq: string;
  log: string;
  epoch: string;
  channel: string;
} {
  const id = assertUserId(userId);
  return {
    seq: `user:${id}:seq`,
    log: `user:${id}:log`,
    epoch: `user:${id}:epoch`,
    // A pub/sub channel, not a key: nothing is stored under it.
    channel: `user:${id}:changes`,
  };
}

const CHANNEL = /^user:(.+):changes$/;

// Runs inside the MULTI that wrote a batch of documents, so the batch and its log entries appear
// together. KEYS: seq, log, epoch, the batch's record keys. ARGV: ttlMs (0 = no expiry), epoch
// candidate (kept only when the user has no epoch yet, e.g. after forget), the writer's origin id
// and the user's channel. Every key of the batch gets the same new sequence number: readers only
// need "everything above what I have seen". The message is only a nudge to sync (its content is
// "origin seq"): a lost one is caught by the next consistency check.
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
redis.call('PUBLISH', ARGV[4], ARGV[3] .. ' ' .. seq)
return seq
`;

// A correction or a deletion of one record. KEYS: record, seq, log, epoch. ARGV: 'outcome' + the
// new outcome, or 'delete' + a new epoch; then the origin id and the channel. Returns 0 when the record does not exist (nothing else
// happens then). A correction is logged like a write (HSET keeps the record's TTL), so every
// client's cache re-reads that key. A deletion changes the epoch instead, so every client reloads:
// a log entry of a deleted key is removed by the first client that sees it gone (ZREM), and the
// others would never learn of it.
const CHANGE_ONE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == 'delete' then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[4], ARGV[2])
  redis.call('PUBLISH', ARGV[4], ARGV[3] .. ' epoch')
  return 1
end
local ttl = redis.call('PTTL', KEYS[1])
redis.call('HSET', KEYS[1], 'outcome', ARGV[2])
local seq = redis.call('INCR', KEYS[2])
local logTtl = redis.call('PTTL', KEYS[3])
redis.call('ZADD', KEYS[3], seq, KEYS[1])
if logTtl == -2 and ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
redis.call('PUBLISH', ARGV[4], ARGV[3] .. ' ' .. seq)
return 1
`;

const WRITE_BATCH = 200;
const RELOAD_BATCH = 1000;
/** Safety net: every cached user is checked this often even when no message came. */
const PERIODIC_CHECK_MS = 30_000;

interface UserCache {
  epoch: string | null;
  seq: number;
  cache: VectorCache;
  /** The feed generation live when the last sync started (null: none, so it proves nothing). */
  checkedGeneration: number | null;
  /** The user's notice count when the last sync started (see `notices`). */
  checkedNotice: number;
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
  /** Tags this instance's messages, so it does not sync again for its own writes. */
  private readonly origin = randomBytes(8).toString('hex');
  private feed: ChangeFeed | null = null;
  private periodic: NodeJS.Timeout | null = null;
  /** Per user: changes heard of (messages, own writes); a sync started before the last is stale. */
  private readonly notices = new Map<string, number>();
  /** The dimension each user was last synced for (to catch up before their cache exists). */
  private readonly syncDim = new Map<string, number>();
  /** Subscriptions asked for and not yet confirmed (or failed), by user. */
  private readonly feedStarting = new Map<string, Promise<void>>();

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
    if (this.periodic) clearInterval(this.periodic);
    this.periodic = null;
    const feed = this.feed;
    this.feed = null;
    await feed?.close();
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
    // Already warm and trusted (prepared again, e.g. by a second service over this store): a sync
    // now would only make the next recall wait for its round trip.
    if (this.trusted(userId, space.dim)) return { ok: true, stored };
    // Warm the cache in the background: the first recall then finds it (or joins the download).
    // The subscription is asked for first, so the download usually starts after it is confirmed
    // and the cache is trusted from then on (otherwise onLive runs one more sync).
    const subscribed = this.watch(userId);
    void subscribed.finally(() => this.sync(userId, space.dim).catch(() => undefined));
    return { ok: true, stored };
  }

  /** Resolves when the user's cache is up to date (for start-up measurements and tests). */
  async whenWarm(userId: string): Promise<void> {
    const id = assertUserId(userId);
    await this.feedStarting.get(id);
    await this.syncing.get(id)?.catch(() => undefined);
  }

  /** Whether recall of `userId` is answered from the cache without a round trip now (tests). */
  isTrusted(userId: string, dim: number): boolean {
    return this.trusted(assertUserId(userId), dim) !== null;
  }

  /** Subscribes to the user's change channel (once per user; the feed re-subscribes itself). */
  private watch(userId: string): Promise<void> {
    if (this.feed?.isClosed) this.feed = null;
    if (!this.feed) {
      const feed = this.link.changeFeed?.({
        onMessage: (channel, message) => this.heard(channel, message),
        onLive: (channels) => {
          for (const channel of channels) {
            const id = CHANNEL.exec(channel)?.[1];
            const state = id !== undefined ? this.users.get(id) : undefined;
            if (id !== undefined && state) this.sync(id, state.cache.dim).catch(() => undefined);
          }
        },
      });
      if (!feed) return Promise.resolve();
      this.feed = feed;
      if (this.periodic) clearInterval(this.periodic);
      this.periodic = setInterval(() => {
        // The link was closed under us (the auto store closes only the link): stop until reopened.
        if (feed.isClosed) {
          if (this.periodic) clearInterval(this.periodic);
          this.periodic = null;
          return;
        }
        for (const [id, state] of this.users) this.sync(id, state.cache.dim).catch(() => undefined);
      }, PERIODIC_CHECK_MS);
      this.periodic.unref?.();
    }
    const channel = syncKeys(userId).channel;
    if (this.feed.liveGeneration(channel) !== null) return Promise.resolve();
    let pending = this.feedStarting.get(userId);
    if (!pending) {
      pending = this.feed
        .add(channel)
        .catch(() => undefined)
        .finally(() => this.feedStarting.delete(userId));
      this.feedStarting.set(userId, pending);
    }
    return pending;
  }

  /** A message on a user's channel: someone else changed their records; sync in the background. */
  private heard(channel: string, message: string): void {
    const id = CHANNEL.exec(channel)?.[1];
    if (id === undefined) return;
    if (message.split(' ', 1)[0] === this.origin) return; // our own write: already synced
    this.changed(id);
  }

  /** A change to `userId`'s records: the cache is stale until a sync that starts now is done. */
  private changed(userId: string): void {
    this.notices.set(userId, (this.notices.get(userId) ?? 0) + 1);
    // Cached, or its first download under way: catch up now rather than at the next recall.
    const dim = this.users.get(userId)?.cache.dim ?? this.syncDim.get(userId);
    if (dim !== undefined) this.sync(userId, dim).catch(() => undefined);
  }

  /** The user's cache if it can answer without a round trip (see the header), else null. */
  private trusted(userId: string, dim: number): UserCache | null {
    const state = this.users.get(userId);
    if (!state || state.cache.dim !== dim || this.syncing.has(userId)) return null;
    if (state.checkedNotice !== (this.notices.get(userId) ?? 0)) return null;
    const live = this.feed?.liveGeneration(syncKeys(userId).channel) ?? null;
    return live !== null && state.checkedGeneration === live ? state : null;
  }

  /** The user's cache, synced first unless it can be trusted as it is. */
  private current(userId: string, dim: number): UserCache | Promise<UserCache> {
    return this.trusted(userId, dim) ?? this.sync(userId, dim);
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
        this.origin,
        keys.channel,
      ]);
      batches.push(commands);
    }
    // All batches are sent at once; node-redis keeps each MULTI…EXEC contiguous on the socket.
    try {
      await Promise.all(batches.map((commands) => this.link.transaction(commands)));
    } finally {
      // Even a failed write may have landed in part: read our own writes back either way.
      this.changed(userId);
    }
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
    const { seq, log, epoch, channel } = syncKeys(userId);
    try {
      const reply = await this.link.send([
        'EVAL',
        CHANGE_ONE_SCRIPT,
        '4',
        key,
        seq,
        log,
        epoch,
        ...args,
        this.origin,
        channel,
      ]);
      return replyNumber(reply) === 1;
    } finally {
      this.changed(userId);
    }
  }

  async findSimilar(userId: string, query: FindSimilarQuery): Promise<SimilarIntervention[]> {
    assertUserId(userId);
    const outcomes = query.outcomes === 'any' ? 'any' : assertOutcomes(query.outcomes);
    const state = await this.current(userId, query.vector.length);
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
    const state = await this.current(userId, query.vector.length);
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
    this.changed(userId);
    // The epoch is gone: every other client's next sync reloads (and finds nothing).
    await this.link.send(['PUBLISH', syncKeys(userId).channel, `${this.origin} epoch`]);
    return deleted;
  }

  async resetSpace(userId: string): Promise<void> {
    const keys = syncKeys(userId);
    this.users.delete(userId);
    await this.link.transaction([
      ['DEL', metaKey(userId)],
      ['SET', keys.epoch, randomBytes(8).toString('hex')],
      ['PUBLISH', keys.channel, `${this.origin} epoch`],
    ]);
    this.changed(userId);
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
    this.syncDim.set(userId, dim);
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
    // What this sync can vouch for is fixed before it reads anything: changes announced later
    // (or a subscription confirmed later) are not covered by it.
    void this.watch(userId);
    const checkedGeneration = this.feed?.liveGeneration(keys.channel) ?? null;
    const checkedNotice = this.notices.get(userId) ?? 0;
    const head = replyArray(await this.link.send(['MGET', keys.epoch, keys.seq]));
    const epoch = replyString(head[0]);
    const seq = replyNumber(head[1]) ?? 0;
    let state = this.users.get(userId);

    if (!state || state.epoch !== epoch || seq < state.seq || state.cache.dim !== dim) {
      state = { epoch, seq, cache: new VectorCache(dim), checkedGeneration, checkedNotice };
      const all = await scanKeys(this.link, prefixPattern(interventionPrefix(userId)));
      // Batch by batch into the cache, so the download never holds every record at once.
      for (let start = 0; start < all.length; start += RELOAD_BATCH) {
        const batch = all.slice(start, start + RELOAD_BATCH);
        for (const stored of await readInterventions(this.link, batch, 'hash')) {
          if (stored) state.cache.upsert(stored.record, stored.expiresAt);
        }
      }
      state.cache.warmUp();
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
    state.checkedGeneration = checkedGeneration;
    state.checkedNotice = checkedNotice;
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
