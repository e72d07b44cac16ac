// Per-strategy tallies of what worked, for the offline reflection ("Tiny first steps worked 4 of 5
// times this week"). Outcomes are scored as the learner scores them: not_now does not count as a try.
import type { InterventionSummary, Outcome } from '../../shared/domain';
import { OUTCOME_CREDIT } from './learner';
import { isStrategyId } from './strategies';

export interface StrategyTally {
  strategy: string;
  tries: number;
  successes: number;
}

export function isSuccess(outcome: Outcome): boolean {
  return OUTCOME_CREDIT[outcome].success > 0;
}

/** Whether an outcome says anything about the strategy (not_now is a snooze, not a try). */
export function countsAsTry(outcome: Outcome): boolean {
  const credit = OUTCOME_CREDIT[outcome];
  return credit.success + credit.failure > 0;
}

/** Tallies built-in strategies over records (custom or missing strategies are skipped). */
export function tallyByStrategy(
  records: ReadonlyArray<Pick<InterventionSummary, 'strategy' | 'outcome'>>,
): StrategyTally[] {
  const tallies = new Map<string, StrategyTally>();
  for (const r of records) {
    if (!r.strategy || !isStrategyId(r.strategy) || !countsAsTry(r.outcome)) continue;
    const t = tallies.get(r.strategy) ?? { strategy: r.strategy, tries: 0, successes: 0 };
    t.tries += 1;
    if (isSuccess(r.outcome)) t.successes += 1;
    tallies.set(r.strategy, t);
  }
  return [...tallies.values()];
}

/** Success rate with a Beta(1,1) prior, so 1 of 1 does not outrank 4 of 5. */
export function smoothedRate(t: StrategyTally): number {
  return (t.successes + 1) / (t.tries + 2);
}

/** The best and worst strategies with at least `minTries` tries (worst only if clearly worse). */
export function bestAndWorst(
  tallies: readonly StrategyTally[],
  minTries = 2,
): { best: StrategyTally | null; worst: StrategyTally | null } {
  const eligible = tallies
    .filter((t) => t.tries >= minTries)
    .sort(
      (a, b) =>
        smoothedRate(b) - smoothedRate(a) ||
        b.tries - a.tries ||
        a.strategy.localeCompare(b.strategy),
    );
  const best = eligible.find((t) => t.successes > 0) ?? null;
  const last = eligible.at(-1) ?? null;
  const worst =
    last && last !== best && (!best || smoothedRate(last) < smoothedRate(best)) ? last : null;
  return { best, worst };
}
