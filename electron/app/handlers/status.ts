// App status (what the tray and windows show), memory diagnostics and the availability signals.
import type { AppHandlers } from '../types';
import type { AppContext } from './context';

export function statusHandlers(
  ctx: AppContext,
): Pick<AppHandlers, 'app:status' | 'memory:doctor' | 'availability:get'> {
  return {
    'app:status': async () => ctx.status(),
    'availability:get': async () => ctx.availability.check(),
    'memory:doctor': async () => {
      const { core, config } = await ctx.runtime.get();
      return core.memory.doctor(config.userId);
    },
  };
}
