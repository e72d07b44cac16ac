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
  EXPLORATION_BONUS,
  POOLED_WEIGHT,
  PRIOR_STRENGTH,
  STRATEGY_FAMILIES,
  allowedStrategies,
  beliefsFrom,
  chooseStrategy,
  pickStrategy,
  taskSimilarity,
} from '../../electron/coach/learner';
import { sampleBeta, seededRandom } from '../../electron/coach/random';
import { createCoachEngine } from '../../electron/coach/session-engine';
import { CONCRETE_STEP_STRATEGIES, getStrategy } from '../../electron/coach/strategies';
import { fakeClock, makeMemory, type TestMemory } from './fixtures';

function match(
  strategy: StrategyId,
  outcome: Outcome,
  similarity = 1,
  task = 't',
): SimilarIntervention {
  return {
    key: `k-${Math.random()}`,
    intervention: 'x',
    context: '',
    task,
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

  it('counts successes for, failures against; not_now, no_response and unclear not at all', () => {
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
    // Another family, so no shared evidence shifts its prior.
    const untried = belief(evidence, 'movement_break');
    expect(tried.alpha - untried.alpha).toBeCloseTo(2);
    expect(tried.beta - untried.beta).toBeCloseTo(2);
    expect(tried.evidence).toBeCloseTo(4);
  });

  it('centres the prior on the person’s overall success rate, never below even odds', () => {
    const good = Array.from({ length: 10 }, () => match('time_box', 'task_completed'));
    const untried = belief(good, 'easiest_piece');
    expect(untried.alpha + untried.beta).toBeCloseTo(PRIOR_STRENGTH);
    expect(untried.mean).toBeCloseTo(11 / 12);
    // Everything tried so far failed: what is untried still gets an even chance.
    const poor = Array.from({ length: 10 }, () => match('time_box', 'distracted'));
    expect(belief(poor, 'easiest_piece').mean).toBeCloseTo(0.5);
  });

  it('lets strategies of one family share evidence through their prior', () => {
    const evidence = Array.from({ length: 6 }, () => match('tiny_first_step', 'task_completed'));
    expect(STRATEGY_FAMILIES.easiest_piece).toBe(STRATEGY_FAMILIES.tiny_first_step);
    expect(STRATEGY_FAMILIES.time_box).not.toBe(STRATEGY_FAMILIES.tiny_first_step);
    // Both untried; the sibling of what worked starts higher than a stranger.
    expect(belief(evidence, 'easiest_piece').mean).toBeGreaterThan(
      belief(evidence, 'time_box').mean,
    );
  });

  it('counts a try fully on the same task and less on an unrelated one (unless switched off)', () => {
    const evidence = [
      match('tiny_first_step', 'task_completed', 1, 'write the quarterly report'),
      match('time_box', 'task_completed', 1, 'reply to the client emails'),
    ];
    const task = 'write the quarterly report';
    const beliefs = beliefsFrom(evidence, { task });
    const own = (id: StrategyId) => beliefs.find((b) => b.strategy === id)!.evidence;
    expect(own('tiny_first_step')).toBeCloseTo(1);
    expect(own('time_box')).toBeGreaterThanOrEqual(POOLED_WEIGHT);
    expect(own('time_box')).toBeLessThan(0.75);
    const off = beliefsFrom(evidence, { task, taskSimilarity: false });
    expect(off.find((b) => b.strategy === 'time_box')!.evidence).toBeCloseTo(1);
    expect(taskSimilarity('Write the report', 'write the report')).toBe(1);
    expect(taskSimilarity('write the report', 'writing reports')).toBeGreaterThan(
      taskSimilarity('write the report', 'clean the kitchen'),
    );
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

  it('exploits strong evidence, and tries something new while nothing works', () => {
    const strong = [
      ...Array.from({ length: 8 }, () => match('body_doubling', 'task_completed')),
      ...Array.from({ length: 2 }, () => match('body_doubling', 'distracted')),
      ...Array.from({ length: 3 }, () => match('time_box', 'distracted')),
      // Its family-mates were tried too (an untried sibling of a winner is still worth a try).
      match('self_compassion', 'distracted'),
      match('reward_pairing', 'stuck'),
    ];
    const choice = chooseStrategy(strong, { random: seededRandom(3) });
    expect(choice.strategy).toBe('body_doubling');
    expect(choice.why).toBe('Chosen because “Body doubling” worked 8 of 10 times for you.');
    const poor = [
      match('body_doubling', 'distracted'),
      match('body_doubling', 'stuck'),
      match('body_doubling', 'task_completed'),
    ];
    const next = chooseStrategy(poor, { random: seededRandom(4) });
    expect(next.strategy).not.toBe('body_doubling');
    expect(next.why).toMatch(/not tried yet/);
  });

  it('does not offer what just failed in this session, unless it is still clearly the best', () => {
    const random = seededRandom(5);
    // Equal records: the smaller step wins the tie, unless it is the one that just failed.
    const some = [match('tiny_first_step', 'distracted'), match('time_box', 'distracted')];
    const only: StrategyId[] = ['tiny_first_step', 'time_box'];
    const failed = [{ strategy: 'tiny_first_step', outcome: 'distracted' as const }];
    expect(chooseStrategy(some, { random, only }).strategy).toBe('tiny_first_step');
    expect(chooseStrategy(some, { random, only, session: failed }).strategy).toBe('time_box');
    // Snoozes and silence are not failures: the strategy stays.
    const snoozed = [{ strategy: 'tiny_first_step', outcome: 'not_now' as const }];
    expect(chooseStrategy(some, { random, only, session: snoozed }).strategy).toBe(
      'tiny_first_step',
    );
    const proven = [
      ...Array.from({ length: 9 }, () => match('tiny_first_step', 'task_completed')),
      match('tiny_first_step', 'distracted'),
      ...STRATEGY_IDS.filter((id) => id !== 'tiny_first_step').map((id) => match(id, 'stuck')),
    ];
    const again = chooseStrategy(proven, { random, session: failed });
    expect(again.strategy).toBe('tiny_first_step');
    expect(again.why).toMatch(/^Chosen again because “Tiny first step” has worked best/);
  });

  it('after stuck keeps a proven strategy on offer; an unproven one gives way to a smaller step', () => {
    const random = seededRandom(6);
    const stuck = [{ strategy: 'time_box', outcome: 'stuck' as const }];
    const proven = [
      ...Array.from({ length: 8 }, () => match('time_box', 'task_completed')),
      match('time_box', 'stuck'),
      ...STRATEGY_IDS.filter((id) => id !== 'time_box').map((id) => match(id, 'distracted')),
    ];
    const again = chooseStrategy(proven, { random, session: stuck, smallerThan: 3 });
    expect(again.strategy).toBe('time_box');
    expect(again.why).toMatch(/^Chosen again because “Time-box” has worked best for you \(8 of 9/);
    // One success and one stuck: not proven, so the next offer is a smaller step.
    const unproven = [match('time_box', 'task_completed'), match('time_box', 'stuck')];
    for (let i = 0; i < 20; i++) {
      const next = chooseStrategy(unproven, { random, session: stuck, smallerThan: 3 });
      expect(getStrategy(next.strategy).size).toBeLessThan(3);
    }
  });

  it('applies the session rules to any scoring, as chooseStrategy does to its own index', () => {
    const random = seededRandom(8);
    const scores = STRATEGY_IDS.map((id) => ({
      strategy: id,
      index: id === 'time_box' ? 0.9 : 0.2,
      mean: id === 'time_box' ? 0.9 : 0.2,
    }));
    expect(pickStrategy(scores, { random })).toEqual({ strategy: 'time_box', repeated: false });
    // Stuck on it, but its mean still leads: it stays on offer beside the smaller steps.
    const stuck = [{ strategy: 'time_box', outcome: 'stuck' as const }];
    expect(pickStrategy(scores, { random, session: stuck, smallerThan: 3 })).toEqual({
      strategy: 'time_box',
      repeated: true,
    });
    // Once another strategy's mean is as high, what just failed gives way.
    const level = scores.map((s) => (s.strategy === 'easiest_piece' ? { ...s, mean: 0.9 } : s));
    const next = pickStrategy(level, { random, session: stuck, smallerThan: 3 });
    expect(next.strategy).not.toBe('time_box');
    expect(getStrategy(next.strategy).size).toBeLessThan(3);
    // chooseStrategy is pickStrategy over its beliefs' optimistic index.
    const evidence = [match('body_doubling', 'task_completed'), match('time_box', 'distracted')];
    const choice = chooseStrategy(evidence, { random: seededRandom(9) });
    const sd = (b: { alpha: number; beta: number }) => {
      const n = b.alpha + b.beta;
      return Math.sqrt((b.alpha * b.beta) / (n * n * (n + 1)));
    };
    const own = choice.beliefs.map((b) => ({
      strategy: b.strategy,
      index: b.mean + EXPLORATION_BONUS * sd(b),
      mean: b.mean,
    }));
    expect(pickStrategy(own, { random: seededRandom(9) }).strategy).toBe(choice.strategy);
  });

  it('starts with small steps when nothing is known, varied and reproducible by seed', () => {
    const a = Array.from(
      { length: 20 },
      (_, i) => chooseStrategy([], { random: seededRandom(i) }).strategy,
    );
    const b = Array.from(
      { length: 20 },
      (_, i) => chooseStrategy([], { random: seededRandom(i) }).strategy,
    );
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThanOrEqual(3);
    for (const id of a) expect(getStrategy(id).size).toBe(1);
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
        // A finished task is never nudged again: like a person, take up the next part of the work.
        if (id === 'done') coach.setTask(`write the quarterly report, part ${i + 2}`);
      }
      // Every nudge says why, in one sentence.
      expect(coach.current()!.why).toMatch(/^Chosen (again )?because [^.]+\.$/);
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
