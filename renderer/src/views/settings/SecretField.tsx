// One secret (the Gemini key or the Redis URL): a write-only password field. The input is
// uncontrolled and cleared after saving, so the value never sits in React state or in a DOM
// attribute, and nothing can read it back: the page only ever learns "set" and where it is kept.
// A field with `confirm` (the Redis URL: it decides where memories go) asks before saving, and the
// request says it was confirmed; the app refuses a Redis URL change without that.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { SecretName, SecretsView } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';

function describeSecret(secrets: SecretsView, name: SecretName): string {
  const status = secrets[name];
  if (status.source === 'environment')
    return 'Set from the environment; it overrides anything saved here.';
  if (status.set) return `Saved — stored in ${secrets.backendDetail}`;
  return 'Not set.';
}

export function SecretField(props: {
  name: SecretName;
  label: string;
  placeholder: string;
  secrets: SecretsView;
  onSecrets: (next: SecretsView) => void;
  /** Extra buttons (e.g. "Test key"), rendered next to Save. */
  extra?: ReactNode;
  /** Asked before saving, with a confirm and a cancel button (at most two short sentences). */
  confirm?: { question: string; action: string };
}) {
  const { name, label, placeholder, secrets, onSecrets, extra, confirm } = props;
  const client = useClient();
  const { busy, error, clearError, run } = useAction();
  const input = useRef<HTMLInputElement>(null);
  const [empty, setEmpty] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const inputId = useId();
  const statusId = useId();
  const questionId = useId();

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const store = async () => {
    const value = input.current?.value.trim() ?? '';
    if (!value) return;
    setConfirming(false);
    const request = confirm ? { name, value, confirmed: true as const } : { name, value };
    const next = await run(() => client.call('secrets:set', request));
    if (next) {
      if (input.current) input.current.value = '';
      setEmpty(true);
      onSecrets(next);
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!input.current?.value.trim()) return;
    if (confirm) setConfirming(true);
    else await store();
  };

  const cancel = () => {
    setConfirming(false);
    input.current?.focus();
  };

  const clear = async () => {
    const next = await run(() => client.call('secrets:clear', { name }));
    if (next) onSecrets(next);
  };

  const status = secrets[name];
  return (
    <form className="secret-field" onSubmit={save}>
      <label htmlFor={inputId} className="field__label">
        {label}
      </label>
      <p id={statusId} className="field__hint secret-field__status" role="status">
        {describeSecret(secrets, name)}
      </p>
      <div className="row row--nowrap">
        <input
          id={inputId}
          ref={input}
          className="field__input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          maxLength={4096}
          placeholder={status.set ? 'Paste a new value to replace it' : placeholder}
          aria-describedby={statusId}
          onChange={(event) => {
            setEmpty(!event.target.value.trim());
            setConfirming(false);
          }}
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || empty || confirming}
        >
          Save
        </button>
      </div>
      {confirm && confirming && (
        <div className="secret-field__confirm" role="group" aria-labelledby={questionId}>
          <p id={questionId}>{confirm.question}</p>
          <div className="row">
            <button
              ref={confirmButton}
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void store()}
            >
              {confirm.action}
            </button>
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div className="row">
        {extra}
        {status.set && status.source === 'keychain' && (
          <button type="button" className="button button--quiet" disabled={busy} onClick={clear}>
            Remove
          </button>
        )}
      </div>
      <ErrorNotice message={error} onDismiss={clearError} />
    </form>
  );
}
