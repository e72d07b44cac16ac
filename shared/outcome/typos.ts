// Typo repair: a word the lexicon does not know is replaced by the lexicon word it is one or two
// edits away from ("distrated" → "distracted", "stcuk" → "stuck"). Only long, distinctive lexicon
// words are targets and the first letter must agree. A word that is itself English ("stack", "brake",
// "fished") is never "corrected": english-words.ts lists every English word within reach of a target,
// derived from an English word list by scripts/english-near-misses.ts.
import { ENGLISH_NEAR_MISSES } from './english-words';
import { LEXICON } from './lexicon';
import { FILLER, REWRITES } from './slang';

/** Plain words the classifier knows (lexicon, slang, filler); unknown words may be typos. */
const KNOWN = new Set<string>([...Object.keys(REWRITES), ...FILLER]);
const TARGETS = new Set<string>();
/** Four-letter lexicon words ("done", "busy"): only two swapped letters are repaired ("dnoe"). */
const SHORT_TARGETS = new Set<string>();
for (const [, specs] of LEXICON) {
  for (const spec of specs) {
    for (const slot of spec.p.split(' ')) {
      for (const word of slot.replace(/\?$/, '').split('|')) {
        KNOWN.add(word);
        if (word.length >= 5 && /^[a-z]+$/.test(word)) TARGETS.add(word);
        else if (word.length === 4 && /^[a-z]+$/.test(word)) SHORT_TARGETS.add(word);
      }
    }
  }
}
for (const target of Object.values(REWRITES)) for (const w of target.split(' ')) KNOWN.add(w);

/** The lexicon words a typo may be repaired into, sorted (english-words.ts is derived for exactly these). */
export function typoTargets(): string[] {
  return [...TARGETS, ...SHORT_TARGETS].sort();
}

/** How many edits a word of this length may be from its repair. */
export function typoRadius(word: string): number {
  // One edit for ordinary words, two for long ones ("ovewhelmed", "procrastinatng").
  return word.length >= 8 ? 2 : 1;
}

export function isKnownWord(word: string): boolean {
  return KNOWN.has(word);
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++)
    rows.push(Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** The lexicon word `word` is most likely a typo of, or null; English words are left as they are. */
export function correctTypo(word: string): string | null {
  return ENGLISH_NEAR_MISSES.has(word) ? null : nearestTarget(word);
}

/** The typo target within reach of an unknown word, English or not (what the word list is derived from). */
export function nearestTarget(word: string): string | null {
  if (word.length < 4 || !/^[a-z]+$/.test(word) || KNOWN.has(word)) return null;
  const max = typoRadius(word);
  let best: string | null = null;
  let bestDistance = max + 1;
  for (const target of TARGETS) {
    if (target[0] !== word[0]) continue;
    const d = editDistance(word, target, max);
    if (d < bestDistance) {
      best = target;
      bestDistance = d;
    }
  }
  if (best || word.length !== 4) return best;
  const letters = [...word].sort().join('');
  for (const target of SHORT_TARGETS)
    if (
      target[0] === word[0] &&
      [...target].sort().join('') === letters &&
      editDistance(word, target, 1) === 1
    )
      return target;
  return null;
}
