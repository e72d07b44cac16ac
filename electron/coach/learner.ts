// Chooses the coaching strategy for one check-in, per person: Thompson sampling over a Beta belief
// per strategy. The evidence is the person's own similar past interventions (recalled with outcomes
// 'any', so failures count against a strategy), each weighted by how similar its moment was to now.
import type { Outcome, SimilarIntervention, StrategyId } from '../../shared/domain';
import { sampleBeta, pick, type Random } from './random';
import { STRATEGIES, getStrategy, isStrategyId, type StepSize } from './strategies';

/**
 * How much one outcome counts for (success) and against (failure) the strategy that was tried.
 * `not_now` is a snooze — the moment was wrong, not the strategy — so it is neutral. `unclear`
 * replies count as a weak failure: the nudge did not clearly land.
 */
export const OUTCOME_CREDIT: Readonly<Record<Outcome, { success: number; failure: number }>> = {
  task_completed: { success: 1, failure: 0 },
  re_engaged: { success: 1, failure: 0 },
  distracted: { success: 0, failure: 1 },
  stuck: { success: 0, failure: 1 },
  no_response: { success: 0, failure: 1 },
  not_now: { success: 0, failure: 0 },
  unclear: { success: 0, failure: 0.25 },
};

/**
 * The prior every strategy starts from: a Beta of total strength PRIOR_STRENGTH centred on this
 * person's overall (Laplace-smoothed) success rate — empirical Bayes — so an untried strategy is
 * assumed to do about as well as nudges usually do for them, not as well as a fair coin. Without
 * any evidence it is Beta(2, 2). Strength 4 was chosen on the simulated person in
 * test/coach/learner.test.ts: with 2 an early run of bad luck could bury the good strategy.
 */
export const PRIOR_STRENGTH = 4;
/** Share of check-ins that pick uniformly among the allowed strategies, beyond Beta sampling. */
export const DEFAULT_EPSILON = 0.05;
/** How many similar past interventions (any outcome) the learner reads per check-in. */
export const LEARNING_RECALL_K = 100;

export interface StrategyBelief {
  strategy: StrategyId;
  alpha: number;
  beta: number;
  /** Posterior mean α / (α + β). */
  mean: number;
  /** Similarity-weighted number of past tries that count as evidence. */
  evidence: number;
}

export interface ChooseOptions {
  random: Random;
  /** The strategy that just did not work: not offered twice in a row (unless nothing else is allowed). */
  avoid?: StrategyId | null;
  /** After `stuck`: only strategies whose size is below this (or the smallest ones, if none are). */
  smallerThan?: StepSize | null;
  /** Restricts the choice to these strategies (e.g. concrete steps for the follow-up to `stuck`). */
  only?: readonly StrategyId[];
  epsilon?: number;
}

export interface StrategyChoice {
  strategy: StrategyId;
  /** explore = the epsilon branch; sampled = Thompson sampling picked the highest draw. */
  how: 'explore' | 'sampled';
  beliefs: StrategyBelief[];
}

/**
 * Folds recalled interventions into one Beta belief per built-in strategy. Each intervention counts
 * with its similarity relative to the closest match, so the most similar past moment counts fully
 * and a loosely related one partly (absolute cosine values depend on the embedder).
 */
export function beliefsFrom(evidence: readonly SimilarIntervention[]): StrategyBelief[] {
  const usable = evidence.filter(
    (item) => item.strategy && isStrategyId(item.strategy) && item.similarity > 0,
  );
  const top = Math.max(0, ...usable.map((item) => item.similarity));
  const totals = new Map<StrategyId, { s: number; f: number; n: number }>();
  for (const s of STRATEGIES) totals.set(s.id, { s: 0, f: 0, n: 0 });
  let allS = 0;
  let allF = 0;
  for (const item of usable) {
    const weight = Math.min(1, item.similarity / top);
    const credit = OUTCOME_CREDIT[item.outcome];
    const t = totals.get(item.strategy as StrategyId)!;
    t.s += weight * credit.success;
    t.f += weight * credit.failure;
    if (credit.success + credit.failure > 0) t.n += weight;
    allS += weight * credit.success;
    allF += weight * credit.failure;
  }
  // Laplace-smoothed overall rate: 0.5 with no evidence, so the prior is then Beta(1, 1).
  const base = (allS + 1) / (allS + allF + 2);
  const prior = { alpha: PRIOR_STRENGTH * base, beta: PRIOR_STRENGTH * (1 - base) };
  return STRATEGIES.map((s) => {
    const t = totals.get(s.id)!;
    const alpha = prior.alpha + t.s;
    const beta = prior.beta + t.f;
    return { strategy: s.id, alpha, beta, mean: alpha / (alpha + beta), evidence: t.n };
  });
}

/** The strategies allowed right now (smaller after stuck; not the one that just failed). */
export function allowedStrategies(
  options: Pick<ChooseOptions, 'avoid' | 'smallerThan' | 'only'>,
): StrategyId[] {
  let allowed: StrategyId[] = STRATEGIES.map((s) => s.id);
  if (options.only && options.only.length > 0) {
    const only = new Set(options.only);
    allowed = allowed.filter((id) => only.has(id));
  }
  if (options.smallerThan) {
    const limit = options.smallerThan;
    const smaller = allowed.filter((id) => getStrategy(id).size < limit);
    allowed = smaller.length > 0 ? smaller : allowed.filter((id) => getStrategy(id).size === 1);
  }
  if (options.avoid) {
    const without = allowed.filter((id) => id !== options.avoid);
    if (without.length > 0) allowed = without;
  }
  return allowed;
}

/**
 * Thompson sampling: draw once from each allowed strategy's Beta belief and take the highest draw.
 * Strategies with little evidence have wide beliefs and still win now and then (exploration);
 * the epsilon branch keeps even a strongly disfavoured strategy from never being retried.
 */
export function chooseStrategy(
  evidence: readonly SimilarIntervention[],
  options: ChooseOptions,
): StrategyChoice {
  const beliefs = beliefsFrom(evidence);
  const allowed = new Set(allowedStrategies(options));
  const epsilon = options.epsilon ?? DEFAULT_EPSILON;
  if (options.random() < epsilon) {
    return { strategy: pick([...allowed], options.random), how: 'explore', beliefs };
  }
  let best: StrategyId | null = null;
  let bestDraw = -1;
  for (const belief of beliefs) {
    if (!allowed.has(belief.strategy)) continue;
    const draw = sampleBeta(belief.alpha, belief.beta, options.random);
    if (draw > bestDraw) {
      bestDraw = draw;
      best = belief.strategy;
    }
  }
  return { strategy: best!, how: 'sampled', beliefs };
}
