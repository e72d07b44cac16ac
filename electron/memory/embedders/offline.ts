// A deterministic local embedder for when Gemini is unavailable (no key, offline, tests, benchmarks).
// Signed feature hashing ("the hashing trick") of word unigrams, word bigrams and character 3–5-grams:
// texts that share words or word pieces get similar vectors, unrelated texts near-orthogonal ones.
// It knows no synonyms — that is what the Gemini embedder is for — but recall of a moment described
// in similar words works, fully offline, at zero cost. Changing anything here changes the vectors:
// bump OFFLINE_EMBEDDING_MODEL's version so stored records are re-embedded.
import { OFFLINE_EMBEDDING_MODEL } from '../../../shared/settings';
import { normalizeInPlace } from '../vector-math';
import type { Embedder } from './types';

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

export class OfflineEmbedder implements Embedder {
  readonly kind = 'offline' as const;
  readonly model = OFFLINE_EMBEDDING_MODEL;

  constructor(readonly dim: number) {
    if (!Number.isInteger(dim) || dim < 8)
      throw new RangeError(`offline embedder needs an integer dim >= 8, got ${dim}`);
  }

  /** Synchronous core, exposed for the benchmark and for tests. */
  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dim);
    for (const [feature, count] of features(text)) {
      const h = hash32(feature);
      // Sublinear term weight: repeating a word ten times must not make it ten times as important.
      const weight = Math.sign(count) * Math.log1p(Math.abs(count));
      // The top bit picks the sign, so colliding features cancel on average instead of piling up.
      vector[h % this.dim]! += h & 0x80000000 ? -weight : weight;
    }
    return normalizeInPlace(vector);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }
}
