// The person's data: History (outcomes per day, what each strategy achieved, changing or deleting a
// past check-in), exporting it all and deleting it all.
import { join } from 'node:path';
import { InvalidInputError } from '../../../shared/domain';
import { strategyLabel } from '../../coach/strategies';
import { AppError } from '../invoke';
import { buildHistoryView, historyStart, HISTORY_INSIGHT_LIMIT } from '../history';
import { answerTimes } from '../pacing';
import type { AppHandlers } from '../types';
import type { AppContext } from './context';
import { exportUserData } from '../data-export';

/** Enough interventions for a year of frequent check-ins. */
const HISTORY_READ_LIMIT = 20_000;

export function historyHandlers(
  ctx: AppContext,
): Pick<AppHandlers, 'history:get' | 'history:correct' | 'history:delete'> {
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
    // Both change the stored record itself, so the learner, recall and this view all see it.
    'history:correct': async ({ key, outcome }) => {
      const { core, config } = await ctx.runtime.get();
      if (outcome === 'no_response') {
        throw new InvalidInputError('A check-in you answered cannot be changed to “No reply”');
      }
      if (!(await core.memory.correctOutcome(config.userId, ownKey(key, config.userId), outcome))) {
        throw new AppError('not_found', 'That check-in is no longer in memory.');
      }
      await (await ctx.runtime.get()).engine.storedCorrection(key, outcome);
      return { key, outcome };
    },
    'history:delete': async ({ key }) => {
      const { core, config } = await ctx.runtime.get();
      if (!(await core.memory.deleteIntervention(config.userId, ownKey(key, config.userId)))) {
        throw new AppError('not_found', 'That check-in is no longer in memory.');
      }
      await (await ctx.runtime.get()).engine.storedCorrection(key, null);
      await ctx.announceStatus();
      return { key, deleted: true as const };
    },
  };
}

/** A key of this person's memory, or a clear error (another user's key is never touched). */
function ownKey(key: string, userId: string): string {
  if (!key.startsWith(`user:${userId}:intervention:`)) {
    throw new InvalidInputError('That check-in does not belong to this user.');
  }
  return key;
}

// Exporting (JSONL) and deleting everything Keel remembers about the person.
export function dataHandlers(ctx: AppContext): Pick<AppHandlers, 'data:export' | 'data:delete'> {
  return {
    'data:export': async () => {
      const { core, config } = await ctx.runtime.get();
      return exportUserData({
        memory: core.memory,
        userId: config.userId,
        dir: ctx.options.exportDir ?? join(ctx.options.dataDir, 'exports'),
        now: ctx.clock(),
      });
    },
    // The request schema already demands the confirmation phrase; nothing reaches here without it.
    'data:delete': async () => {
      const { core, config, corrections } = await ctx.runtime.get();
      const deleted = await core.memory.forget(config.userId);
      await corrections.clear();
      await ctx.announceStatus();
      return { deleted };
    },
  };
}
