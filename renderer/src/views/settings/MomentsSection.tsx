// "Good moments": the availability signals Keel can read on this machine, with their values now,
// so the person can see why a check-in was held (or why Keel cannot tell). What each reader found
// in technical terms ("no X display") sits behind "Advanced".
import { useCallback, useEffect, useState } from 'react';
import type { AvailabilityView } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';

const STATE_WORDS: Record<AvailabilityView['signals'][number]['state'], string> = {
  busy: 'Yes',
  free: 'No',
  unknown: 'Cannot tell',
};

export function MomentsSection() {
  const client = useClient();
  const { busy, error, clearError, run } = useAction();
  const [view, setView] = useState<AvailabilityView | null>(null);

  const check = useCallback(() => {
    void run(async () => setView(await client.call('availability:get', {})));
  }, [client, run]);
  useEffect(check, [check]);

  return (
    <section className="section" aria-labelledby="moments-heading">
      <h2 id="moments-heading" className="section__title">
        Good moments
      </h2>
      <p className="field__hint">
        Keel holds a check-in while one of these says yes, and opens it a couple of minutes after.
      </p>
      <ErrorNotice message={error} onDismiss={clearError} />
      {view && (
        <table className="table">
          <caption className="visually-hidden">What Keel can see right now</caption>
          <thead>
            <tr>
              <th scope="col">Signal</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {view.signals.map((signal) => (
              <tr key={signal.id}>
                <th scope="row">{signal.label}</th>
                <td>
                  {STATE_WORDS[signal.state]}
                  {signal.expired ? ' (for hours now, so Keel no longer waits for it)' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view && (
        <details className="advanced">
          <summary>Advanced: what each signal found</summary>
          <ul className="plain-list advanced__list">
            {view.signals.map((signal) => (
              <li key={signal.id}>
                {signal.label}: {signal.detail}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="row">
        <button type="button" className="button" onClick={check} disabled={busy}>
          Check again
        </button>
        <p role="status" className="inline-status">
          {view
            ? view.available
              ? 'Keel may check in now.'
              : `Held: ${view.heldBy?.reason}.`
            : ''}
        </p>
      </div>
    </section>
  );
}
