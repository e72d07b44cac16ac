// Focus sessions, the current task and check-ins: thin calls into the coach engine, plus the
// scheduler bookkeeping (interval restarts, the reply timer). The snooze is the coach's: the
// schedule reads it from the session at each look.
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
  | 'checkin:correct'
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
      await ctx.announceStatus();
      return session;
    },
    'session:end': async () => {
      const result = await (await engine()).endSession();
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
      const runtime = await ctx.runtime.get();
      const answered = await runtime.engine.answer(checkInId, reply, seenWording);
      // Recording runs in the background: a check-in the disk refused is reported with the next
      // answer (and in the memory status meanwhile), never silently.
      const result = { ...answered, memoryNotice: runtime.core.memory.takeLostNotice() };
      if (result.followUp.kind === 'snooze') ctx.loop.snoozed();
      ctx.loop.answered();
      await ctx.announceStatus();
      return result;
    },
    'checkin:snooze': async ({ minutes }) => {
      const length = minutes ?? ctx.settings.get().snoozeMinutes;
      const session = (await engine()).snooze(length);
      ctx.loop.snoozed();
      await ctx.announceStatus();
      return session;
    },
    'checkin:correct': async ({ checkInId, outcome }) => {
      // The coach sets or takes back its snooze with the corrected meaning; the schedule reads it.
      const result = await (await engine()).correct(checkInId, outcome);
      if (result.followUp.kind === 'snooze') ctx.loop.snoozed();
      await ctx.announceStatus();
      return result;
    },
    'checkin:similar': async () => (await engine()).similarForCurrent(),
  };
}
