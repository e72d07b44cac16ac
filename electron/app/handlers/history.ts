// History & insights: outcomes per day and what each strategy achieved, from memory.
import { strategyLabel } from '../../coach/strategies';
import { buildHistoryView, historyStart, HISTORY_INSIGHT_LIMIT } from '../history';
import { answerTimes } from '../pacing';
import type { AppHandlers } from '../types';
import type { AppContext } from './context';

/** Enough interventions for a year of frequent check-ins. */
const HISTORY_READ_LIMIT = 20_000;

export function historyHandlers(ctx: AppContext): Pick<AppHandlers, 'history:get'> {
  return {
    'history:get': async ({ days }) => {
      const { core, config } = await ctx.runtime.get();
      const now = ctx.clock();
      const [interventions, insights] = await Promise.all([
        core.memory.listRecent(config.userId, {
          sinceMs: historyStart(now, days),
          limit: HISTORY_READ_LIMIT,
        }),
        core.memory.listInsights(config.userId, HISTORY_INSIGHT_LIMIT),
      ]);
      const since = historyStart(now, days);
      return buildHistoryView({
        interventions,
        insights,
        now,
        days,
        strategyLabel,
        answerTimes: answerTimes(ctx.pacing.all().filter((e) => e.openedAt >= since)),
      });
    },
  };
}
