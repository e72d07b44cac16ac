// App status (what the tray and windows show), memory diagnostics and hiding the calling window.
import type { AppHandlers } from '../types';
import type { AppContext } from './context';

export function statusHandlers(
  ctx: AppContext,
): Pick<AppHandlers, 'app:status' | 'memory:doctor' | 'window:hide'> {
  return {
    'app:status': async () => ctx.status(),
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
