// The durable local outbox: records the store could not take (Redis down, embedding failed, space
// mismatch) wait here, on disk, until they can be written. One file per entry in `${dataDir}/outbox/`,
// written with writeFileDurable (temp file in this folder, fsync, rename, fsync the folder, 0600), so
// an entry is either wholly there or not at all; a failed write removes its temp file, and opening
// the outbox removes the temp files of writers that died mid-write.
//
// Each entry records the store it belongs to (storeIdentity: the Redis server and database without
// credentials, or the embedded store next to this outbox). It is replayed only into that store:
// entries for another store wait (foreign()), so memory never splits between two stores because
// REDIS_URL changed between runs. Entries written before this field existed go to any store.
//
// Why one file per entry rather than one append-only journal: the desktop app and the `keel` CLI may
// run at the same time on the same data directory. Each process only ever creates its own files and
// removes files after the store acknowledged them, so no process can lose another's entries while
// compacting a shared journal. A file removed twice (both processes replayed it) is harmless: keys are
// chosen when the record is created, so the second write overwrites the same key.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  EmbeddingSpaceSchema,
  InsightSchema,
  InterventionSummarySchema,
  UserIdSchema,
  type Insight,
  type InterventionSummary,
} from '../../shared/domain';
import {
  ensurePrivateDir,
  removeStaleTemps,
  syncDir,
  writeFileDurable,
} from '../base/durable-file';
import { describeError } from '../base/redact';
import type { Logger } from '../base/logger';
import { silentLogger } from '../base/logger';
import { bufferToVector, vectorToBuffer } from './vector-math';

/** A vector with the space it was made in; replay re-embeds vectors of another space. */
export interface SpacedVector {
  model: string;
  dim: number;
  values: Float32Array;
}

export type OutboxPayload =
  | {
      kind: 'intervention';
      userId: string;
      record: InterventionSummary;
      embedding: SpacedVector | null;
    }
  | { kind: 'insight'; userId: string; insight: Insight };

export type OutboxEntry = OutboxPayload & {
  /** The file name: sorts in queue order. */
  id: string;
  queuedAt: number;
  /** The store this entry belongs to (storeIdentity); null for entries from before the binding. */
  store: string | null;
};

/** The embedded store next to this outbox (both live in the same data folder and move together). */
export const EMBEDDED_STORE_IDENTITY = 'embedded';

/**
 * Which store a Redis URL points at, without credentials: `redis://host:port/db`, lower-cased host,
 * default port 6379 and database 0. The username and TLS are dropped too: they change how Keel
 * connects, not where the records are.
 */
