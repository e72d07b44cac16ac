// One secret (the Gemini key or the Redis URL): a write-only password field. The input is
// uncontrolled and cleared after saving, so the value never sits in React state or in a DOM
// attribute, and nothing can read it back: the page only ever learns "set" and where it is kept.
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
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
}) {
  const { name, label, placeholder, secrets, onSecrets, extra } = props;
  const client = useClient();
  const { busy, error, clearError, run } = useAction();
  const input = useRef<HTMLInputElement>(null);
  const [empty, setEmpty] = useState(true);
  const inputId = useId();
  const statusId = useId();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const value = input.current?.value.trim() ?? '';
    if (!value) return;
    const next = await run(() => client.call('secrets:set', { name, value }));
    if (next) {
      if (input.current) input.current.value = '';
      setEmpty(true);
      onSecrets(next);
    }
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
          onChange={(event) => setEmpty(!event.target.value.trim())}
        />
        <button type="submit" className="button button--primary" disabled={busy || empty}>
          Save
        </button>
      </div>
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
