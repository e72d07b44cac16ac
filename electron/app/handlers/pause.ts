// Pausing check-ins from the tray or a window: 30 min / 1 h / 2 h, until tomorrow, indefinitely, resume.
import type { AppHandlers } from '../types';
import type { AppContext } from './context';

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
