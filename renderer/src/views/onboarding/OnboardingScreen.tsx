// First run: what Keel does, what changes with a Gemini key, and the first task. The task is asked
// for; leaving it empty is allowed, and the button then says plainly that it can be added later.
import { useId, useState, type FormEvent } from 'react';
import type { AppStatus } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';

export function OnboardingScreen(props: { status: AppStatus; onDone: (next: AppStatus) => void }) {
  const client = useClient();
  const { busy, error, clearError, run } = useAction();
  const [task, setTask] = useState('');
  const taskId = useId();
  const hintId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = task.trim();
    const next = await run(() =>
      client.call('onboarding:complete', trimmed ? { task: trimmed } : {}),
    );
    if (next) props.onDone(next);
  };

  return (
    <div className="view view--onboarding">
      <h1 className="view__title" tabIndex={-1}>
        Welcome to Keel
      </h1>
      <p className="lead">
        Keel is a quiet focus coach. Now and then it asks how your task is going. Answer with one
        button or a few words, and it remembers which nudges actually helped you, so the next one
        fits a little better.
      </p>

      <div className="cards">
        <section className="card" aria-labelledby="offline-heading">
          <h2 id="offline-heading" className="section__title">
            Works offline
          </h2>
          <p>
            Out of the box Keel uses its own library of nudges and keeps everything on this
            computer. Offline recall uses <strong>word meanings</strong> stored on this computer: it
            finds past check-ins about similar things, less precisely than Gemini.
          </p>
        </section>
        <section className="card" aria-labelledby="gemini-heading">
          <h2 id="gemini-heading" className="section__title">
            Better with Gemini
          </h2>
          <p>
            Add a Gemini API key in Settings whenever you like. Keel then words its nudges for your
            task and recalls past ones by meaning. The key is kept in your system keychain and is
            never shown again.
          </p>
        </section>
      </div>

      <form className="section" onSubmit={submit}>
        <label htmlFor={taskId} className="field__label">
          What would you like to work on first?
        </label>
        <p id={hintId} className="field__hint">
          A few words are enough, e.g. “write the project summary”. Not sure yet? Leave it empty and
          add it later from the check-in window.
        </p>
        <div className="row row--nowrap">
          <input
            id={taskId}
            className="field__input"
            type="text"
            maxLength={300}
            autoComplete="off"
            aria-describedby={hintId}
            value={task}
            onChange={(event) => setTask(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            {task.trim() ? 'Start with Keel' : 'Start, add a task later'}
          </button>
        </div>
        <ErrorNotice message={error} onDismiss={clearError} />
      </form>
      {props.status.host === 'preview' && (
        <p className="muted">
          This is the browser preview: it runs the real Keel core, but secrets are kept in memory
          only.
        </p>
      )}
    </div>
  );
}
