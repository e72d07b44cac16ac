// The check-in view. While a check-in waits, the window (380×520) shows it whole without scrolling:
// the task once, the nudge, five quick replies and the reply box; what worked before and the task
// controls sit below it, folded. Otherwise: what Keel heard, the task and focus-session controls,
// and what worked before. Its state lives in checkin-state.ts (a reducer) and useCheckIn.ts.
import { useRef, useEffect } from 'react';
import type { CheckInView } from '../../../../shared/checkin';
import { ErrorNotice } from '../../components/ErrorNotice';
import { AnswerActions } from './AnswerActions';
import { AnswerStatus } from './AnswerStatus';
import { CheckInCard } from './CheckInCard';
import { nudgeAnnouncement, shownSimilar } from './checkin-state';
import { TaskPanel } from './TaskPanel';
import { useCheckIn } from './useCheckIn';
import { WhatWorkedBefore } from './WhatWorkedBefore';
import { useCheckInKeys } from './useCheckInKeys';

export function CheckInScreen({
  dueCheckIn,
  focusTaskRequest = 0,
}: {
  dueCheckIn: CheckInView | null;
  /** Bumped to ask for focus on the task field (the tray's "Current task"). */
  focusTaskRequest?: number;
}) {
  const { state, waiting, busy, error, clearError, actions } = useCheckIn(dueCheckIn);
  const { heard, note, insight, session, now } = state;
  const afterAnswerRef = useRef<HTMLHeadingElement>(null);

  // After an answer or a snooze the reply buttons are gone; move focus to the result's heading
  // (not left on <body>) so keyboard users continue from there.
  useEffect(() => {
    if (state.resultFocus > 0) afterAnswerRef.current?.focus();
  }, [state.resultFocus]);

  useCheckInKeys({
    active: waiting !== null,
    onQuickReply: actions.quickReply,
    onSnooze: () => void actions.snooze(),
    onClose: actions.close,
  });

  const similar = shownSimilar(state);
  const taskPanel = (
    <TaskPanel
      session={session}
      busy={busy}
      onSetTask={actions.setTask}
      onStart={actions.start}
      onEnd={actions.end}
      onCheckInNow={actions.checkInNow}
      focusRequest={focusTaskRequest + state.taskFocus}
      compact={waiting !== null}
    />
  );
  const worked = (
    <WhatWorkedBefore
      items={similar}
      now={now}
      hasTask={session ? Boolean(session.task) : waiting !== null}
      titleHidden={waiting !== null}
    />
  );

  return (
    <div className={`view view--checkin${waiting ? ' view--checkin-open' : ''}`}>
      <h1 className={`view__title${waiting ? ' visually-hidden' : ''}`} tabIndex={-1}>
        Check-in
      </h1>
      <ErrorNotice message={error} onDismiss={clearError} />

      {waiting && (
        <CheckInCard
          checkIn={waiting}
          busy={busy}
          onQuickReply={actions.quickReply}
          onText={(text) => void actions.answer({ kind: 'text', text })}
          onSnooze={() => void actions.snooze()}
          snoozeMinutes={state.snoozeMinutes}
        />
      )}
      {/* The nudge is announced once, when its wording is final (not the library text and then the
          model's). Always mounted, so screen readers hear the change. */}
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {nudgeAnnouncement(state)}
      </p>

      {(heard || note) && (
        <h2 className="section__title" tabIndex={-1} ref={afterAnswerRef}>
          {heard ? 'What Keel heard' : 'Noted'}
        </h2>
      )}
      <AnswerStatus answer={heard} note={note} />
      {heard && (
        <AnswerActions
          answer={heard}
          busy={busy}
          snoozeMinutes={state.snoozeMinutes}
          onCorrect={(outcome) => void actions.correct(outcome)}
          onNext={(step) => void actions.next(step)}
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

      {waiting ? (
        // Folded while a check-in waits, so the check-in itself fits the window.
        <div className="checkin__more">
          <details className="disclosure">
            <summary className="disclosure__summary">
              Worked before{similar.length > 0 ? ` (${similar.length})` : ''}
            </summary>
            {worked}
          </details>
          <details className="disclosure">
            <summary className="disclosure__summary">Task &amp; session</summary>
            {taskPanel}
          </details>
        </div>
      ) : (
        <>
          {taskPanel}
          {worked}
        </>
      )}
    </div>
  );
}
