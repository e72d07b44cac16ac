// Focus sessions, the current task and check-ins: thin calls into the coach engine, plus the
// scheduler bookkeeping (interval restarts, snoozes, the reply timeout).
import type { AppHandlers } from '../types';
import type { AppContext } from './context';

type SessionChannels =
  | 'session:get'
  | 'session:start'
  | 'session:end'
  | 'task:set'
  | 'checkin:current'
  | 'checkin:now'
  | 'checkin:answer'
  | 'checkin:snooze'
  | 'checkin:similar';

export function sessionHandlers(ctx: AppContext): Pick<AppHandlers, SessionChannels> {
  const engine = async () => (await ctx.runtime.get()).engine;
  return {
    'session:get': async () => (await engine()).session(),
    'session:start': async (request) => {
      const session = await (
        await engine()
      ).startSession({
        ...(request.task ? { task: request.task } : {}),
        ...(request.minutes !== undefined ? { minutes: request.minutes } : {}),
      });
      await ctx.rememberTask(session.task);
      ctx.loop.restartInterval();
      ctx.loop.setFocusSession(session.active);
      await ctx.announceStatus();
      return session;
    },
    'session:end': async () => {
      const result = await (await engine()).endSession();
      ctx.loop.setFocusSession(false);
      await ctx.announceStatus();
      return result;
    },
    'task:set': async ({ task }) => {
      const session = (await engine()).setTask(task);
      await ctx.rememberTask(session.task);
      return session;
    },
    'checkin:current': async () => (await engine()).current(),
    'checkin:now': async () => ctx.loop.open(),
    'checkin:answer': async ({ checkInId, reply, seenWording }) => {
      const result = await (await engine()).answer(checkInId, reply, seenWording);
      if (result.followUp.kind === 'snooze' && result.followUp.snoozeMinutes) {
        ctx.loop.snooze(result.followUp.snoozeMinutes);
      }
      ctx.loop.answered();
      await ctx.announceStatus();
      return result;
    },
    'checkin:snooze': async ({ minutes }) => {
      const session = (await engine()).snooze(minutes);
      ctx.loop.snooze(minutes);
      await ctx.announceStatus();
      return session;
    },
    'checkin:similar': async () => (await engine()).similarForCurrent(),
  };
}