export function redisStoreIdentity(url: string): string {
  try {
    const u = new URL(url);
    const db = Number.parseInt(u.pathname.replace(/^\//, '') || '0', 10);
    return `redis://${u.hostname.toLowerCase()}:${u.port || '6379'}/${Number.isFinite(db) ? db : 0}`;
  } catch {
    // Not a URL the client could use either; strip anything that looks like credentials.
    return `redis://${url.replace(/^[a-z+]*:\/\//i, '').replace(/^[^@]*@/, '')}`;
  }
}

/** A queued record is the intervention's summary, as the field table defines it (shared/domain.ts). */
const RecordSchema = InterventionSummarySchema;

// On disk the vector is base64 of little-endian float32: exact, and a quarter of the JSON-number size.
const FileSchema = z.discriminatedUnion('kind', [
  z.object({
    version: z.literal(1),
    kind: z.literal('intervention'),
    userId: UserIdSchema,
    store: z.string().min(1).max(300).optional(),
    queuedAt: z.number(),
    record: RecordSchema,
    embedding: EmbeddingSpaceSchema.extend({ base64: z.string() }).nullable(),
  }),
  z.object({
    version: z.literal(1),
    kind: z.literal('insight'),
    userId: UserIdSchema,
    store: z.string().min(1).max(300).optional(),
    queuedAt: z.number(),
    insight: InsightSchema,
  }),
]);
type OutboxFile = z.infer<typeof FileSchema>;

const ENTRY_NAME = /^\d{15}-\d{6}-[0-9a-f]{8}\.json$/;
/** Temp files of versions before writeFileDurable (no pid in the name). */
const LEGACY_TEMP = /^\.\d{15}-\d{6}-[0-9a-f]{8}\.json\.tmp$/;

/** What doctor says about the outbox folder: entries it could not read, and torn writes. */
export interface OutboxDamage {
  /** Entries moved to corrupt/ (this run or earlier): damaged data, kept for inspection. */
  corrupt: string[];
  /** Temp files of interrupted writes removed at open: unfinished writes, nothing was acknowledged. */
  tornRemoved: number;
}

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private seq = 0;
  private tornRemoved = 0;

  private constructor(
    readonly dir: string,
    /** The store this process writes to: new entries are bound to it, and only its are replayed. */
    readonly store: string,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

  /**
   * Opens (creating if needed) the outbox directory, removes temp files of interrupted writes and
   * loads what earlier runs left in it. `store` defaults to the embedded store.
   */
  static async open(
    dir: string,
    options: { logger?: Logger; clock?: () => number; store?: string } = {},
  ): Promise<Outbox> {
    await ensurePrivateDir(dir);
    const outbox = new Outbox(
      dir,
      options.store ?? EMBEDDED_STORE_IDENTITY,
      options.logger ?? silentLogger,
      options.clock ?? Date.now,
    );
    outbox.tornRemoved = (await removeStaleTemps(dir)) + (await removeLegacyTemps(dir));
    if (outbox.tornRemoved)
      outbox.logger.info(
        `removed ${outbox.tornRemoved} unfinished outbox write(s) left by an interrupted run`,
      );
    await outbox.refresh();
    return outbox;
  }

  /** How many entries wait for this store. */
  get size(): number {
    return this.pending().length;
  }

  /** Entries for this store in queue order, optionally only one user's. */
  pending(userId?: string): OutboxEntry[] {
    return this.all(userId).filter((e) => this.isOurs(e));
  }

  /** Entries that belong to another store (they wait until Keel is pointed at it again). */
  foreign(userId?: string): OutboxEntry[] {
    return this.all(userId).filter((e) => !this.isOurs(e));
  }

  /** Every entry, whichever store it belongs to, in queue order. */
  all(userId?: string): OutboxEntry[] {
    const all = [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return userId === undefined ? all : all.filter((e) => e.userId === userId);
  }

  /** Damaged entries (kept in corrupt/) and torn writes removed at open, for doctor. */
  async damage(): Promise<OutboxDamage> {
    let corrupt: string[] = [];
    try {
      corrupt = (await readdir(join(this.dir, 'corrupt'))).filter((n) => !n.startsWith('.'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return { corrupt, tornRemoved: this.tornRemoved };
  }

  private isOurs(entry: OutboxEntry): boolean {
    return entry.store === null || entry.store === this.store;
  }

  /**
   * Re-reads the directory: picks up entries another process (the CLI, the app) queued, and drops
   * the ones it already replayed. Unreadable files are moved to `corrupt/` rather than deleted.
   */
  async refresh(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => ENTRY_NAME.test(n));
    const present = new Set(names);
    for (const id of this.entries.keys()) if (!present.has(id)) this.entries.delete(id);
    for (const name of names) {
      if (this.entries.has(name)) continue;
      const entry = await this.readEntry(name);
      if (entry) this.entries.set(name, entry);
    }
  }

  /** Durably queues one entry (returns once it is fsynced). */
  async append(payload: OutboxPayload): Promise<OutboxEntry> {
    const queuedAt = this.clock();
    const id = `${String(queuedAt).padStart(15, '0')}-${String(this.seq++ % 1_000_000).padStart(6, '0')}-${randomBytes(4).toString('hex')}.json`;
    const entry = { ...payload, id, queuedAt, store: this.store } as OutboxEntry;
    await writeFileDurable(join(this.dir, id), JSON.stringify(toFile(entry)));
    this.entries.set(id, entry);
    return entry;
  }

  /** Removes entries the store acknowledged. Missing files (removed by another process) are fine. */
  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      try {
        await unlink(join(this.dir, id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      this.entries.delete(id);
    }
    if (ids.length) await syncDir(this.dir);
  }

  private async readEntry(name: string): Promise<OutboxEntry | null> {
    let text: string;
    try {
      text = await readFile(join(this.dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null; // replayed meanwhile
      throw error;
    }
    try {
      return fromFile(name, FileSchema.parse(JSON.parse(text)));
    } catch (error) {
      this.logger.error(
        `outbox entry ${name} is unreadable (${describeError(error)}); moved to corrupt/`,
      );
      await ensurePrivateDir(join(this.dir, 'corrupt'));
      await rename(join(this.dir, name), join(this.dir, 'corrupt', name)).catch(() => undefined);
      return null;
    }
  }
}

async function removeLegacyTemps(dir: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!LEGACY_TEMP.test(name)) continue;
    await unlink(join(dir, name)).catch(() => undefined);
    removed++;
  }
  return removed;
}

function toFile(entry: OutboxEntry): OutboxFile {
  if (entry.kind === 'insight') {
    return {
      version: 1,
      kind: 'insight',
      userId: entry.userId,
      ...(entry.store ? { store: entry.store } : {}),
      queuedAt: entry.queuedAt,
      insight: entry.insight,
    };
  }
  const e = entry.embedding;
  return {
    version: 1,
    kind: 'intervention',
    userId: entry.userId,
    ...(entry.store ? { store: entry.store } : {}),
    queuedAt: entry.queuedAt,
    record: entry.record,
    embedding: e
      ? { model: e.model, dim: e.dim, base64: vectorToBuffer(e.values).toString('base64') }
      : null,
  };
}

function fromFile(id: string, file: OutboxFile): OutboxEntry {
  if (file.kind === 'insight') {
    return {
      id,
      kind: 'insight',
      userId: file.userId,
      store: file.store ?? null,
      queuedAt: file.queuedAt,
      insight: file.insight,
    };
  }
  let embedding: SpacedVector | null = null;
  if (file.embedding) {
    const values = bufferToVector(Buffer.from(file.embedding.base64, 'base64'));
    // A vector whose length disagrees with its declared dim is dropped: it is re-embedded at replay.
    if (values.length === file.embedding.dim)
      embedding = { model: file.embedding.model, dim: file.embedding.dim, values };
  }
  return {
    id,
    kind: 'intervention',
    userId: file.userId,
    store: file.store ?? null,
    queuedAt: file.queuedAt,
    record: file.record,
    embedding,
  };
}
