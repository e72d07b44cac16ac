// Normalisation pieces: clauses, word folding and typo repair.
import { describe, expect, it } from 'vitest';
import { toClauses } from '../../shared/outcome';
import { foldWord } from '../../shared/outcome/text';
import { NEAR_MISS_TARGETS } from '../../shared/outcome/english-words';
import { correctTypo, editDistance, nearestTarget, typoTargets } from '../../shared/outcome/typos';

describe('toClauses', () => {
  it('splits on punctuation and contrast words and records the link', () => {
    const clauses = toClauses('I got distracted, but im back now?');
    expect(clauses.map((c) => [c.tokens.join(' '), c.link, c.linkWord, c.question])).toEqual([
      ['i got distracted', 'start', '', false],
      ['i am back now', 'contrast', 'but', true],
    ]);
  });

  it('drops laughter and filler but keeps meaning words', () => {
    expect(toClauses('hahaha ngl i just forgot lmao').map((c) => c.tokens)).toEqual([
      ['i', 'forgot'],
    ]);
  });
});

describe('foldWord', () => {
  it('expands contractions and slang, and collapses elongation to a known word', () => {
    expect(foldWord("can't")).toEqual(['can', 'not']);
    expect(foldWord('gonna')).toEqual(['going', 'to']);
    expect(foldWord('yesss')).toEqual(['yes']);
    expect(foldWord('laterrrr')).toEqual(['later']);
    expect(foldWord('good')).toEqual(['good']);
  });
});

describe('typo repair', () => {
  it('repairs near misses of distinctive lexicon words', () => {
    expect(correctTypo('distrated')).toBe('distracted');
    expect(correctTypo('stcuk')).toBe('stuck');
    expect(correctTypo('overwhlemed')).toBe('overwhelmed');
  });

  it('leaves ordinary words alone', () => {
    for (const word of ['book', 'eyes', 'undone', 'pressure', 'walking', 'started', 'turtles']) {
      expect(correctTypo(word)).toBeNull();
    }
  });

  it('never turns an English word into another word', () => {
    // Each of these is one edit from a lexicon word ("stack" → "stuck", "fished" → "finished").
    for (const word of ['stack', 'brake', 'fished', 'donee', 'stark', 'staying', 'dinners']) {
      expect(correctTypo(word)).toBeNull();
    }
    expect(nearestTarget('stack')).not.toBeNull();
  });

  it('has an English word list derived for the current lexicon', () => {
    // Fails after a lexicon change: rerun `npx tsx scripts/english-near-misses.ts`.
    expect(NEAR_MISS_TARGETS).toBe(typoTargets().join(' '));
  });

  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('stcuk', 'stuck', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});
