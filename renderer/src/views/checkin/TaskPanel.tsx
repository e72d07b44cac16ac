// The task and the focus session: set or change the task, start or stop a focus block, check in now.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SessionView } from '../../../../shared/checkin';
import { clockTime } from '../../format/time';

const LENGTHS = [
  { value: '', label: 'Open-ended' },
  { value: '25', label: '25 minutes' },
  { value: '45', label: '45 minutes' },
  { value: '60', label: '1 hour' },
  { value: '90', label: '1½ hours' },
];

function describeSession(session: SessionView): string {
  if (!session.active || session.startedAt === null) return 'No focus session running.';
  const since = `Focus session since ${clockTime(session.startedAt)}`;
  const until = session.endsAt ? `, until ${clockTime(session.endsAt)}` : '';
  const count = session.checkIns === 1 ? '1 check-in' : `${session.checkIns} check-ins`;
  return `${since}${until} · ${count} so far.`;
}

export function TaskPanel(props: {
  session: SessionView | null;
  busy: boolean;
  onSetTask: (task: string) => Promise<boolean>;
  onStart: (task: string, minutes: number | undefined) => void;
  onEnd: () => void;
  onCheckInNow: () => void;
  /** When this changes (and is > 0), the task field takes focus. */
  focusRequest?: number;
  /** Next to an open check-in, which already names the task: no second heading or task line. */
  compact?: boolean;
}) {
  const { session, busy, onSetTask, onStart, onEnd, onCheckInNow, focusRequest = 0 } = props;
  const compact = props.compact ?? false;
  const taskInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusRequest <= 0) return;
    // Folded next to an open check-in: unfold first, or the field cannot take focus.
    const folded = taskInput.current?.closest('details');
    if (folded) folded.open = true;
    taskInput.current?.focus();
  }, [focusRequest]);
  const [task, setTask] = useState(session?.task ?? '');
  const [length, setLength] = useState('');
  const taskId = useId();
  const lengthId = useId();

  const currentTask = session?.task ?? '';
  // The task shown last time the field was in step with it: a task changed elsewhere (the tray, a
  // new session) replaces the field only while the person has not started typing another one.
  const synced = useRef(currentTask);
  useEffect(() => {
    const previous = synced.current;
    synced.current = currentTask;
    setTask((draft) => (draft === previous ? currentTask : draft));
  }, [currentTask]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (task.trim() && task.trim() !== currentTask) await onSetTask(task);
  };

  return (
    <section className="section" aria-labelledby="task-heading">
      <h2 id="task-heading" className={compact ? 'visually-hidden' : 'section__title'}>
        Your task
      </h2>
      {!compact && (
        <p className="task-now">
          {currentTask && session?.taskDone ? (
            <>
              Done: <strong>{currentTask}</strong>. Set your next task when you are ready.
            </>
          ) : currentTask ? (
            <>
              Working on <strong>{currentTask}</strong>
            </>
          ) : (
            'No task set yet. You can add one at any time.'
          )}
        </p>
      )}
      {session && <p className="muted">{describeSession(session)}</p>}

      <form className="task-form" onSubmit={onSubmit}>
        <label htmlFor={taskId} className="field__label">
          {currentTask ? 'Change the task' : 'What are you working on?'}
        </label>
        <div className="row row--nowrap">
          <input
            id={taskId}
            ref={taskInput}
            data-focus-target="task"
            className="field__input"
            type="text"
            maxLength={300}
            autoComplete="off"
            value={task}
            onChange={(event) => setTask(event.target.value)}
          />
          <button
            type="submit"
            className="button"
            disabled={busy || !task.trim() || task.trim() === currentTask}
          >
            Set task
          </button>
        </div>
      </form>

      <div className="row">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={onCheckInNow}
        >
          Check in now
        </button>
        {session?.active ? (
          <button type="button" className="button" disabled={busy} onClick={onEnd}>
            End focus session
          </button>
        ) : (
          <>
            <label htmlFor={lengthId} className="visually-hidden">
              Session length
            </label>
            <select
              id={lengthId}
              className="field__input field__input--inline"
              value={length}
              onChange={(event) => setLength(event.target.value)}
            >
              {LENGTHS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => onStart(task, length ? Number(length) : undefined)}
            >
              Start focus session
            </button>
          </>
        )}
      </div>
    </section>
  );
}
