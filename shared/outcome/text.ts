// Step 1 of outcome detection: raw reply → clauses of clean word tokens.
// Case, Unicode width, curly quotes, emoji, elongation ("sooo"), slang and common typos are all
// folded away here, so the lexicon only ever sees plain lower-case words. Everything works on whole
// tokens: "ok" is never found inside "book", nor "yes" inside "eyes".
import { replaceEmoji } from './emoji';
import { FILLER, LAUGHTER, REWRITES } from './slang';
import { correctTypo, isKnownWord } from './typos';

/**
 * How a clause is joined to the one before it; later clauses after a contrast usually carry the real
 * answer, and in a story ("… and then I started watching football") what happened next does too.
 */
export type ClauseLink = 'start' | 'sequence' | 'then' | 'contrast';

export interface Clause {
  tokens: string[];
  link: ClauseLink;
  /** The word that opened the clause ("but", "anyway", ","), for signals. */
  linkWord: string;
  /** Whether the clause ended with a question mark. */
  question: boolean;
}

/** Words that start a new clause whose meaning overrides what came before ("X but Y" → Y). */
const CONTRAST_WORDS = new Set([
  'but',
  'though',
  'although',
  'however',
  'anyway',
  'anyways',
  'tho',
]);
/** Words that start a new clause that simply follows the previous one. */
const SEQUENCE_WORDS = new Set(['then']);

// Words with apostrophes, numbers, emoji tokens; or runs of punctuation that end a clause.
const TOKEN = /[a-z0-9_]+(?:'[a-z]+)*|[.,!?;:…\-–—/()]+/g;

/** Contraction endings not listed in REWRITES: "that'll" → "that will", "one's" → "one". */
const CONTRACTION = /^([a-z0-9]+)(n't|'ll|'re|'ve|'d|'m|'s)$/;
const CONTRACTION_WORDS: Readonly<Record<string, string>> = {
  "n't": 'not',
  "'ll": 'will',
  "'re": 'are',
  "'ve": 'have',
  "'d": 'would',
  "'m": 'am',
  // "'s" is "is" or a possessive ("tomorrow's meeting"); dropping it keeps the noun either way.
  "'s": '',
};

/** Folds one raw word to its lexicon form, possibly several words ("cant" → "can not"). */
export function foldWord(raw: string): string[] {
  if (LAUGHTER.test(raw)) return [];
  const contraction = REWRITES[raw] === undefined ? CONTRACTION.exec(raw) : null;
  if (contraction) {
    const tail = CONTRACTION_WORDS[contraction[2]!]!;
    return [...foldWord(contraction[1]!), ...(tail ? [tail] : [])];
  }
  let word = raw;
  if (!isKnownWord(word)) {
    // Elongation: "sooo" → "soo" → "so", "yesss" → "yes", keeping real doubles like "good".
    const twice = word.replace(/(.)\1{2,}/g, '$1$1');
    const once = twice.replace(/(.)\1+/g, '$1');
    // British "-ise" spellings of lexicon words: "reorganising" → "reorganizing".
    const american = word.replace(/is(e|ed|es|ing)$/, 'iz$1');
    if (isKnownWord(twice)) word = twice;
    else if (isKnownWord(once)) word = once;
    else if (isKnownWord(american)) word = american;
    else word = correctTypo(twice) ?? splitRunTogether(twice) ?? twice;
  }
  return word
    .split(' ')
    .flatMap((w) => (REWRITES[w] ?? w).split(' '))
    .filter((w) => !FILLER.has(w) && !LAUGHTER.test(w));
}

/** Two known words typed without a space ("gotdistracted", "stillworking"), or null. */
function splitRunTogether(word: string): string | null {
  if (word.length < 8 || word.includes(' ')) return null;
  for (let cut = 3; cut <= word.length - 3; cut++) {
    const head = word.slice(0, cut);
    const tail = word.slice(cut);
    if (isKnownWord(head) && isKnownWord(tail)) return `${head} ${tail}`;
  }
  return null;
}

/** Lower-cases and unifies a reply's characters; emoji become "emo_*" words. */
export function normaliseText(reply: string): string {
  return replaceEmoji(reply.normalize('NFKC'))
    .replace(/%/g, ' percent ')
    .replace(/[\u2018\u2019\u02BC`´]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .toLowerCase();
}

/** Splits a reply into clauses of folded tokens. */
export function toClauses(reply: string): Clause[] {
  const clauses: Clause[] = [];
  const fresh = (link: ClauseLink, linkWord: string): Clause => ({
    tokens: [],
    link: clauses.length === 0 ? 'start' : link,
    linkWord,
    question: false,
  });
  let current = fresh('start', '');
  const close = (link: ClauseLink, linkWord: string) => {
    if (current.tokens.length > 0) {
      clauses.push(current);
      current = fresh(link, linkWord);
    } else if (link === 'contrast' && clauses.length > 0) {
      // ", but" — an empty clause takes the stronger link.
      current.link = 'contrast';
      current.linkWord = linkWord;
    }
  };
  for (const match of normaliseText(reply).matchAll(TOKEN)) {
    const raw = match[0];
    if (!/^[a-z0-9_]/.test(raw)) {
      if (raw.includes('?')) {
        const asked = current.tokens.length > 0 ? current : clauses.at(-1);
        if (asked) asked.question = true;
      }
      close('sequence', raw.slice(0, 1));
      continue;
    }
    const word = raw.replace(/'+$/, '');
    if (CONTRAST_WORDS.has(word)) close('contrast', word);
    else if (SEQUENCE_WORDS.has(word)) close('then', word);
    else current.tokens.push(...foldWord(word));
  }
  close('sequence', '');
  return clauses;
}
