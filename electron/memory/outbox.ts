// The durable local outbox: records the store could not take (Redis down, embedding failed, space
// mismatch) wait here, on disk, until they can be written. One file per entry in `${dataDir}/outbox/`:
// written to a temporary name, fsynced, renamed into place and the directory fsynced, so an entry is
// either wholly there or not at all, and a crash never leaves half a record behind.
//
// Why one file per entry rather than one append-only journal: the desktop app and the `keel` CLI may
// run at the same time on the same data directory. Each process only ever creates its own files and
// removes files after the store acknowledged them, so no process can lose another's entries while
// compacting a shared journal. A file removed twice (both processes replayed it) is harmless: keys are
// chosen when the record is created, so the second write overwrites the same key.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
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
import { describeError } from '../core/redact';
import type { Logger } from '../core/logger';
import { silentLogger } from '../core/logger';
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
};

/** A queued record is the intervention's summary, as the field table defines it (shared/domain.ts). */
const RecordSchema = InterventionSummarySchema;

// On disk the vector is base64 of little-endian float32: exact, and a quarter of the JSON-number size.
const FileSchema = z.discriminatedUnion('kind', [
  z.object({
    version: z.literal(1),
    kind: z.literal('intervention'),
    userId: UserIdSchema,
    queuedAt: z.number(),
    record: RecordSchema,
    embedding: EmbeddingSpaceSchema.extend({ base64: z.string() }).nullable(),
  }),
  z.object({
    version: z.literal(1),
    kind: z.literal('insight'),
    userId: UserIdSchema,
    queuedAt: z.number(),
    insight: InsightSchema,
  }),
]);
type OutboxFile = z.infer<typeof FileSchema>;

const ENTRY_NAME = /^\d{15}-\d{6}-[0-9a-f]{8}\.json$/;

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private seq = 0;

  private constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

  /** Opens (creating if needed) the outbox directory and loads what earlier runs left in it. */
  static async open(
    dir: string,
    options: { logger?: Logger; clock?: () => number } = {},
  ): Promise<Outbox> {
    await mkdir(dir, { recursive: true });
    const outbox = new Outbox(dir, options.logger ?? silentLogger, options.clock ?? Date.now);
    await outbox.refresh();
    return outbox;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Pending entries in queue order, optionally only one user's. */
  pending(userId?: string): OutboxEntry[] {
    const all = [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return userId === undefined ? all : all.filter((e) => e.userId === userId);
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
    const entry = { ...payload, id, queuedAt } as OutboxEntry;
    const tmp = join(this.dir, `.${id}.tmp`);
    const file = await open(tmp, 'wx');
    try {
      await file.writeFile(JSON.stringify(toFile(entry)));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, join(this.dir, id));
    await this.syncDir();
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
    if (ids.length) await this.syncDir();
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
      await mkdir(join(this.dir, 'corrupt'), { recursive: true });
      await rename(join(this.dir, name), join(this.dir, 'corrupt', name)).catch(() => undefined);
      return null;
    }
  }

  /** Makes a rename/unlink durable. Directories cannot be opened on Windows: best effort there. */
  private async syncDir(): Promise<void> {
    try {
      const dir = await open(this.dir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      // Not supported on this platform; the rename itself is still atomic.
    }
  }
}

function toFile(entry: OutboxEntry): OutboxFile {
  if (entry.kind === 'insight') {
    return {
      version: 1,
      kind: 'insight',
      userId: entry.userId,
      queuedAt: entry.queuedAt,
      insight: entry.insight,
    };
  }
  const e = entry.embedding;
  return {
    version: 1,
    kind: 'intervention',
    userId: entry.userId,
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
    queuedAt: file.queuedAt,
    record: file.record,
    embedding,
  };
}
