// The check-in view: the open check-in (if any) with its replies, what Keel heard and the coach's
// follow-up, the similar nudges that worked before, and the task / focus-session controls.
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  AnswerResult,
  CheckInReply,
  CheckInView,
  QuickReplyId,
  SessionView,
} from '../../../../shared/checkin';
import type { Insight, Outcome, SimilarIntervention } from '../../../../shared/domain';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';
import { AnswerActions } from './AnswerActions';
import { AnswerStatus } from './AnswerStatus';
import { CheckInCard } from './CheckInCard';
import { TaskPanel } from './TaskPanel';
import { WhatWorkedBefore } from './WhatWorkedBefore';
import { useCheckInKeys } from './useCheckInKeys';

/** Shown until Settings have loaded; the core uses the real setting whatever this says. */
const DEFAULT_SNOOZE_MINUTES = 15;

export function CheckInScreen({
  dueCheckIn,
  focusTaskRequest = 0,
}: {
  dueCheckIn: CheckInView | null;
  /** Bumped to ask for focus on the task field (the tray's "Current task"). */
  focusTaskRequest?: number;
}) {
  const client = useClient();
  const { busy, error, clearError, run } = useAction();
  const [session, setSession] = useState<SessionView | null>(null);
  const [checkIn, setCheckIn] = useState<CheckInView | null>(null);
  const [answer, setAnswer] = useState<AnswerResult | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [similar, setSimilar] = useState<SimilarIntervention[]>([]);
  const [insight, setInsight] = useState<Insight | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const afterAnswerRef = useRef<HTMLHeadingElement>(null);
  const [focusResult, setFocusResult] = useState(0);
  const [snoozeMinutes, setSnoozeMinutes] = useState(DEFAULT_SNOOZE_MINUTES);
  // "Set a new task" after done asks the task field for focus, like the tray's "Current task".
  const [taskFocus, setTaskFocus] = useState(0);
  // One answer or snooze at a time: a double press or a key repeat must not send twice.
  const replying = useRef(false);

  const refresh = useCallback(async () => {
    const [nextSession, current, nextSimilar] = await Promise.all([
      client.call('session:get', {}),
      client.call('checkin:current', {}),
      client.call('checkin:similar', {}),
    ]);
    setSession(nextSession);
    setSimilar(nextSimilar);
    setNow(Date.now());
    return current;
  }, [client]);

  useEffect(() => {
    void run(async () => {
      const current = await refresh();
      if (current?.state === 'awaiting_reply') setCheckIn(current);
    });
    client.call('settings:get', {}).then(
      (settings) => setSnoozeMinutes(settings.snoozeMinutes),
      () => undefined,
    );
  }, [run, refresh, client]);

  const open = useCallback((next: CheckInView) => {
    setCheckIn(next);
    setAnswer(null);
    setNote(null);
    setNow(Date.now());
  }, []);

  useEffect(() => {
    if (dueCheckIn) open(dueCheckIn);
  }, [dueCheckIn, open]);

  const waiting = checkIn?.state === 'awaiting_reply' ? checkIn : null;

  const answerWith = useCallback(
    async (reply: CheckInReply) => {
      if (!waiting || replying.current) return;
      replying.current = true;
      const result = await run(() =>
        client.call('checkin:answer', { checkInId: waiting.id, reply }),
      ).finally(() => {
        replying.current = false;
      });
      if (!result) return;
      setCheckIn(result.checkIn);
      setAnswer(result);
      setFocusResult((n) => n + 1);
      await run(refresh);
    },
    [waiting, run, client, refresh],
  );

  const onQuickReply = useCallback(
    (id: QuickReplyId) => void answerWith({ kind: 'quick', id }),
    [answerWith],
  );

  const onSnooze = useCallback(async () => {
    if (!waiting || replying.current) return;
    replying.current = true;
    // No minutes: the core uses the one snooze length from Settings.
    const next = await run(() => client.call('checkin:snooze', {})).finally(() => {
      replying.current = false;
    });
    if (!next) return;
    setSession(next);
    setCheckIn(null);
    setAnswer(null);
    setNote(`Snoozed. The next check-in comes in about ${snoozeMinutes} minutes.`);
    setFocusResult((n) => n + 1);
  }, [waiting, run, client, snoozeMinutes]);

  const onCorrect = useCallback(
    async (outcome: Outcome) => {
      if (!answer) return;
      const result = await run(() =>
        client.call('checkin:correct', { checkInId: answer.checkIn.id, outcome }),
      );
      if (!result) return;
      setCheckIn(result.checkIn);
      setAnswer(result);
      setFocusResult((n) => n + 1);
      await run(refresh);
    },
    [answer, run, client, refresh],
  );

  // After an answer or a snooze the reply buttons are gone; move focus to the result's heading
  // (not left on <body>) so keyboard users continue from there.
  useEffect(() => {
    if (focusResult > 0) afterAnswerRef.current?.focus();
  }, [focusResult]);

  const onClose = useCallback(
    () => void client.call('window:hide', {}).catch(() => undefined),
    [client],
  );
  useCheckInKeys({
    active: waiting !== null,
    onQuickReply,
    onSnooze: () => void onSnooze(),
    onClose,
  });

  const checkInNow = async () => {
    const next = await run(() => client.call('checkin:now', {}));
    if (next) open(next);
  };

  const setTask = async (task: string) => {
    const next = await run(() => client.call('task:set', { task }));
    if (next) {
      setSession(next);
      setNote(`Task set: ${next.task ?? task}.`);
      await run(refresh);
    }
    return next !== undefined;
  };

  const start = async (task: string, minutes: number | undefined) => {
    const next = await run(() =>
      client.call('session:start', { task: task.trim() || undefined, minutes }),
    );
    if (next) {
      setSession(next);
      setInsight(null);
      setNote('Focus session started. Keel will check in now and then.');
    }
  };

  const end = async () => {
    const result = await run(() => client.call('session:end', {}));
    if (result) {
      setSession(result.session);
      setInsight(result.insight);
      setNote('Focus session ended. Well done for showing up.');
    }
  };

  const onNext = async (step: 'new_task' | 'break' | 'end_session') => {
    if (step === 'new_task') setTaskFocus((n) => n + 1);
    else if (step === 'end_session') await end();
    else {
      const next = await run(() => client.call('checkin:snooze', {}));
      if (next) {
        setSession(next);
        setAnswer(null);
        setNote(`Enjoy your break. The next check-in comes in about ${snoozeMinutes} minutes.`);
        setFocusResult((n) => n + 1);
      }
    }
  };

  const shownSimilar = waiting ? waiting.similar : similar;

  return (
    <div className="view view--checkin">
      <h1 className="view__title" tabIndex={-1}>
        Check-in
      </h1>
      <ErrorNotice message={error} onDismiss={clearError} />

      {waiting && (
        <CheckInCard
          checkIn={waiting}
          busy={busy}
          onQuickReply={onQuickReply}
          onText={(text) => void answerWith({ kind: 'text', text })}
          onSnooze={() => void onSnooze()}
          snoozeMinutes={snoozeMinutes}
        />
      )}

      {(answer || note) && (
        <h2 className="section__title" tabIndex={-1} ref={afterAnswerRef}>
          {answer ? 'What Keel heard' : 'Noted'}
        </h2>
      )}
      <AnswerStatus answer={answer} note={note} />
      {answer && (
        <AnswerActions
          answer={answer}
          busy={busy}
          snoozeMinutes={snoozeMinutes}
          onCorrect={(outcome) => void onCorrect(outcome)}
          onNext={(step) => void onNext(step)}
        />
      )}

      {insight && (
        <section className="card insight" aria-labelledby="insight-heading">
          <h2 id="insight-heading" className="section__title">
            A reflection on this session
          </h2>
          <p>{insight.text}</p>
        </section>
      )}

      {/* While a check-in waits, what worked before sits next to it, above the task controls. */}
      {waiting && <WhatWorkedBefore items={shownSimilar} now={now} />}
      <TaskPanel
        session={session}
        busy={busy}
        onSetTask={setTask}
        onStart={start}
        onEnd={end}
        onCheckInNow={checkInNow}
        focusRequest={focusTaskRequest + taskFocus}
      />
      {!waiting && <WhatWorkedBefore items={shownSimilar} now={now} />}
    </div>
  );
}
