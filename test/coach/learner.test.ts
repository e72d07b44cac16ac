// The strategy learner: Beta bookkeeping, the stuck/avoid rules, and convergence on a simulated
// person who responds well to one strategy, run end to end through the coach engine and a real
// MemoryService (embedded store in a temp dir, offline embedder).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  STRATEGY_IDS,
  type Outcome,
  type SimilarIntervention,
  type StrategyId,
} from '../../shared/domain';
import {
  PRIOR_STRENGTH,
  allowedStrategies,
  beliefsFrom,
  chooseStrategy,
} from '../../electron/coach/learner';
import { sampleBeta, seededRandom } from '../../electron/coach/random';
import { createCoachEngine } from '../../electron/coach/session-engine';
import { CONCRETE_STEP_STRATEGIES, getStrategy } from '../../electron/coach/strategies';
import { fakeClock, makeMemory, type TestMemory } from './fixtures';

function match(strategy: StrategyId, outcome: Outcome, similarity = 1): SimilarIntervention {
  return {
    key: `k-${Math.random()}`,
    intervention: 'x',
    context: '',
    task: 't',
    outcome,
    strategy,
    timestamp: 1,
    similarity,
    score: similarity,
  };
}

function belief(evidence: SimilarIntervention[], id: StrategyId) {
  return beliefsFrom(evidence).find((b) => b.strategy === id)!;
}

describe('beliefs from recalled interventions', () => {
  it('starts every strategy at the same symmetric prior', () => {
    for (const b of beliefsFrom([])) {
      expect(b).toMatchObject({ alpha: PRIOR_STRENGTH / 2, beta: PRIOR_STRENGTH / 2, evidence: 0 });
    }
  });

  it('counts successes for, failures against, not_now for nothing, unclear weakly against', () => {
    const evidence = [
      match('time_box', 'task_completed'),
      match('time_box', 're_engaged'),
      match('time_box', 'distracted'),
      match('time_box', 'stuck'),
      match('time_box', 'no_response'),
      match('time_box', 'not_now'),
      match('time_box', 'unclear'),
    ];
    const tried = belief(evidence, 'time_box');
    const untried = belief(evidence, 'restate_goal');
    expect(tried.alpha - untried.alpha).toBeCloseTo(2);
    expect(tried.beta - untried.beta).toBeCloseTo(3.25);
    expect(tried.evidence).toBeCloseTo(6);
  });

  it('centres the prior on the person’s overall success rate (empirical Bayes)', () => {
    const poor = Array.from({ length: 10 }, () => match('time_box', 'distracted'));
    const untried = belief(poor, 'easiest_piece');
    expect(untried.alpha + untried.beta).toBeCloseTo(PRIOR_STRENGTH);
    expect(untried.mean).toBeCloseTo(1 / 12);
  });

  it('weights each intervention by its similarity relative to the closest match', () => {
    const evidence = [
      match('tiny_first_step', 'task_completed', 0.5),
      match('tiny_first_step', 'distracted', 0.25),
    ];
    const tried = belief(evidence, 'tiny_first_step');
    const untried = belief(evidence, 'time_box');
    expect(tried.alpha - untried.alpha).toBeCloseTo(1);
    expect(tried.beta - untried.beta).toBeCloseTo(0.5);
    const custom = { ...match('tiny_first_step', 'task_completed'), strategy: 'my-own-trick' };
    expect(beliefsFrom([custom]).every((x) => x.alpha === PRIOR_STRENGTH / 2)).toBe(true);
  });
});

