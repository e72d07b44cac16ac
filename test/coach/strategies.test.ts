import { describe, expect, it } from 'vitest';
import { STRATEGY_IDS } from '../../shared/domain';
import { FOLLOW_UP_TEMPLATES } from '../../electron/coach/follow-ups';
import { seededRandom } from '../../electron/coach/random';
import {
  STRATEGIES,
  fillPhrasing,
  getStrategy,
  libraryNudge,
} from '../../electron/coach/strategies';
import { countEmoji, countSentences, shamingPhrases } from '../../electron/coach/tone';

const TASK = 'the quarterly report';

describe('strategy library', () => {
  it('covers every StrategyId exactly once, in order', () => {
    expect(STRATEGIES.map((s) => s.id)).toEqual([...STRATEGY_IDS]);
  });

  it.each(STRATEGIES.map((s) => [s.id, s] as const))(
    '%s has a label, a one-line rationale, a size and ≥ 4 phrasings',
    (_id, s) => {
      expect(s.label.length).toBeGreaterThan(2);
      expect(s.plural.length).toBeGreaterThan(2);
      expect(s.rationale).not.toContain('\n');
      expect(countSentences(s.rationale)).toBe(1);
      expect([1, 2, 3]).toContain(s.size);
      expect(s.phrasings.length).toBeGreaterThanOrEqual(4);
      expect(new Set(s.phrasings).size).toBe(s.phrasings.length);
    },
  );

  const allPhrasings = STRATEGIES.flatMap((s) => s.phrasings.map((p) => [s.id, p] as const));
  it.each(allPhrasings)('%s: "%s" is kind, brief and has a {task} slot', (_id, phrasing) => {
    expect(phrasing).toContain('{task}');
    const filled = fillPhrasing(phrasing, TASK);
    expect(filled).not.toContain('{');
    expect(filled.toLowerCase()).toContain(TASK);
    expect(countSentences(filled)).toBeGreaterThanOrEqual(1);
    expect(countSentences(filled)).toBeLessThanOrEqual(2);
    expect(shamingPhrases(filled)).toEqual([]);
    expect(countEmoji(filled)).toBe(0);
    expect(filled.length).toBeLessThanOrEqual(240);
    expect(filled).toMatch(/^[A-Z"“]/);
  });

  it('follow-up templates are never shaming', () => {
    for (const t of FOLLOW_UP_TEMPLATES) expect(shamingPhrases(t), t).toEqual([]);
  });

  it('the tone rules catch shaming wording', () => {
    expect(shamingPhrases('You should have started earlier.')).not.toEqual([]);
    expect(shamingPhrases('Distracted again?')).not.toEqual([]);
    expect(shamingPhrases("Why haven't you opened it yet?")).not.toEqual([]);
    expect(shamingPhrases('Stop being lazy.')).not.toEqual([]);
    expect(shamingPhrases('Try two minutes on it.')).toEqual([]);
    expect(countSentences('One. Two! Three?')).toBe(3);
    expect(countSentences('Work for 2.5 minutes, e.g. on the intro.')).toBe(1);
  });

  it('smaller-step strategies exist for every size above 1', () => {
    expect(STRATEGIES.filter((s) => s.size === 1).length).toBeGreaterThanOrEqual(3);
    expect(getStrategy('tiny_first_step').size).toBeLessThan(getStrategy('time_box').size);
  });

  it('library nudges are reproducible with a seed and shorten very long tasks', () => {
    const a = libraryNudge('tiny_first_step', TASK, seededRandom(7));
    const b = libraryNudge('tiny_first_step', TASK, seededRandom(7));
    expect(a).toBe(b);
    const long = libraryNudge('break_down', 'x'.repeat(5000), seededRandom(1));
    expect(long.length).toBeLessThan(260);
    expect(long).toContain('…');
  });
});
