// The learner-alone harness (sim/offline.ts) and the development report's spread (sim/learner-dev):
// the same people and luck as the engine run, the engine's session rules around the learner, and
// regret counted as the baselines count it.
import { describe, expect, it } from 'vitest';
import { STRATEGY_IDS, type StrategyId } from '../../shared/domain';
import {
  STRATEGY_FAMILIES,
  chooseStrategy,
  type ChooseOptions,
} from '../../electron/coach/learner';
import { getStrategy } from '../../electron/coach/strategies';
import { median, runBaseline } from '../../sim/harness';
import { spread } from '../../sim/learner-dev';
import { runOffline, structureAwareChooser, type Chooser } from '../../sim/offline';
import { bestP, makePerson, type Scenario } from '../../sim/people';

const A: Scenario = { name: 'a', description: 'one good strategy', good: 0.8, other: 0.15 };
const B: Scenario = { name: 'b', description: 'one good strategy', good: 0.6, other: 0.3 };

const always =
  (id: StrategyId): Chooser =>
  () => ({ strategy: id, why: '', beliefs: [] });

describe('learner-alone harness', () => {
  it('counts regret on available check-ins as the baselines do, from the same draws', () => {
    const person = makePerson(A, 5, STRATEGY_FAMILIES);
    const good = STRATEGY_IDS.find((id) => person.p.writing[id] === A.good)!;
    const bad = STRATEGY_IDS.find((id) => id !== good)!;
    const best = runOffline(person, always(good));
    expect(best.regret).toBe(0);
    expect(best.good.every(Boolean)).toBe(true);
    const worst = runOffline(person, always(bad));
    const available = person.draws.filter((d) => d.available).length;
    expect(worst.regret).toBeCloseTo(available * (bestP(person, 'writing') - A.other));
    expect(worst.good.some(Boolean)).toBe(false);
    // Deterministic: the same person and learner give the same run.
    expect(runOffline(person, chooseStrategy)).toEqual(runOffline(person, chooseStrategy));
  });

  it('hands the learner the engine’s session: transcript, smaller step after stuck, new sessions', () => {
    const person = makePerson(B, 9, STRATEGY_FAMILIES);
    const seen: ChooseOptions[] = [];
    const evidenceSizes: number[] = [];
    const spy: Chooser = (evidence, options) => {
      seen.push({ ...options, session: [...(options.session ?? [])] });
      evidenceSizes.push(evidence.length);
      return chooseStrategy(evidence, options);
    };
    runOffline(person, spy);
    expect(seen).toHaveLength(60);
    // Every earlier check-in is evidence; the session restarts every 6 check-ins.
    expect(evidenceSizes).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(seen.map((o) => o.session!.length)).toEqual(Array.from({ length: 60 }, (_, i) => i % 6));
    let stuckSeen = 0;
    for (let i = 1; i < 60; i++) {
      const last = seen[i]!.session!.at(-1);
      if (last?.outcome === 'stuck') {
        stuckSeen += 1;
        expect(seen[i]!.smallerThan).toBe(getStrategy(last.strategy as StrategyId).size);
      } else expect(seen[i]!.smallerThan).toBeNull();
    }
    expect(stuckSeen).toBeGreaterThan(0);
  });

  it('gives the structure-aware reference the same rules, and it beats uniform random', () => {
    const people = Array.from({ length: 12 }, (_, i) => makePerson(A, 500 + i, STRATEGY_FAMILIES));
    const told = structureAwareChooser(A);
    const regret = people.map((p) => runOffline(p, told).regret);
    const random = people.map((p) => runBaseline(p, 'random').regret);
    expect(median(regret)).toBeLessThan(0.5 * median(random));
    // After stuck on a size-3 strategy with no record to speak for it, a smaller one follows.
    const options: ChooseOptions = {
      random: () => 0.5,
      task: 'write the quarterly report',
      session: [{ strategy: 'time_box', outcome: 'stuck' }],
      smallerThan: 3,
    };
    const stuck = [
      {
        key: 'k',
        intervention: '',
        context: '',
        task: 'write the quarterly report',
        outcome: 'stuck' as const,
        strategy: 'time_box',
        timestamp: 0,
        similarity: 1,
        score: 1,
      },
    ];
    expect(getStrategy(told(stuck, options).strategy).size).toBeLessThan(3);
    expect(() => structureAwareChooser({ ...A, goodCount: 2 })).toThrow(/one good strategy/);
  });
});

describe('spread of a 40-person median', () => {
  it('says how often a ratio target holds on random sets of people', () => {
    const baseline = Array.from({ length: 200 }, (_, i) => 5 + (i % 20));
    expect(spread(baseline, baseline, { ratio: 1 }).metShare).toBe(1);
    expect(spread(baseline, baseline).metShare).toBe(0);
    const half = baseline.map((x) => x / 2);
    const s = spread(half, baseline);
    expect(s.metShare).toBe(1);
    expect(s.baselineLow).toBeLessThanOrEqual(s.baselineHigh);
    expect(s.baselineLow).toBeGreaterThanOrEqual(5);
    expect(s.baselineHigh).toBeLessThanOrEqual(24);
  });
});
