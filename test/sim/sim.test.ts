// The learner simulation on a few seeds: simulated people through the real engine and memory beat
// uniform random choice by a clear margin, on the same pre-drawn luck.
import { describe, expect, it } from 'vitest';
import { STRATEGY_FAMILIES } from '../../electron/coach/learner';
import { convergedAfter, runBaseline, runKeel, runScenario, summarise } from '../../sim/harness';
import { makePerson, respond, type Scenario } from '../../sim/people';

const A: Scenario = { name: 'a', description: 'one good strategy', good: 0.8, other: 0.15 };

describe('learner simulation', () => {
  it('pre-draws each person’s luck: the same person answers the same strategy the same way', () => {
    const one = makePerson(A, 7, STRATEGY_FAMILIES);
    const two = makePerson(A, 7, STRATEGY_FAMILIES);
    expect(two.p).toEqual(one.p);
    for (let i = 0; i < 60; i++) {
      expect(respond(two, i, 'writing', 'time_box')).toBe(respond(one, i, 'writing', 'time_box'));
    }
    expect(runBaseline(one, 'epsilon-greedy')).toEqual(runBaseline(two, 'epsilon-greedy'));
    expect(convergedAfter([...Array(4).fill(false), ...Array(10).fill(true)])).toBe(1);
    expect(convergedAfter(Array(20).fill(false))).toBeNull();
  });

  it('Keel through the real engine beats uniform random on (a) by a wide margin', async () => {
    const figures = await runScenario(A, 3);
    const keel = figures.policies.find((p) => p.policy === 'keel')!;
    const random = figures.policies.find((p) => p.policy === 'random')!;
    expect(keel.share).toBeGreaterThan(random.share + 0.3);
    expect(keel.medianRegret).toBeLessThan(0.6 * random.medianRegret);
  });

  it('hears free-text replies through the real classifier', async () => {
    const person = makePerson({ ...A, freeText: true }, 2, STRATEGY_FAMILIES);
    const run = await runKeel(person);
    expect(run.heard!.total).toBeGreaterThan(40);
    expect(summarise('keel', [run]).understood).toBeGreaterThan(0.7);
  });
});