describe('allowed strategies', () => {
  it('after stuck only offers smaller steps, and never the one that just failed', () => {
    const allowed = allowedStrategies({ smallerThan: 3, avoid: 'tiny_first_step' });
    expect(allowed.length).toBeGreaterThan(0);
    for (const id of allowed) expect(getStrategy(id).size).toBeLessThan(3);
    expect(allowed).not.toContain('tiny_first_step');
    // Already at the smallest size: stay at size 1 rather than offer nothing.
    const smallest = allowedStrategies({ smallerThan: 1 });
    expect(smallest.length).toBeGreaterThan(0);
    for (const id of smallest) expect(getStrategy(id).size).toBe(1);
    expect(allowedStrategies({})).toEqual([...STRATEGY_IDS]);
  });

  it('can be limited to concrete steps (the follow-up to stuck), still smaller and not repeated', () => {
    const steps = allowedStrategies({
      only: CONCRETE_STEP_STRATEGIES,
      smallerThan: 1,
      avoid: 'tiny_first_step',
    });
    expect(steps.sort()).toEqual(['easiest_piece', 'next_physical_action']);
    expect(allowedStrategies({ only: CONCRETE_STEP_STRATEGIES, smallerThan: 3 })).not.toContain(
      'self_compassion',
    );
  });

  it('chooseStrategy respects the rules even when the evidence says otherwise', () => {
    const evidence = Array.from({ length: 30 }, () => match('time_box', 'task_completed'));
    const random = seededRandom(1);
    for (let i = 0; i < 50; i++) {
      const choice = chooseStrategy(evidence, { random, smallerThan: 3 });
      expect(getStrategy(choice.strategy).size).toBeLessThan(3);
      expect(chooseStrategy(evidence, { random, avoid: 'time_box' }).strategy).not.toBe('time_box');
    }
  });

  it('exploits strong evidence but still explores a little', () => {
    const evidence = [
      ...Array.from({ length: 20 }, () => match('body_doubling', 'task_completed')),
      ...STRATEGY_IDS.filter((id) => id !== 'body_doubling').flatMap((id) =>
        Array.from({ length: 6 }, () => match(id, 'distracted')),
      ),
    ];
    const random = seededRandom(3);
    const picks = Array.from({ length: 400 }, () => chooseStrategy(evidence, { random }).strategy);
    const share = picks.filter((p) => p === 'body_doubling').length / picks.length;
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(1);
  });

  it('is reproducible with a seed, and Beta samples have the right mean', () => {
    const a = Array.from(
      { length: 20 },
      (_, i) => chooseStrategy([], { random: seededRandom(i) }).strategy,
    );
    const b = Array.from(
      { length: 20 },
      (_, i) => chooseStrategy([], { random: seededRandom(i) }).strategy,
    );
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(4);
    const random = seededRandom(11);
    const draws = Array.from({ length: 4000 }, () => sampleBeta(3, 7, random));
    expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(0.3, 1);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThanOrEqual(1);
  });
});

describe('convergence on a simulated person (engine + real MemoryService)', () => {
  // 12 strategies, and "never repeat the strategy that just failed" caps the good one's share near
  // 80 %, so ≥ 70 % of a window is a demanding bar; the bound is deliberately generous.
  const CHECK_INS = 120;
  const WINDOW = 15;
  const THRESHOLD = 0.7;
  const BOUND = 100;
  let t: TestMemory;
  let clock: ReturnType<typeof fakeClock>;
  beforeEach(async () => {
    clock = fakeClock();
    t = await makeMemory(clock.now);
  });
  afterEach(() => t.close());

  /** Index of the first check-in from which the good strategy fills ≥ THRESHOLD of the next WINDOW. */
  function convergedAt(chosen: boolean[]): number | null {
    for (let i = 0; i + WINDOW <= chosen.length; i++) {
      const hits = chosen.slice(i, i + WINDOW).filter(Boolean).length;
      if (hits / WINDOW >= THRESHOLD) return i + 1;
    }
    return null;
  }

  it.each([1, 2, 3, 4].map((seed) => [seed, STRATEGY_IDS[seed % STRATEGY_IDS.length]!] as const))(
    'seed %i: the learner settles on %s (p=0.8 vs 0.15 for the other strategies)',
    async (seed, good) => {
      const coach = createCoachEngine({
        userId: 'alice',
        memory: t.memory,
        generator: null,
        clock: clock.now,
        random: seededRandom(seed),
      });
      const person = seededRandom(1000 + seed);
      const chosen: boolean[] = [];
      for (let i = 0; i < CHECK_INS; i++) {
        // A few sessions a day, so the contexts (time, minutes in, previous reply) vary like real ones.
        if (i % 6 === 0) {
          await coach.endSession();
          clock.minutes(i % 18 === 0 ? 14 * 60 : 90);
          await coach.startSession({ task: 'write the quarterly report', minutes: 120 });
        }
        clock.minutes(12);
        const view = await coach.checkInNow();
        const isGood = view.strategy === good;
        chosen.push(isGood);
        const worked = person() < (isGood ? 0.8 : 0.15);
        const id = worked
          ? person() < 0.5
            ? 'done'
            : 'on_it'
          : person() < 0.7
            ? 'distracted'
            : 'not_now';
        if (id === 'not_now') await coach.timeout(view.id);
        else await coach.answer(view.id, { kind: 'quick', id });
        await coach.flush();
      }
      const at = convergedAt(chosen);
      const lastShare = chosen.slice(-30).filter(Boolean).length / 30;
      console.log(
        `learner seed ${seed} (${good}): converged after check-in ${at ?? 'never'} of ${CHECK_INS}; ` +
          `chosen in ${Math.round(lastShare * 100)}% of the last 30`,
      );
      expect(at).not.toBeNull();
      expect(at!).toBeLessThanOrEqual(BOUND);
      expect(lastShare).toBeGreaterThanOrEqual(0.5);
    },
  );
});
