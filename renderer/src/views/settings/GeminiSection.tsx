// The Gemini API key: saved write-only, tested on demand. Without a key Keel runs offline.
import { useState } from 'react';
import type { SecretsView } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { useAction } from '../../hooks/useAction';
import { SecretField } from './SecretField';

export function GeminiSection(props: {
  secrets: SecretsView;
  onSecrets: (next: SecretsView) => void;
}) {
  const client = useClient();
  const test = useAction();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  const runTest = async () => {
    setResult(null);
    const outcome = await test.run(() => client.call('secrets:test-gemini', {}));
    if (outcome) setResult(outcome);
  };

  return (
    <section className="section" aria-labelledby="gemini-heading">
      <h2 id="gemini-heading" className="section__title">
        Gemini
      </h2>
      <p className="muted">
        With a key, Keel words its nudges with Gemini and recalls past ones by meaning. Without one
        it works offline with its own library.
      </p>
      <SecretField
        name="geminiApiKey"
        label="Gemini API key"
        placeholder="Paste your key"
        secrets={props.secrets}
        onSecrets={(next) => {
          setResult(null);
          props.onSecrets(next);
        }}
        extra={
          <button
            type="button"
            className="button"
            disabled={test.busy || !props.secrets.geminiApiKey.set}
            onClick={runTest}
          >
            {test.busy ? 'Testing…' : 'Test key'}
          </button>
        }
      />
      <div role="status" className="test-result">
        {result && (
          <p className={result.ok ? 'ok' : 'problem'}>
            {result.ok ? '✓ ' : '✗ '}
            {result.message}
          </p>
        )}
        {test.error && <p className="problem">✗ {test.error}</p>}
      </div>
    </section>
  );
}
