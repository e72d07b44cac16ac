// Settings and onboarding. A change is checked against the configuration it would produce before it
// is saved; changes that shape the core (user, models, embedder, ...) rebuild it, and a rebuild that
// fails restores the previous settings, so a bad change never loses anything.
import { parseOrThrow } from '../../../shared/domain';
import { SettingsSchema, type Settings } from '../../../shared/settings';
import type { AppHandlers } from '../types';
import type { AppContext } from './context';

/** Settings that the core or the coach engine are built from. */
export const CORE_SETTINGS: ReadonlyArray<keyof Settings> = [
  'userId',
  'embedder',
  'embeddingModel',
  'embeddingDim',
  'textModel',
  'retentionDays',
  'vectorAlgorithm',
];

export function affectsCore(before: Settings, after: Settings): boolean {
  return CORE_SETTINGS.some((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

export function settingsHandlers(
  ctx: AppContext,
): Pick<AppHandlers, 'settings:get' | 'settings:update' | 'onboarding:complete'> {
  return {
    'settings:get': async () => ctx.settings.get(),
    'settings:update': async (patch) => {
      const before = ctx.settings.get();
      const candidate = parseOrThrow(SettingsSchema, { ...before, ...patch }, 'settings');
      // Refuse settings that cannot give a working configuration (e.g. Gemini forced without a key).
      await ctx.resolveConfig(candidate);
      const after = await ctx.settings.update(patch);
      if (affectsCore(before, after)) {
        await ctx.runtime.rebuild(async () => {
          await ctx.settings.update(before);
        });
      }
      const final = ctx.settings.get();
      ctx.options.onSettingsChanged?.(final);
      await ctx.announceStatus();
      return final;
    },
    'onboarding:complete': async ({ task }) => {
      await ctx.settings.update({ onboardingDone: true });
      const trimmed = task?.trim();
      if (trimmed) {
        (await ctx.runtime.get()).engine.setTask(trimmed);
        await ctx.rememberTask(trimmed);
      }
      ctx.loop.restartInterval();
      ctx.options.onSettingsChanged?.(ctx.settings.get());
      return ctx.announceStatus();
    },
  };
}
