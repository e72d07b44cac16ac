// The deterministic local embedder for when Gemini is unavailable (no key, offline, tests,
// benchmarks). Two blocks in one unit vector:
// - meaning: a SIF-weighted average of GloVe word vectors (resources/word-vectors.bin, see
//   word-vectors.ts), so "stuck on the introduction" lands near "can't get into the essay";
// - wording: signed feature hashing ("the hashing trick") of word unigrams, bigrams and character
//   3–5-grams, so names, typos and words GloVe lacks still match when they are shared.
// Changing anything here changes the vectors: bump OFFLINE_EMBEDDING_MODEL's version so stored
// records are re-embedded.
import { OFFLINE_EMBEDDING_MODEL } from '../../../shared/settings';
import { normalizeInPlace } from '../vector-math';
import type { Embedder } from './types';
import { loadWordVectors, type WordVectors } from './word-vectors';

/** Relative weights of the feature families (tuned so whole words dominate but word pieces count). */
const WEIGHTS = { unigram: 1.0, bigram: 0.6, chars: 0.35 } as const;
const CHAR_GRAM_SIZES = [3, 4, 5] as const;
/** Function words carry no topic; dropping them keeps "the"/"and" from making unrelated texts look alike. */
const STOP_WORDS = new Set(
  'a an and are as at be but by do for from has have i im in is it its me my of on or so than that the then this to was we with you your'.split(
    ' ',
  ),
);

/** Lowercase, strip accents and punctuation, split into words. */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A deliberately light stemmer (plurals, -ing, -ed) so "emails"/"emailing"/"emailed" meet. */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return undouble(word.slice(0, -3));
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 4 && word.endsWith('ed')) return undouble(word.slice(0, -2));
  if (word.length > 4 && /(?:ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word))
    return word.slice(0, -1);
  return word;
}

/** "stopp" → "stop", "plann" → "plan": the doubled consonant left by -ing/-ed. */
function undouble(word: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(word) && !/(?:ll|ss|zz)$/.test(word)
    ? word.slice(0, -1)
    : word;
}

/** 32-bit FNV-1a over UTF-16 code units, finished with murmur3's fmix32 for better low bits. */
function hash32(feature: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Weighted feature counts for one text. */
export function features(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) =>
    counts.set(feature, (counts.get(feature) ?? 0) + weight);
  const tokens = tokenize(text);
  const content = tokens.filter((w) => !STOP_WORDS.has(w));
  // A text made only of function words still needs a vector, so keep them then.
  const words = (content.length > 0 ? content : tokens).map(stem);
  if (words.length === 0) {
    add('empty', 1);
    return counts;
  }
  words.forEach((word, i) => {
    add(`w:${word}`, WEIGHTS.unigram);
    if (i > 0) add(`b:${words[i - 1]} ${word}`, WEIGHTS.bigram);
    // Char n-grams within the padded word: "<plan>" → "<pl", "pla", "lan", "an>", "<pla", …
    const padded = `<${word}>`;
    const grams: string[] = [];
    for (const n of CHAR_GRAM_SIZES) {
      for (let j = 0; j + n <= padded.length; j++) grams.push(padded.slice(j, j + n));
    }
    // Share one word's char weight among its grams, so long words do not outweigh short ones.
    const each = WEIGHTS.chars / Math.sqrt(Math.max(1, grams.length));
    for (const g of grams) add(`c:${g}`, each);
  });
  return counts;
}

/** Adds the signed hashed features of `text` into out[offset, offset + length). */
function hashInto(text: string, out: Float32Array, offset: number, length: number): void {
  for (const [feature, count] of features(text)) {
    const h = hash32(feature);
    // Sublinear term weight: repeating a word ten times must not make it ten times as important.
    const weight = Math.sign(count) * Math.log1p(Math.abs(count));
    // The top bit picks the sign, so colliding features cancel on average instead of piling up.
    out[offset + (h % length)]! += h & 0x80000000 ? -weight : weight;
  }
}

/**
 * The wording block alone: Keel's first offline embedder ("keel-offline-hash-v1"), kept unchanged
 * as the baseline the semantic embedder is measured against.
 */
export class LexicalEmbedder implements Embedder {
  readonly kind = 'offline' as const;
  readonly model = 'keel-offline-hash-v1';

