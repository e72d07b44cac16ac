// App status (what the tray and windows show), memory diagnostics, the availability signals and
// hiding the calling window.
import type { AppHandlers } from '../types';
import type { AppContext } from './context';

export function statusHandlers(
  ctx: AppContext,
): Pick<AppHandlers, 'app:status' | 'memory:doctor' | 'availability:get' | 'window:hide'> {
  return {
    'app:status': async () => ctx.status(),
    'availability:get': async () => ctx.availability.check(),
    'memory:doctor': async () => {
      const { core, config } = await ctx.runtime.get();
      return core.memory.doctor(config.userId);
    },
    'window:hide': async () => {
      ctx.options.hideWindow?.();
      return { ok: true as const };
    },
  };
}
