// Step 2: find the lexicon phrases in one clause. Longer phrases win over shorter overlapping ones,
// then each remaining phrase is checked for a negator just before it ("haven't started" is not a start).
import {
  LEXICON,
  NEGATED_AS,
  NEGATION_SCOPE,
  NEGATORS,
  type LexiconClass,
  type PatternSpec,
} from './lexicon';

type Slot =
  | { kind: 'words'; words: ReadonlySet<string>; optional: boolean }
  | { kind: 'any' }
  | { kind: 'number' }
  | { kind: 'start' }
  | { kind: 'end' };

interface CompiledPattern {
  cls: LexiconClass | 'neutral';
  spec: PatternSpec;
  slots: Slot[];
  /** Whether the phrase itself contains a negator (then it is never negated again). */
  hasNegator: boolean;
  /** The words a match must start with, when the first slot is a required word: a quick pre-check. */
  firstWords: ReadonlySet<string> | null;
}

/** One phrase found in a clause, after overlap resolution and negation. */
export interface PhraseMatch {
  /** The class the phrase counts for after negation, or null when negation cancelled it. */
  cls: LexiconClass | null;
  /** The class the phrase belongs to in the lexicon. */
  lexiconClass: LexiconClass;
  weight: number;
  text: string;
  negatedBy: string | null;
  rest: boolean;
  tag: PatternSpec['tag'];
  /** Token span [start, end) in the clause. */
  start: number;
  end: number;
}

/** The phrases of a clause and which of its tokens any phrase (neutral ones too) took. */
export interface ClausePhrases {
  phrases: PhraseMatch[];
  taken: boolean[];
}

const NUMBER_WORDS = new Set(
  'one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty half'.split(
    ' ',
  ),
);

function compileSlot(item: string): Slot {
  if (item === '*') return { kind: 'any' };
  if (item === '#') return { kind: 'number' };
  if (item === '^') return { kind: 'start' };
  if (item === '$') return { kind: 'end' };
  const optional = item.endsWith('?');
  return {
    kind: 'words',
    words: new Set((optional ? item.slice(0, -1) : item).split('|')),
    optional,
  };
}

const COMPILED: CompiledPattern[] = LEXICON.flatMap(([cls, specs]) =>
  specs.map((spec) => {
    const slots = spec.p.split(' ').map(compileSlot);
    const hasNegator = slots.some(
      (s) => s.kind === 'words' && [...s.words].some((w) => NEGATORS.has(w)),
    );
    const first = slots[0]!;
    const firstWords = first.kind === 'words' && !first.optional ? first.words : null;
    return { cls, spec, slots, hasNegator, firstWords };
  }),
);

/** Returns the end index (exclusive) of the longest match of `slots` starting at `start`, or -1. */
function matchAt(slots: Slot[], tokens: string[], start: number, slot = 0): number {
  if (slot === slots.length) return start;
  const s = slots[slot]!;
  const token = tokens[start];
  switch (s.kind) {
    case 'start':
      return start === 0 ? matchAt(slots, tokens, start, slot + 1) : -1;
    case 'end':
      return start === tokens.length ? matchAt(slots, tokens, start, slot + 1) : -1;
    case 'number':
      return token !== undefined && (/^\d+(?:am|pm|h|ish)?$/.test(token) || NUMBER_WORDS.has(token))
        ? matchAt(slots, tokens, start + 1, slot + 1)
        : -1;
    case 'any': {
      const taken = token !== undefined ? matchAt(slots, tokens, start + 1, slot + 1) : -1;
      return Math.max(taken, matchAt(slots, tokens, start, slot + 1));
    }
    case 'words': {
      const taken =
        token !== undefined && s.words.has(token)
          ? matchAt(slots, tokens, start + 1, slot + 1)
          : -1;
      return s.optional ? Math.max(taken, matchAt(slots, tokens, start, slot + 1)) : taken;
    }
  }
}

interface Span {
  pattern: CompiledPattern;
  start: number;
  end: number;
}

/** Finds the phrases of one clause's tokens. */
export function findPhrases(tokens: string[]): ClausePhrases {
  const spans: Span[] = [];
  for (const pattern of COMPILED) {
    for (let start = 0; start <= tokens.length; start++) {
      if (pattern.firstWords && !pattern.firstWords.has(tokens[start]!)) continue;
      const end = matchAt(pattern.slots, tokens, start);
      if (end > start) spans.push({ pattern, start, end });
    }
  }
  // Longest first; among equal lengths the heavier phrase, then lexicon order.
  spans.sort((a, b) => b.end - b.start - (a.end - a.start) || b.pattern.spec.w - a.pattern.spec.w);
  const taken = new Array<boolean>(tokens.length).fill(false);
  const kept: Span[] = [];
  for (const span of spans) {
    let free = true;
    for (let i = span.start; i < span.end; i++) if (taken[i]) free = false;
    if (!free) continue;
    for (let i = span.start; i < span.end; i++) taken[i] = true;
    kept.push(span);
  }
  kept.sort((a, b) => a.start - b.start);

  const matches: PhraseMatch[] = [];
  for (const span of kept) {
    const { cls, spec } = span.pattern;
    if (cls === 'neutral') continue;
    const text = tokens.slice(span.start, span.end).join(' ');
    // A negator counts only if it is free (not part of another phrase such as "no worries").
    let negatedBy: string | null = null;
    if (!span.pattern.hasNegator) {
      for (let i = span.start - 1; i >= Math.max(0, span.start - NEGATION_SCOPE); i--) {
        if (!taken[i] && NEGATORS.has(tokens[i]!)) {
          negatedBy = tokens[i]!;
          break;
        }
      }
    }
    const negatedClass = spec.neg === undefined ? NEGATED_AS[cls] : spec.neg;
    matches.push({
      cls: negatedBy ? negatedClass : cls,
      lexiconClass: cls,
      // A negated phrase is weaker evidence for its new meaning than a plain statement of it.
      weight: negatedBy ? spec.w * 0.6 : spec.w,
      text: negatedBy ? `${negatedBy} … ${text}` : text,
      negatedBy,
      rest: spec.rest === true,
      tag: spec.tag,
      start: span.start,
      end: span.end,
    });
  }
  return { phrases: matches, taken };
}
