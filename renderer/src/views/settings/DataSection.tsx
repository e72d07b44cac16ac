// Your data: export everything Keel remembers, or delete it after typing the confirmation phrase.
import { useId, useState, type FormEvent } from 'react';
import { DELETE_CONFIRMATION } from '../../../../shared/ipc';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function DataSection() {
  const client = useClient();
  const { busy, error, clearError, run } = useAction();
  const [confirm, setConfirm] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const confirmId = useId();
  const confirmHintId = useId();

  const exportData = async () => {
    setMessage(null);
    const result = await run(() => client.call('data:export', {}));
    if (result) {
      setMessage(
        `Exported ${count(result.interventions, 'check-in')} and ${count(result.insights, 'reflection')} to ${result.path}`,
      );
    }
  };

  const deleteData = async (event: FormEvent) => {
    event.preventDefault();
    if (confirm.trim() !== DELETE_CONFIRMATION) return;
    setMessage(null);
    const result = await run(() => client.call('data:delete', { confirm: DELETE_CONFIRMATION }));
    if (result) {
      setConfirm('');
      setMessage(`Deleted ${result.deleted} records. Keel has forgotten them.`);
    }
  };

  return (
    <section className="section" aria-labelledby="data-heading">
      <h2 id="data-heading" className="section__title">
        Your data
      </h2>
      <div className="row">
        <button type="button" className="button" disabled={busy} onClick={exportData}>
          Export my data
        </button>
      </div>
      <form className="danger-zone" onSubmit={deleteData}>
        <label htmlFor={confirmId} className="field__label">
          Delete my data
        </label>
        <p id={confirmHintId} className="field__hint">
          This removes every check-in and insight Keel remembers. Type <q>{DELETE_CONFIRMATION}</q>{' '}
          to confirm.
        </p>
        <div className="row row--nowrap">
          <input
            id={confirmId}
            className="field__input"
            type="text"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={confirmHintId}
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
          />
          <button
            type="submit"
            className="button button--danger"
            disabled={busy || confirm.trim() !== DELETE_CONFIRMATION}
          >
            Delete my data
          </button>
        </div>
      </form>
      <p role="status" className="inline-status">
        {message}
      </p>
      <ErrorNotice message={error} onDismiss={clearError} />
    </section>
  );
}
