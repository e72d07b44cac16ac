// Typo repair: a word the lexicon does not know is replaced by the lexicon word it is one or two
// edits away from ("distrated" → "distracted", "stcuk" → "stuck"). Only long, distinctive lexicon
// words are targets and the first letter must agree, so ordinary words ("book", "eyes", "walking")
// are left alone rather than "corrected" into a signal.
import { LEXICON } from './lexicon';
import { FILLER, REWRITES } from './slang';

/** Everyday words near a lexicon word that must never be corrected into it. */
const PROTECTED = new Set([
  'walking',
  'talking',
  'waiting',
  'wasting',
  'looking',
  'booking',
  'cooking',
  'reading',
  'starving',
  'staring',
  'starting',
  'started',
  'stated',
  'startled',
  'finishing',
  'working',
  'worked',
  'focus',
  'pressure',
  'undone',
  'eyes',
  'book',
  'books',
  'done',
  'dome',
  'bone',
  'doing',
  'stick',
  'struck',
  'lots',
  'last',
  'lust',
  'later',
  'latter',
  'letter',
  'laser',
  'call',
  'called',
  'calling',
  'meeting',
  'melting',
  'blocked',
  'locked',
  'clocked',
  'helped',
  'helps',
  'hello',
  'shelf',
]);

/** Plain words the classifier knows (lexicon, slang, filler, protected); unknown words may be typos. */
const KNOWN = new Set<string>([...Object.keys(REWRITES), ...FILLER, ...PROTECTED]);
const TARGETS = new Set<string>();
for (const [, specs] of LEXICON) {
  for (const spec of specs) {
    for (const slot of spec.p.split(' ')) {
      for (const word of slot.replace(/\?$/, '').split('|')) {
        KNOWN.add(word);
        if (word.length >= 5 && /^[a-z]+$/.test(word)) TARGETS.add(word);
      }
    }
  }
}
for (const target of Object.values(REWRITES)) for (const w of target.split(' ')) KNOWN.add(w);

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

/** The lexicon word `word` is most likely a typo of, or null. */
export function correctTypo(word: string): string | null {
  if (word.length < 4 || !/^[a-z]+$/.test(word) || KNOWN.has(word)) return null;
  // One edit for ordinary words, two for long ones ("ovewhelmed", "procrastinatng").
  const max = word.length >= 8 ? 2 : 1;
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
  return best;
}
