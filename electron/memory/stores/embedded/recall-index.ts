// The vectors recall scans, held in this process and kept in step with the database, whoever
// wrote it. A user's vectors are loaded in the background as soon as the store prepares the user
// (preload: a few thousand rows per turn of the event loop, so opening stays fast and the app keeps
// answering), or on their first recall if nobody asked earlier; after that every write, by this
// process or another one (the CLI next to the app), reaches them through the `changes` table the
// triggers fill: the keys changed since the last seq seen are read again, and a key that is gone
// (deleted, forgotten, swept) is removed. `PRAGMA data_version` says when another connection has
// committed, so a recall with nothing new costs no query. A process that fell behind the pruned
// part of the change log reloads its users in full.
import type Database from 'better-sqlite3';
import { OutcomeSchema, type EmbeddingSpace } from '../../../../shared/domain';
import { vectorFromBytes } from '../../vector-math';
import { SpaceVectors } from './space-vectors';

/** Vector rows as the index reads them. */
interface VectorRow {
  key: string;
  user_id: string;
  outcome: string;
  embedding_model: string;
  embedding_dim: number;
  embedding: Uint8Array;
  expires_at: number | null;
}

const VECTOR_COLUMNS =
  'key, user_id, outcome, embedding_model, embedding_dim, embedding, expires_at';
/** Rows read per turn of the event loop by a background load (a few ms each). */
const PRELOAD_CHUNK = 2_000;

function spaceId(model: string, dim: number): string {
  return `${dim}\u0000${model}`;
}

/** One user's vectors, grouped by embedding space so recall never compares two models. */
class UserVectors {
  private readonly spaces = new Map<string, SpaceVectors>();
  private readonly spaceOfKey = new Map<string, SpaceVectors>();

  put(row: VectorRow): void {
    const outcome = OutcomeSchema.safeParse(row.outcome);
    if (!outcome.success || row.embedding.byteLength !== row.embedding_dim * 4) {
      this.remove(row.key); // not a record recall can use (the listing skips it too)
      return;
    }
    const id = spaceId(row.embedding_model, row.embedding_dim);
    let target = this.spaces.get(id);
    if (!target) {
      target = new SpaceVectors(row.embedding_model, row.embedding_dim);
      this.spaces.set(id, target);
    }
    const previous = this.spaceOfKey.get(row.key);
    if (previous && previous !== target) previous.remove(row.key);
    target.upsert(
      row.key,
      outcome.data,
      vectorFromBytes(row.embedding),
      row.expires_at ?? Infinity,
    );
    this.spaceOfKey.set(row.key, target);
  }

  remove(key: string): void {
    this.spaceOfKey.get(key)?.remove(key);
    this.spaceOfKey.delete(key);
  }

  warmUp(): void {
    for (const space of this.spaces.values()) space.warmUp();
  }

  space(space: EmbeddingSpace): SpaceVectors | undefined {
    return this.spaces.get(spaceId(space.model, space.dim));
  }
}

