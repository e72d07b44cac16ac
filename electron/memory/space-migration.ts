// Moving a user's memory to a new embedding space (after a model or dimension change): every stored
// record is re-embedded with the current embedder, then the space is reset and the records are
// rewritten under their own keys. The desktop app runs this in the background as soon as it sees a
// mismatch (saving a Gemini key, a new offline model id); `keel reindex` runs the same code in the
// foreground.
//
// Resumable: each re-embedded batch is appended (fsynced, 0600) to `${dataDir}/reembed/<user>.jsonl`
// under a header naming the target space, so a restart continues from where it stopped instead of
// paying for the embeddings again. The file is removed only after the rewrite finished; a file still
// there at start means an unfinished move, which is resumed even if the store already reports the
// new space (the crash came between the reset and the last rewrite).
//
// While it runs, recall answers from the records already re-embedded (exact cosine in process, newest
// records first so recent memory comes back first), and new records wait in the outbox with vectors
// of the new space; they are replayed right after the rewrite.
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { EmbeddingSpace, SimilarIntervention, StoredIntervention } from '../../shared/domain';
import { appendFileDurable, ensurePrivateDir, writeFileDurable } from '../base/durable-file';
import type { Logger } from '../base/logger';
import type { CheckedEmbedder } from './checked-embedder';
import type { FindSimilarQuery, MemoryStore, SpaceCheck } from './stores/types';
import { momentText } from './types';
import { TopK, bufferToVector, cosineSimilarity, vectorToBuffer } from './vector-math';

export interface MigrationProgress {
  done: number;
  total: number;
}

export interface SpaceMigrationDeps {
  store: MemoryStore;
  embedding: CheckedEmbedder;
  space: EmbeddingSpace;
  ttlMs: number;
  /** `${dataDir}/reembed`. */
  dir: string;
  batchSize: number;
  logger: Logger;
  describe(error: unknown): string;
  /** Puts a time limit on a store call (StoreHealth.guard). */
  guard<T>(what: string, promise: Promise<T>): Promise<T>;
  /** Called after each batch and when a move ends (the app announces its status). */
  onChange?(): void;
  /** The move finished: the store holds every record in the new space (check from prepareUser). */
  onMoved(user: string, check: Extract<SpaceCheck, { ok: true }>): Promise<void>;
}

const HeaderSchema = z.object({ version: z.literal(1), model: z.string(), dim: z.number().int() });
const LineSchema = z.object({ key: z.string().min(1), v: z.string() });

/** One user's move in progress: the records being moved and the vectors made so far. */
interface Move {
  records: Map<string, StoredIntervention>;
  staged: Map<string, Float32Array>;
  progress: MigrationProgress;
}

export class SpaceMigration {
  private readonly moves = new Map<string, Move>();
  private readonly running = new Map<string, Promise<MoveResult>>();
  private stopped = false;

  constructor(private readonly deps: SpaceMigrationDeps) {}

  /** The progress of a move under way (the first user's), or null. */
  progress(): (MigrationProgress & { user: string }) | null {
    for (const [user, move] of this.moves) return { user, ...move.progress };
    return null;
  }

  isRunning(user: string): boolean {
    return this.running.has(user);
  }

  /** Whether an unfinished move for the current space was left by an earlier run. */
  async unfinished(user: string): Promise<boolean> {
    return (await this.readStaged(user)) !== null;
  }

  /**
   * Moves the user's memory (single-flight per user). A failure (embedding or store down) is logged
   * and rejects; what was re-embedded stays staged for the next attempt.
   */
  run(user: string, onProgress?: (p: MigrationProgress) => void): Promise<MoveResult> {
    const current = this.running.get(user);
    if (current) return current;
    const next = this.moveOnce(user, onProgress).finally(() => {
      this.running.delete(user);
      this.moves.delete(user);
      this.deps.onChange?.();
    });
    this.running.set(user, next);
    return next;
  }

  /** Starts a move in the background; failures are logged (the next trigger retries). */
  start(user: string): void {
    if (this.stopped || this.running.has(user)) return;
    void this.run(user).catch((error: unknown) =>
      this.deps.logger.warn(
        `re-embedding ${user}'s memory paused: ${this.deps.describe(error)} (it resumes later)`,
      ),
    );
  }

