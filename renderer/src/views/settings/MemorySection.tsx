// Where memories live: the embedded local store, or Redis when a URL is saved. The URL is a secret
// (it may carry a password). "Test connection" runs the doctor and says in plain words what it found;
// the technical details (why this store, the embedding model, each check's raw finding) sit behind
// "Advanced".
import { useState } from 'react';
import type { AppStatus, DoctorReport, SecretsView } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { useAction } from '../../hooks/useAction';
import { SecretField } from './SecretField';

const STORE_NAMES = {
  embedded: 'on this computer (the embedded local store)',
  'plain-redis': 'in your Redis server',
  'query-engine': 'in your Redis server (with its search engine)',
} as const;

/** The doctor's checks by what they mean to the person. */
const CHECK_NAMES: Record<string, string> = {
  store: 'Memory store',
  ping: 'Connection',
  server: 'Server',
  index: 'Search index',
  space: 'Storage space',
  records: 'Your records',
  embedding: 'Finding similar moments',
  outbox: 'Waiting to be saved',
};

export function MemorySection(props: {
  status: AppStatus;
  secrets: SecretsView;
  onSecrets: (next: SecretsView) => void;
}) {
  const client = useClient();
  const doctor = useAction();
  const [report, setReport] = useState<DoctorReport | null>(null);
  const memory = props.status.memory;

  const runDoctor = async () => {
    setReport(null);
    const next = await doctor.run(() => client.call('memory:doctor', {}));
    if (next) setReport(next);
  };

  return (
    <section className="section" aria-labelledby="memory-heading">
      <h2 id="memory-heading" className="section__title">
        Memory
      </h2>
      <p>Memories are kept {STORE_NAMES[memory.store]}.</p>
      <p className="muted">
        Similar moments are found{' '}
        {memory.embedder.kind === 'gemini' ? 'with Gemini' : 'offline, by word meanings'}.
      </p>
      {memory.reembedding ? (
        <p>
          <label>
            Updating memory for the new model: {memory.reembedding.done} of{' '}
            {memory.reembedding.total} records{' '}
            <progress value={memory.reembedding.done} max={Math.max(1, memory.reembedding.total)} />
          </label>
        </p>
      ) : (
        <>
          {memory.problem && <p className="problem">{memory.problem}</p>}
          {memory.mismatch && <p className="problem">{memory.mismatch}</p>}
        </>
      )}
      <SecretField
        name="redisUrl"
        label="Redis URL"
        placeholder="redis://localhost:6379"
        secrets={props.secrets}
        confirm={{
          question: `New memories will be kept in this Redis instead of ${STORE_NAMES[memory.store]}. Memories saved so far stay where they are.`,
          action: 'Use this Redis',
        }}
        onSecrets={(next) => {
          setReport(null);
          props.onSecrets(next);
        }}
        extra={
          <button type="button" className="button" disabled={doctor.busy} onClick={runDoctor}>
            {doctor.busy ? 'Testing…' : 'Test connection'}
          </button>
        }
      />
      <div role="status" className="test-result">
        {doctor.error && <p className="problem">✗ {doctor.error}</p>}
        {report && (
          <>
            <p className={report.ok ? 'ok' : 'problem'}>
              {report.ok ? '✓ Everything looks fine.' : '✗ Some checks failed.'}
            </p>
            <ul className="doctor-list">
              {report.checks.map((check) => (
                <li key={check.name} className={check.ok ? 'ok' : 'problem'}>
                  <span aria-hidden="true">{check.ok ? '✓' : '✗'} </span>
                  <strong>{CHECK_NAMES[check.name] ?? check.name}</strong>
                  <span className="visually-hidden">{check.ok ? ' (ok)' : ' (problem)'}</span>
                  {check.fix && <span className="doctor-list__fix"> Fix: {check.fix}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <details className="advanced">
        <summary>Advanced: technical details</summary>
        <ul className="plain-list advanced__list">
          <li>Store: {memory.reason}</li>
          <li>
            Embeddings: {memory.embedder.model}, {memory.embedder.dim} dimensions
          </li>
          {report?.checks.map((check) => (
            <li key={check.name}>
              {check.name}: {check.detail}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
