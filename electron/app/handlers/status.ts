// App status (what the tray and windows show), memory diagnostics, the availability signals, and
// pausing check-ins.
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

// Pausing check-ins from the tray or a window: 30 min / 1 h / 2 h, until tomorrow, indefinitely, resume.
export function pauseHandlers(ctx: AppContext): Pick<AppHandlers, 'pause:set'> {
  return {
    'pause:set': async ({ until }) => {
      // A pause (and resuming by hand) replaces any snooze: the coach drops it, the schedule follows.
      (await ctx.runtime.get()).engine.clearSnooze();
      if (until === 'resume') ctx.loop.resume();
      else ctx.loop.pause(until);
      return ctx.announceStatus();
    },
  };
}