  /** Resolves when no move is running (tests and hosts wait on this instead of polling). */
  async whenIdle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }

  /** Stops after the batch under way (a quitting app); staged work stays on disk. */
  async close(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.running.values()]);
  }

  /**
   * Exact search over the records already re-embedded for a move under way; null when no move is
   * running for the user (or nothing is re-embedded yet).
   */
  recall(user: string, query: FindSimilarQuery): SimilarIntervention[] | null {
    const move = this.moves.get(user);
    if (!move || !move.staged.size) return null;
    const top = new TopK<SimilarIntervention>(query.k);
    for (const [key, vector] of move.staged) {
      const record = move.records.get(key);
      if (!record || vector.length !== query.vector.length) continue;
      if (query.outcomes !== 'any' && !query.outcomes.includes(record.outcome)) continue;
      const similarity = cosineSimilarity(query.vector, vector);
      if (similarity < query.minSimilarity) continue;
      const { embedding: _e, embeddingModel: _m, embeddingDim: _d, ...summary } = record;
      top.push(similarity, { ...summary, similarity, score: similarity });
    }
    return top.sorted().map(({ item }) => item);
  }

  private async moveOnce(
    user: string,
    onProgress?: (p: MigrationProgress) => void,
  ): Promise<MoveResult> {
    const { store, space, guard, batchSize } = this.deps;
    const staged = (await this.readStaged(user)) ?? new Map<string, Float32Array>();
    if (!staged.size) await this.writeHeader(user);
    const move: Move = { records: new Map(), staged, progress: { done: 0, total: 0 } };
    this.moves.set(user, move);
    const inSpace = (r: StoredIntervention) =>
      r.embeddingModel === space.model && r.embeddingDim === space.dim;
    let reembedded = 0;
    // Re-listed until nothing is left: another process may have written while this one embedded.
    for (;;) {
      const records = await guard('list for re-embedding', store.listInterventions(user));
      move.records = new Map(records.map((r) => [r.key, r]));
      const stale = records.filter((r) => !inSpace(r) && !staged.has(r.key));
      const report = () => {
        const done = records.filter((r) => inSpace(r) || staged.has(r.key)).length;
        move.progress = { done, total: records.length };
        onProgress?.(move.progress);
        this.deps.onChange?.();
      };
      report();
      if (!stale.length) break;
      // Newest first (listInterventions' order): recent memory is recalled again soonest.
      for (let i = 0; i < stale.length; i += batchSize) {
        if (this.stopped) throw new Error('Keel is closing');
        const batch = stale.slice(i, i + batchSize);
        const vectors = await this.deps.embedding.embedMany(
          batch.map((r) => momentText(r.task, r.context)),
        );
        if (!vectors) throw new Error(`embedding failed: ${this.deps.embedding.problem}`);
        await this.appendStaged(
          user,
          batch.map((r, j) => [r.key, vectors[j]!] as const),
        );
        batch.forEach((r, j) => staged.set(r.key, vectors[j]!));
        reembedded += batch.length;
        report();
      }
    }

    const rebuilt = [...move.records.values()].map((r) => {
      const vector = staged.get(r.key);
      return vector && !inSpace(r)
        ? { ...r, embeddingModel: space.model, embeddingDim: space.dim, embedding: vector }
        : r;
    });
    await guard('reset space', store.resetSpace(user));
    const check = await guard('prepare', store.prepareUser(user, space));
    if (!check.ok)
      throw new Error(`the store still reports a mismatch after the reset (${check.message})`);
    for (let i = 0; i < rebuilt.length; i += batchSize) {
      await guard(
        'rewrite',
        store.putInterventions(user, rebuilt.slice(i, i + batchSize), this.deps.ttlMs),
      );
    }
    await unlink(this.path(user)).catch(() => undefined);
    await this.deps.onMoved(user, check);
    return { total: rebuilt.length, reembedded };
  }

  private path(user: string): string {
    return join(this.deps.dir, `${user}.jsonl`);
  }

  /** Vectors staged for the current space, or null (no file, or one for another space). */
  private async readStaged(user: string): Promise<Map<string, Float32Array> | null> {
    let text: string;
    try {
      text = await readFile(this.path(user), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const [first, ...rest] = text.split('\n');
    const header = HeaderSchema.safeParse(safeJson(first ?? ''));
    const { model, dim } = this.deps.space;
    if (!header.success || header.data.model !== model || header.data.dim !== dim) return null;
    const staged = new Map<string, Float32Array>();
    for (const raw of rest) {
      // A torn last line (a crash mid-append) is simply embedded again.
      const line = LineSchema.safeParse(safeJson(raw));
      if (!line.success) continue;
      const vector = bufferToVector(Buffer.from(line.data.v, 'base64'));
      if (vector.length === dim) staged.set(line.data.key, vector);
    }
    return staged;
  }

  private async writeHeader(user: string): Promise<void> {
    await ensurePrivateDir(this.deps.dir);
    const { model, dim } = this.deps.space;
    await writeFileDurable(this.path(user), JSON.stringify({ version: 1, model, dim }) + '\n');
  }

  private async appendStaged(
    user: string,
    vectors: ReadonlyArray<readonly [string, Float32Array]>,
  ): Promise<void> {
    const text = vectors
      .map(([key, v]) => JSON.stringify({ key, v: vectorToBuffer(v).toString('base64') }) + '\n')
      .join('');
    await appendFileDurable(this.path(user), text);
  }
}

export interface MoveResult {
  total: number;
  reembedded: number;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