export class RecallIndex {
  private readonly users = new Map<string, UserVectors>();
  private lastSeq = 0;
  private dataVersion = -1;
  /** This process wrote since the last refresh (its own commits do not move data_version). */
  private dirty = true;
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      maxSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM changes').pluck(),
      prunedThrough: db
        .prepare(`SELECT CAST(value AS INTEGER) FROM store_meta WHERE name = 'pruned_through'`)
        .pluck(),
      changedSince: db.prepare('SELECT seq, user_id, key FROM changes WHERE seq > ? ORDER BY seq'),
      rowByKey: db.prepare(`SELECT ${VECTOR_COLUMNS} FROM interventions WHERE key = ?`),
      rowsOfUser: db.prepare(`SELECT ${VECTOR_COLUMNS} FROM interventions WHERE user_id = ?`),
      rowsOfUserAfter: db.prepare(
        // `+user_id` keeps SQLite off the user index: with it, every chunk would read and sort
        // all of the user's rows (quadratic); without it, each chunk is one rowid range.
        `SELECT rowid AS row_id, ${VECTOR_COLUMNS} FROM interventions
           WHERE +user_id = ? AND rowid > ? ORDER BY rowid LIMIT ${PRELOAD_CHUNK}`,
      ),
      changedForUser: db.prepare('SELECT key FROM changes WHERE seq > ? AND user_id = ?'),
    };
  }

  /** Background loads under way, by user. */
  private readonly loading = new Map<string, Promise<void>>();
  private closed = false;

  /**
   * Loads the user's vectors in the background, chunk by chunk between turns of the event loop.
   * Writes committed meanwhile (by anyone) are applied at the end from the change log, so the
   * result is what a load at that moment would have read.
   */
  preload(userId: string): Promise<void> {
    if (this.users.has(userId)) return Promise.resolve();
    let running = this.loading.get(userId);
    if (!running) {
      running = this.loadInChunks(userId).finally(() => this.loading.delete(userId));
      this.loading.set(userId, running);
    }
    return running;
  }

  /** Resolves when no background load of `userId` is running (a recall waits for it). */
  async whenLoaded(userId: string): Promise<void> {
    await this.loading.get(userId)?.catch(() => undefined);
  }

  /** Stops background loads (the database is closing). */
  close(): void {
    this.closed = true;
  }

  private async loadInChunks(userId: string): Promise<void> {
    const startSeq = this.statements.maxSeq.get() as number;
    const user = new UserVectors();
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.closed) return;
      if (this.users.has(userId)) return; // a recall loaded it meanwhile
      const rows = this.statements.rowsOfUserAfter.all(userId, after) as Array<
        VectorRow & { row_id: number }
      >;
      for (const row of rows) user.put(row);
      if (rows.length < PRELOAD_CHUNK) break;
      after = rows.at(-1)!.row_id;
    }
    // The end, in one read transaction: rows changed since the load began are read again (a key
    // may have moved to a rowid already passed, or gone), then the user joins the caught-up set.
    this.db.transaction(() => {
      const pruned = (this.statements.prunedThrough.get() as number | undefined) ?? 0;
      if (startSeq < pruned) {
        this.load(userId); // changes we would need are gone: read it all now
        return;
      }
      const changed = this.statements.changedForUser.all(startSeq, userId) as Array<{
        key: string;
      }>;
      for (const key of new Set(changed.map((c) => c.key))) {
        const row = this.statements.rowByKey.get(key) as VectorRow | undefined;
        if (row && row.user_id === userId) user.put(row);
        else user.remove(key);
      }
      if (this.users.size === 0) this.lastSeq = this.statements.maxSeq.get() as number;
      // Later changes of this user (above lastSeq) are applied again by the next catch-up: each
      // re-reads the row's current state, so applying one twice is harmless.
      this.users.set(userId, user);
    })();
    user.warmUp();
  }

  /** Called after every write of this process: the next read catches up through the change log. */
  markWritten(): void {
    this.dirty = true;
  }

  /** The user's vectors in `space`, up to date with every commit so far (any process). */
  vectorsOf(userId: string, space: EmbeddingSpace): SpaceVectors | undefined {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (this.dirty || version !== this.dataVersion || !this.users.has(userId)) {
      // One read transaction: the catch-up and a first load see the same snapshot, so lastSeq is
      // exactly what both reflect.
      this.db.transaction(() => this.catchUp(userId))();
      this.dataVersion = version;
      this.dirty = false;
    }
    return this.users.get(userId)?.space(space);
  }

  private catchUp(userId: string): void {
    const pruned = (this.statements.prunedThrough.get() as number | undefined) ?? 0;
    if (this.users.size === 0) {
      // Nothing held yet: what is loaded below is the current state, whatever the log says.
      this.lastSeq = this.statements.maxSeq.get() as number;
    } else if (this.lastSeq < pruned) {
      // Changes we never saw were pruned: reload the users we hold.
      const held = [...this.users.keys()];
      this.users.clear();
      this.lastSeq = this.statements.maxSeq.get() as number;
      for (const id of held) this.load(id);
    } else {
      const changed = this.statements.changedSince.all(this.lastSeq) as Array<{
        seq: number;
        user_id: string;
        key: string;
      }>;
      const seen = new Set<string>();
      for (const change of changed) {
        this.lastSeq = change.seq;
        const user = this.users.get(change.user_id);
        if (!user || seen.has(change.key)) continue;
        seen.add(change.key);
        const row = this.statements.rowByKey.get(change.key) as VectorRow | undefined;
        if (row && row.user_id === change.user_id) user.put(row);
        else user.remove(change.key);
      }
    }
    if (!this.users.has(userId)) this.load(userId);
  }

  private load(userId: string): void {
    const user = new UserVectors();
    for (const row of this.statements.rowsOfUser.iterate(userId) as Iterable<VectorRow>) {
      user.put(row);
    }
    this.users.set(userId, user);
  }
}
