// Where memories live: the embedded local store, or Redis when a URL is saved. The URL is a secret
// (it may carry a password). "Test connection" runs the doctor and lists what it found.
import { useState } from 'react';
import type { AppStatus, DoctorReport, SecretsView } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { useAction } from '../../hooks/useAction';
import { SecretField } from './SecretField';

const STORE_NAMES = {
  embedded: 'the embedded local store',
  'plain-redis': 'Redis (plain commands)',
  'query-engine': 'Redis with the Query Engine',
} as const;

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
      <p>
        Memories are kept in {STORE_NAMES[memory.store]}
        <span className="muted"> — {memory.reason}</span>
      </p>
      <p className="muted">
        Embeddings: {memory.embedder.kind === 'gemini' ? 'Gemini' : 'offline (word vectors)'},{' '}
        {memory.embedder.model}, {memory.embedder.dim} dimensions.
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
                  <strong>{check.name}</strong>
                  <span className="visually-hidden">{check.ok ? ' (ok)' : ' (problem)'}</span>:{' '}
                  {check.detail}
                  {check.fix && <span className="doctor-list__fix"> Fix: {check.fix}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