  constructor(readonly dim: number) {
    checkDim(dim, 8);
  }

  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dim);
    hashInto(text, vector, 0, this.dim);
    return normalizeInPlace(vector);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }
}

function checkDim(dim: number, min: number): void {
  if (!Number.isInteger(dim) || dim < min)
    throw new RangeError(`offline embedder needs an integer dim >= ${min}, got ${dim}`);
}

// ---- meaning: SIF-weighted word vectors ---------------------------------------------------------

/** The labels momentText() puts before the task and the context: every record has them. */
const LABELS = /^\s*(?:task|context):/gim;
/** Contractions, spelled out so "can't" means "can not" and not the word "cant". */
const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan['’]t\b/gi, 'can not'],
  [/\bwon['’]t\b/gi, 'will not'],
  [/\bshan['’]t\b/gi, 'shall not'],
  [/n['’]t\b/gi, ' not'],
  [/['’]m\b/gi, ' am'],
  [/['’]re\b/gi, ' are'],
  [/['’]ve\b/gi, ' have'],
  [/['’]ll\b/gi, ' will'],
  [/['’]d\b/gi, ' would'],
  [/['’]s\b/gi, ''],
];
/** The same, typed without the apostrophe (quick notes often are). */
const BARE_CONTRACTIONS = new Map(
  Object.entries({
    dont: 'do not',
    doesnt: 'does not',
    didnt: 'did not',
    cant: 'can not',
    couldnt: 'could not',
    wont: 'will not',
    wouldnt: 'would not',
    shouldnt: 'should not',
    isnt: 'is not',
    arent: 'are not',
    wasnt: 'was not',
    werent: 'were not',
    havent: 'have not',
    hasnt: 'has not',
    im: 'i am',
    ive: 'i have',
  }).map(([k, v]) => [k, v.split(' ')]),
);
/** "cannot" is one word in GloVe's source but says the same as "can not". */
BARE_CONTRACTIONS.set('cannot', ['can', 'not']);

/**
 * Words for the meaning block: labels dropped, contractions spelled out. Negators stay ordinary
 * words: giving them more weight made paraphrases that differ only in "can't"/"no idea" drift apart
 * on the dev half, and the wording block's bigrams ("not bored") still tell the two apart.
 */
export function meaningTokens(text: string): string[] {
  let t = text.replace(LABELS, ' ');
  for (const [pattern, replacement] of CONTRACTIONS) t = t.replace(pattern, replacement);
  return tokenize(t).flatMap((w) => BARE_CONTRACTIONS.get(w) ?? [w]);
}

/** Row of a word, trying cheap normalisations for forms outside the vocabulary. */
function lookup(vectors: WordVectors, word: string): number | undefined {
  const direct = vectors.index.get(word);
  if (direct !== undefined || word.length < 4) return direct;
  const base = stem(word);
  return (
    vectors.index.get(base) ??
    vectors.index.get(`${base}e`) ??
    vectors.index.get(word.replace(/is(e|ed|es|ing|ation|ations)$/, 'iz$1')) ??
    vectors.index.get(word.replace(/our$/, 'or'))
  );
}

export interface OfflineEmbedderOptions {
  /** Share of the similarity that comes from meaning (the rest from wording), 0..1. */
  meaningWeight?: number;
  /** SIF's smoothing constant a: a word's weight is a / (a + p(word)). */
  sifA?: number;
  /** Remove the common direction every average shares (SIF's "common component"). */
  removeCommon?: boolean;
  /** The word-vector file (default: found next to the app or in the checkout). */
  wordVectorsPath?: string;
}

/** Chosen on the dev half of test/fixtures/paraphrase-moments.json (see its test). */
export const DEFAULT_OFFLINE_OPTIONS = {
  meaningWeight: 0.8,
  sifA: 3e-4,
  removeCommon: true,
} as const;

/** Dimensions that hold the meaning block; from 200 on it keeps GloVe's 100 as they are. */
function meaningDims(dim: number, wordDims: number): number {
  return dim >= 2 * wordDims ? wordDims : Math.floor(dim / 2);
}

/** A fixed ±1/√rows projection (xorshift32 from a constant seed) for dimensions below 200. */
function projection(rows: number, cols: number): Float32Array {
  const m = new Float32Array(rows * cols);
  let x = 0x9e3779b9;
  const scale = 1 / Math.sqrt(rows);
  for (let i = 0; i < m.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    m[i] = x & 1 ? scale : -scale;
  }
  return m;
}

export class OfflineEmbedder implements Embedder {
  readonly kind = 'offline' as const;
  readonly model = OFFLINE_EMBEDDING_MODEL;
  private readonly vectors: WordVectors;
  /** SIF weight × quantisation scale of each row. */
  private readonly rowWeights: Float32Array;
  private readonly meaningScale: number;
  private readonly wordingScale: number;
  private readonly removeCommon: boolean;
  private readonly meaningLength: number;
  private readonly project: Float32Array | null;

  constructor(
    readonly dim: number,
    options: OfflineEmbedderOptions = {},
  ) {
    checkDim(dim, 8);
    const o = { ...DEFAULT_OFFLINE_OPTIONS, ...options };
    if (!(o.meaningWeight >= 0 && o.meaningWeight <= 1) || !(o.sifA > 0))
      throw new RangeError('meaningWeight must be within 0..1 and sifA above 0');
    this.vectors = loadWordVectors(options.wordVectorsPath);
    const { count, dims, sourceSize } = this.vectors.header;
    // Zipf's law: the word of rank r has probability about 1 / ((r + 1) · H(N)).
    const harmonic = Math.log(sourceSize) + 0.5772156649;
    this.rowWeights = new Float32Array(count);
    for (let r = 0; r < count; r++) {
      const p = 1 / ((this.vectors.ranks[r]! + 1) * harmonic);
      this.rowWeights[r] = (o.sifA / (o.sifA + p)) * this.vectors.scales[r]!;
    }
    // Both blocks are unit length, so cosine = w·meaning + (1 − w)·wording.
    this.meaningScale = Math.sqrt(o.meaningWeight);
    this.wordingScale = Math.sqrt(1 - o.meaningWeight);
    this.removeCommon = o.removeCommon;
    this.meaningLength = meaningDims(dim, dims);
    this.project = this.meaningLength < dims ? projection(this.meaningLength, dims) : null;
    // One throw-away embedding at start (the embedder is made at start): the first real one then
    // runs compiled code with warm regular expressions instead of paying for them mid check-in.
    this.embedOne("Task: warm up. Context: can't start, the draft.md file is open");
  }

  /** The meaning block (not normalised): SIF-weighted sum of the known words' vectors. */
  private meaning(text: string): Float64Array {
    const { codes, common, header } = this.vectors;
    const dims = header.dims;
    const sum = new Float64Array(dims);
    for (const word of meaningTokens(text)) {
      const row = lookup(this.vectors, word);
      if (row === undefined) continue; // unknown words still count through the wording block
      const w = this.rowWeights[row]!;
      const at = row * dims;
      for (let d = 0; d < dims; d++) sum[d]! += w * codes[at + d]!;
    }
    if (this.removeCommon) {
      let along = 0;
      for (let d = 0; d < dims; d++) along += sum[d]! * common[d]!;
      for (let d = 0; d < dims; d++) sum[d]! -= along * common[d]!;
    }
    return sum;
  }

  /** Synchronous core, exposed for the benchmark and for tests. */
  embedOne(text: string): Float32Array {
    const out = new Float32Array(this.dim);
    const m = this.meaningLength;
    const meaning = this.meaning(text);
    const dims = meaning.length;
    if (this.project) {
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let d = 0; d < dims; d++) s += this.project[i * dims + d]! * meaning[d]!;
        out[i] = s;
      }
    } else out.set(meaning);
    scaleToLength(out, 0, m, this.meaningScale);
    hashInto(text.replace(LABELS, ' '), out, m, this.dim - m);
    scaleToLength(out, m, this.dim, this.wordingScale);
    // A text with no known word has no meaning block: the wording alone then makes the unit vector.
    return normalizeInPlace(out);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }
}

/** Scales v[from, to) to the given length (a zero block stays zero). */
function scaleToLength(v: Float32Array, from: number, to: number, length: number): void {
  let norm = 0;
  for (let i = from; i < to; i++) norm += v[i]! * v[i]!;
  if (norm === 0) return;
  const f = length / Math.sqrt(norm);
  for (let i = from; i < to; i++) v[i] = v[i]! * f;
}
