// The check-in view's calls: each one runs through useAction (busy, errors) and hands its result to
// the reducer in checkin-state.ts, which owns every piece of the view's state. One call per action:
// an answer refreshes only the session (the check-in's own recall already describes the moment).
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { CheckInReply, CheckInView, QuickReplyId } from '../../../../shared/checkin';
import type { Outcome } from '../../../../shared/domain';
import { useClient } from '../../api/context';
import { useAction } from '../../hooks/useAction';
import { useKeelEvent } from '../../hooks/useKeelEvent';
import { checkInReducer, initialCheckInState, waitingCheckIn } from './checkin-state';

export function useCheckIn(dueCheckIn: CheckInView | null) {
  const client = useClient();
  const { busy, error, clearError, run } = useAction();
  const [state, dispatch] = useReducer(checkInReducer, Date.now(), initialCheckInState);
  // One answer or snooze at a time: a double press or a key repeat must not send twice. A ref, not
  // state: two key presses can arrive before the next render.
  const replying = useRef(false);

  useEffect(() => {
    void run(async () => {
      const [session, current, similar] = await Promise.all([
        client.call('session:get', {}),
        client.call('checkin:current', {}),
        client.call('checkin:similar', {}),
      ]);
      dispatch({ type: 'loaded', session, current, similar, now: Date.now() });
    });
    client.call('settings:get', {}).then(
      (settings) => dispatch({ type: 'snoozeLength', minutes: settings.snoozeMinutes }),
      () => undefined,
    );
  }, [run, client]);

  useEffect(() => {
    if (dueCheckIn) dispatch({ type: 'opened', checkIn: dueCheckIn, now: Date.now() });
  }, [dueCheckIn]);
  useKeelEvent('checkin:updated', (checkIn) => dispatch({ type: 'updated', checkIn }));

  const waiting = waitingCheckIn(state);

  /** Runs one reply-like call unless another is in flight. */
  const once = useCallback(
    async <T>(call: () => Promise<T>): Promise<T | undefined> => {
      if (replying.current) return undefined;
      replying.current = true;
      try {
        return await run(call);
      } finally {
        replying.current = false;
      }
    },
    [run],
  );

  const answer = useCallback(
    async (reply: CheckInReply) => {
      if (!waiting) return;
      const result = await once(() =>
        client.call('checkin:answer', {
          checkInId: waiting.id,
          reply,
          seenWording: waiting.wordingSource,
        }),
      );
      if (!result) return;
      dispatch({ type: 'answered', result });
      const session = await run(() => client.call('session:get', {}));
      if (session) dispatch({ type: 'session', session });
    },
    [waiting, once, run, client],
  );

  const quickReply = useCallback(
    (id: QuickReplyId) => void answer({ kind: 'quick', id }),
    [answer],
  );

  const snooze = useCallback(async () => {
    if (!waiting) return;
    // No minutes: the core uses the one snooze length from Settings.
    const session = await once(() => client.call('checkin:snooze', {}));
    if (session) dispatch({ type: 'snoozed', session });
  }, [waiting, once, client]);

  /** "Not quite?": the outcome the person meant for the check-in just answered. */
  const correct = useCallback(
    async (outcome: Outcome) => {
      const heard = state.heard;
      if (!heard) return;
      const result = await run(() =>
        client.call('checkin:correct', { checkInId: heard.checkIn.id, outcome }),
      );
      if (!result) return;
      dispatch({ type: 'corrected', result });
      const session = await run(() => client.call('session:get', {}));
      if (session) dispatch({ type: 'session', session });
    },
    [state.heard, run, client],
  );

  const checkInNow = async () => {
    const next = await run(() => client.call('checkin:now', {}));
    if (next) dispatch({ type: 'opened', checkIn: next, now: Date.now() });
  };

  const setTask = async (task: string) => {
    const session = await run(() => client.call('task:set', { task }));
    if (!session) return false;
    dispatch({ type: 'session', session, note: `Task set: ${session.task ?? task}.` });
    // A new task is a new moment: what worked before is looked up for it.
    const similar = await run(() => client.call('checkin:similar', {}));
    if (similar) dispatch({ type: 'loaded', session, current: null, similar, now: Date.now() });
    return true;
  };

  const start = async (task: string, minutes: number | undefined) => {
    const session = await run(() =>
      client.call('session:start', { task: task.trim() || undefined, minutes }),
    );
    if (session) {
      dispatch({
        type: 'sessionStarted',
        session,
        note: 'Focus session started. Keel will check in now and then.',
      });
    }
  };

  const end = async () => {
    const result = await run(() => client.call('session:end', {}));
    if (result) {
      dispatch({
        type: 'sessionEnded',
        result,
        note: 'Focus session ended. Well done for showing up.',
      });
    }
  };

  /** The step offered after "done": a new task, a break, or ending the block. */
  const next = async (step: 'new_task' | 'break' | 'end_session') => {
    if (step === 'new_task') dispatch({ type: 'focusTask' });
    else if (step === 'end_session') await end();
    else {
      const session = await run(() => client.call('checkin:snooze', {}));
      if (session) {
        dispatch({
          type: 'snoozed',
          session,
          note: `Enjoy your break. The next check-in comes in about ${state.snoozeMinutes} minutes.`,
        });
      }
    }
  };

  const close = useCallback(() => void client.host('window:hide'), [client]);

  return {
    state,
    waiting,
    busy,
    error,
    clearError,
    actions: {
      answer,
      quickReply,
      snooze,
      checkInNow,
      setTask,
      start,
      end,
      correct,
      next,
      close,
      /** For a correction control: hands the corrected result to the reducer. */
      dispatch,
    },
  };
}
