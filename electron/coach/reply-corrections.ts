// What this person meant when Keel misread them: replies they corrected ("Not quite?"), each with
// the outcome they chose and the reply's embedding. A later reply close to a corrected one, by
// embedding, takes the corrected outcome — the local classifier (shared/outcome) stays the same
// for everyone; this layer sits on top of it and is personal.
//
// Decision: the corrections live in one small private file per user, owned by this module,
// `${dataDir}/corrections/${userId}.json` (directory 0700, file 0600, written atomically), and not
// in memory: memory records are check-ins (nudge, context, outcome) with a TTL and no reply text,
// while a correction is about the reply and should outlast the 30-day retention. Vectors of another
// embedding model or dimension are never compared (a model change simply starts the list afresh),
// and the list keeps the newest MAX_CORRECTIONS. "Delete my data" removes the file too.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  LIMITS,
  OutcomeSchema,
  assertUserId,
  clampText,
  type EmbeddingSpace,
  type Outcome,
} from '../../shared/domain';
import type { Logger } from '../base/logger';
import { describeError } from '../base/redact';

/** A reply at least this similar to a corrected one takes its outcome. */
export const CORRECTION_MATCH_MIN = 0.85;
/** The newest this many corrections are kept. */
export const MAX_CORRECTIONS = 200;

export interface CorrectionMatch {
  outcome: Outcome;
  similarity: number;
  /** The corrected reply it matched. */
  reply: string;
}

export interface ReplyCorrections {
  /** Whether any correction is kept (when none is, a reply costs no embedding). */
  readonly size: number;
  /** The outcome of the closest corrected reply, when it is close enough; null otherwise. */
  match(reply: string): Promise<CorrectionMatch | null>;
  /** Keeps (or replaces) the correction of this reply. */
  remember(reply: string, outcome: Outcome, at: number): Promise<void>;
  /** Forgets every correction (delete my data). */
  clear(): Promise<void>;
}

const EntrySchema = z.object({
  reply: z.string().max(LIMITS.reply),
  outcome: OutcomeSchema,
  at: z.number(),
  /** Base64 of the little-endian float32 vector. */
  vector: z.string().max(200_000),
});
const FileSchema = z.object({
  version: z.literal(1),
  model: z.string(),
  dim: z.number().int().positive(),
  entries: z.array(EntrySchema).max(MAX_CORRECTIONS),
});
type Entry = z.infer<typeof EntrySchema> & { values: Float32Array };

export interface FileCorrectionsOptions {
  dataDir: string;
  userId: string;
  space: EmbeddingSpace;
  /** Embeds a reply (unit length, in `space`), or null when embedding failed. */
  embed: (reply: string) => Promise<Float32Array | null>;
  logger: Logger;
}

export function correctionsPath(dataDir: string, userId: string): string {
  return join(dataDir, 'corrections', `${assertUserId(userId)}.json`);
}

function normalise(reply: string): string {
  return clampText(reply.replace(/\s+/g, ' ').trim(), LIMITS.reply);
}

function toBase64(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

function fromBase64(text: string, dim: number): Float32Array | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength !== dim * 4) return null;
  // Copied: a Buffer's offset need not be 4-byte aligned.
  return new Float32Array(new Uint8Array(bytes).buffer);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export class FileReplyCorrections implements ReplyCorrections {
  private entries: Entry[] = [];
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly options: FileCorrectionsOptions,
  ) {}

  /** Opens (or starts) the user's corrections; a damaged file is set aside, never lost. */
  static async open(options: FileCorrectionsOptions): Promise<FileReplyCorrections> {
    const corrections = new FileReplyCorrections(
      correctionsPath(options.dataDir, options.userId),
      options,
    );
    await corrections.load();
    return corrections;
  }

  get size(): number {
    return this.entries.length;
  }

  async match(reply: string): Promise<CorrectionMatch | null> {
    const text = normalise(reply);
    if (!text || this.entries.length === 0) return null;
    const exact = this.entries.find((e) => e.reply.toLowerCase() === text.toLowerCase());
    if (exact) return { outcome: exact.outcome, similarity: 1, reply: exact.reply };
    const vector = await this.safeEmbed(text);
    if (!vector) return null;
    let best: CorrectionMatch | null = null;
    for (const entry of this.entries) {
      const similarity = dot(vector, entry.values);
      if (similarity >= CORRECTION_MATCH_MIN && (!best || similarity > best.similarity)) {
        best = { outcome: entry.outcome, similarity, reply: entry.reply };
      }
    }
    return best;
  }

  async remember(reply: string, outcome: Outcome, at: number): Promise<void> {
    const text = normalise(reply);
    if (!text) return;
    const values = await this.safeEmbed(text);
    if (!values) throw new Error('the reply could not be embedded, so the correction is not kept');
    const others = this.entries.filter((e) => e.reply.toLowerCase() !== text.toLowerCase());
    const entry: Entry = { reply: text, outcome, at, vector: toBase64(values), values };
    this.entries = [...others, entry].slice(-MAX_CORRECTIONS);
    await this.save();
  }

  async clear(): Promise<void> {
    this.entries = [];
    await rm(this.path, { force: true });
  }

  private async safeEmbed(text: string): Promise<Float32Array | null> {
    try {
      const vector = await this.options.embed(text);
      return vector && vector.length === this.options.space.dim ? vector : null;
    } catch (error) {
      this.options.logger.warn(`embedding a reply for corrections failed: ${describeError(error)}`);
      return null;
    }
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let parsed: z.infer<typeof FileSchema> | null;
    try {
      parsed = FileSchema.parse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    if (!parsed) {
      const aside = `${this.path}.invalid-${Date.now()}`;
      await rename(this.path, aside).catch(() => undefined);
      this.options.logger.warn(`the corrections file was not valid; kept it as ${aside}`);
      return;
    }
    const { space } = this.options;
    // Vectors from another embedding model are not comparable: start afresh (the file is rewritten
    // at the next correction).
    if (parsed.model !== space.model || parsed.dim !== space.dim) return;
    this.entries = parsed.entries.flatMap((e) => {
      const values = fromBase64(e.vector, space.dim);
      return values ? [{ ...e, values }] : [];
    });
  }

  private async save(): Promise<void> {
    const { space } = this.options;
    const body = JSON.stringify({
      version: 1,
      model: space.model,
      dim: space.dim,
      entries: this.entries.map(({ values: _values, ...rest }) => rest),
    });
    const write = this.writing.then(async () => {
      await mkdir(join(this.path, '..'), { recursive: true, mode: 0o700 });
      const temp = `${this.path}.${process.pid}.tmp`;
      await writeFile(temp, body, { encoding: 'utf8', mode: 0o600 });
      await rename(temp, this.path);
    });
    this.writing = write.catch(() => undefined);
    await write;
  }
}
