// What the person can do with an answer: "Not quite?" (one press opens the other outcomes, one more
// picks the one they meant) and, after "done", the next steps the follow-up offers. Kept outside
// the live region (AnswerStatus) so screen readers announce the result, not the buttons.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AnswerResult, FollowUp } from '../../../../shared/checkin';
import { OUTCOMES, type Outcome } from '../../../../shared/domain';
import { outcomeLabel } from '../../format/outcomes';

/** Outcomes a person can mean by a reply ("No reply" is not one: they did reply). */
export const CORRECTABLE_OUTCOMES: readonly Outcome[] = OUTCOMES.filter((o) => o !== 'no_response');

const NEXT_LABELS: Record<NonNullable<FollowUp['next']>[number], string> = {
  new_task: 'Set a new task',
  break: 'Take a break',
  end_session: 'End the session',
};

export function AnswerActions(props: {
  answer: AnswerResult;
  busy: boolean;
  snoozeMinutes: number;
  onCorrect: (outcome: Outcome) => void;
  onNext: (step: NonNullable<FollowUp['next']>[number]) => void;
}) {
  const { answer, busy, snoozeMinutes, onCorrect, onNext } = props;
  const [open, setOpen] = useState(false);
  const firstOption = useRef<HTMLButtonElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const heard = answer.classification.outcome;
  const others = CORRECTABLE_OUTCOMES.filter((o) => o !== heard);

  // A new answer (or a correction) closes the list.
  useEffect(() => setOpen(false), [answer.checkIn.id, heard]);
  useEffect(() => {
    if (open) firstOption.current?.focus();
  }, [open]);

  const close = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // Esc closes the list, not the window.
    event.preventDefault();
    event.nativeEvent.stopImmediatePropagation();
    setOpen(false);
    toggle.current?.focus();
  };

  if (answer.checkIn.state === 'timed_out') return null;
  const next = answer.followUp.next ?? [];
  return (
    <div className="answer-actions">
      {next.length > 0 && (
        <div className="row" role="group" aria-label="What next">
          {next.map((step) => (
            <button
              key={step}
              type="button"
              className="button"
              disabled={busy}
              onClick={() => onNext(step)}
            >
              {step === 'break' ? `${NEXT_LABELS.break} (${snoozeMinutes} min)` : NEXT_LABELS[step]}
            </button>
          ))}
        </div>
      )}
      <button
        ref={toggle}
        type="button"
        className="button button--quiet"
        aria-expanded={open}
        aria-controls="not-quite-options"
        onClick={() => setOpen((value) => !value)}
      >
        Not quite?
      </button>
      {open && (
        <div
          id="not-quite-options"
          className="row not-quite"
          role="group"
          aria-label="What did you mean?"
          onKeyDown={close}
        >
          {others.map((outcome, index) => (
            <button
              key={outcome}
              ref={index === 0 ? firstOption : undefined}
              type="button"
              className="button"
              onClick={() => {
                if (busy) return;
                setOpen(false);
                onCorrect(outcome);
              }}
            >
              {outcomeLabel(outcome)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
