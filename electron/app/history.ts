// The History & insights view: outcomes per local day (oldest first, every day of the range present
// so charts have no gaps), how often each strategy was tried and how often it worked, recent insights
// and the latest interventions. Built from memory.listRecent + memory.listInsights.
import {
  OUTCOMES,
  SUCCESS_OUTCOMES,
  type Insight,
  type InterventionSummary,
  type Outcome,
} from '../../shared/domain';
import type { HistoryView } from '../../shared/settings';
import { countsAsTry } from '../coach/session-stats';

const DAY_MS = 24 * 60 * 60 * 1000;
export const HISTORY_RECENT_LIMIT = 20;
export const HISTORY_INSIGHT_LIMIT = 20;

/** YYYY-MM-DD in local time. */
export function localDateKey(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight `days - 1` days before today: the first day the view covers. */
export function historyStart(now: number, days: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - (days - 1));
  return d.getTime();
}

function emptyCounts(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
}

export function buildHistoryView(input: {
  interventions: readonly InterventionSummary[];
  insights: readonly Insight[];
  now: number;
  days: number;
  strategyLabel: (strategy: string) => string;
  answerTimes?: HistoryView['answerTimes'];
}): HistoryView {
  const start = historyStart(input.now, input.days);
  const days = new Map<string, Record<Outcome, number>>();
  for (let d = new Date(start); d.getTime() <= input.now; d.setDate(d.getDate() + 1)) {
    days.set(localDateKey(d.getTime()), emptyCounts());
  }

  const strategies = new Map<string, { tries: number; successes: number }>();
  const inRange = input.interventions.filter(
    (i) => i.timestamp >= start && i.timestamp <= input.now + DAY_MS,
  );
  for (const item of inRange) {
    const row = days.get(localDateKey(item.timestamp));
    if (row) row[item.outcome] += 1;
    // "What works for me" counts tries as the learner does: a snooze or "not now" is not a try.
    if (item.strategy && countsAsTry(item.outcome)) {
      const s = strategies.get(item.strategy) ?? { tries: 0, successes: 0 };
      s.tries += 1;
      if (SUCCESS_OUTCOMES.includes(item.outcome)) s.successes += 1;
      strategies.set(item.strategy, s);
    }
  }

  return {
    days: [...days].map(([date, counts]) => ({ date, ...counts })),
    strategies: [...strategies]
      .map(([strategy, s]) => ({ strategy, label: input.strategyLabel(strategy), ...s }))
      .sort((a, b) => b.tries - a.tries || a.strategy.localeCompare(b.strategy)),
    insights: input.insights.slice(0, HISTORY_INSIGHT_LIMIT),
    recent: [...inRange].sort((a, b) => b.timestamp - a.timestamp).slice(0, HISTORY_RECENT_LIMIT),
    answerTimes: input.answerTimes ?? [],
  };
}

/** "tiny_first_step" → "Tiny first step": for custom strategies the library does not know. */
export function humanizeStrategy(strategy: string): string {
  const words = strategy.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : strategy;
}
