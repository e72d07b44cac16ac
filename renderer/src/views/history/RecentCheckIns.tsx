// Recent check-ins, each one changeable: "Change" lets the person say what the outcome really was
// (the stored record changes, so the learner and "What works for me" count it), "Delete" removes the
// check-in after a confirmation. Everything works from the keyboard: the control the person opened
// takes focus (autoFocus), and Cancel returns it to the row's Change button.
import { useId, useRef, useState } from 'react';
import type { InterventionSummary, Outcome } from '../../../../shared/domain';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { outcomeLabel } from '../../format/outcomes';
import { relativeTime } from '../../format/time';
import { useAction } from '../../hooks/useAction';
import { CORRECTABLE_OUTCOMES } from '../checkin/AnswerActions';

type Mode = { kind: 'view' } | { kind: 'change'; outcome: Outcome } | { kind: 'delete' };

function RecentRow(props: {
  item: InterventionSummary;
  now: number;
  onChanged: (message: string) => void;
}) {
  const { item, now, onChanged } = props;
  const client = useClient();
  const { busy, error, clearError, run } = useAction();
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const selectId = useId();
  const changeButton = useRef<HTMLButtonElement>(null);

  const back = () => {
    setMode({ kind: 'view' });
    requestAnimationFrame(() => changeButton.current?.focus());
  };

  const save = async (outcome: Outcome) => {
    if (outcome === item.outcome) return back();
    const done = await run(() => client.call('history:correct', { key: item.key, outcome }));
    if (!done) return;
    back();
    onChanged(`Changed to “${outcomeLabel(outcome)}”.`);
  };

  const remove = async () => {
    const done = await run(() => client.call('history:delete', { key: item.key }));
    if (done) onChanged('Check-in deleted.');
  };

  return (
    <li className="recent-item">
      <span className={`outcome-chip outcome-chip--${item.outcome}`}>
        {outcomeLabel(item.outcome)}
      </span>
      <div className="recent-item__body">
        <p className="recent-item__nudge">{item.intervention}</p>
        <p className="muted">
          {item.task} ·{' '}
          <time dateTime={new Date(item.timestamp).toISOString()}>
            {relativeTime(item.timestamp, now)}
          </time>
        </p>
        <ErrorNotice message={error} onDismiss={clearError} />
        {mode.kind === 'view' && (
          <div className="row">
            <button
              ref={changeButton}
              type="button"
              className="button button--quiet"
              onClick={() =>
                setMode({
                  kind: 'change',
                  // "No reply" is not something to change to; the list starts on a real outcome.
                  outcome: CORRECTABLE_OUTCOMES.includes(item.outcome)
                    ? item.outcome
                    : CORRECTABLE_OUTCOMES[0]!,
                })
              }
            >
              Change
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => setMode({ kind: 'delete' })}
            >
              Delete
            </button>
          </div>
        )}
        {mode.kind === 'change' && (
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault();
              void save(mode.outcome);
            }}
          >
            <label htmlFor={selectId} className="field__label">
              What happened
            </label>
            <select
              id={selectId}
              className="field__input field__input--inline"
              value={mode.outcome}
              autoFocus
              onChange={(event) =>
                setMode({ kind: 'change', outcome: event.target.value as Outcome })
              }
            >
              {CORRECTABLE_OUTCOMES.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {outcomeLabel(outcome)}
                </option>
              ))}
            </select>
            <button type="submit" className="button button--primary" disabled={busy}>
              Save
            </button>
            <button type="button" className="button button--quiet" onClick={back}>
              Cancel
            </button>
          </form>
        )}
        {mode.kind === 'delete' && (
          <div className="row" role="group" aria-label="Delete this check-in?">
            <span>Delete this check-in?</span>
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              autoFocus
              onClick={() => void remove()}
            >
              Yes, delete
            </button>
            <button type="button" className="button button--quiet" onClick={back}>
              Keep it
            </button>
          </div>
        )}
      </div>
    </li>
  );
}

export function RecentCheckIns(props: {
  items: InterventionSummary[];
  now: number;
  /** After a change or delete: reload the history; the message is announced. */
  onChanged: (message: string) => void;
}) {
  return (
    <section className="section" aria-labelledby="recent-heading">
      <h2 id="recent-heading" className="section__title">
        Recent check-ins
      </h2>
      {props.items.length === 0 ? (
        <p className="muted">No check-ins yet.</p>
      ) : (
        <ul className="plain-list recent-list">
          {props.items.map((item) => (
            <RecentRow key={item.key} item={item} now={props.now} onChanged={props.onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}
