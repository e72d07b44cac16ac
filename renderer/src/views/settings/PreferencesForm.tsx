// Non-secret settings: identity, models, check-in rhythm, working hours, retention, login item.
// Only changed fields are sent, validated first with the shared schema.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { Settings } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';
import { WorkingHoursFieldset } from './WorkingHoursFieldset';
import { draftToPatch, toDraft, type SettingsDraft } from './settings-draft';

function Field(props: {
  label: string;
  hint?: string;
  children: (id: string, hintId: string) => ReactNode;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {props.label}
      </label>
      {props.children(id, hintId)}
      {props.hint && (
        <p id={hintId} className="field__hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

export function PreferencesForm(props: { settings: Settings; onSaved: (next: Settings) => void }) {
  const client = useClient();
  const { busy, error, clearError, run } = useAction();
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(props.settings));
  const [invalid, setInvalid] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => setDraft(toDraft(props.settings)), [props.settings]);

  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setSaved(null);
    setDraft((current) => ({ ...current, [key]: value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const result = draftToPatch(draft, props.settings);
    if (!result.ok) {
      setInvalid(result.message);
      return;
    }
    setInvalid(null);
    if (Object.keys(result.patch).length === 0) {
      setSaved('Nothing changed.');
      return;
    }
    const next = await run(() => client.call('settings:update', result.patch));
    if (next) {
      props.onSaved(next);
      setSaved('Settings saved.');
    }
  };

  const text = (key: 'userId' | 'embeddingModel' | 'textModel') => (id: string, hintId: string) => (
    <input
      id={id}
      className="field__input"
      type="text"
      autoComplete="off"
      spellCheck={false}
      aria-describedby={hintId}
      value={draft[key]}
      onChange={(event) => set(key, event.target.value)}
    />
  );
  const number =
    (
      key:
        | 'embeddingDim'
        | 'checkInIntervalMinutes'
        | 'snoozeMinutes'
        | 'dailyCheckInCap'
        | 'minCheckInGapMinutes'
        | 'retentionDays',
      min: number,
      max: number,
    ) =>
    (id: string, hintId: string) => (
      <input
        id={id}
        className="field__input field__input--short"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        aria-describedby={hintId}
        value={draft[key]}
        onChange={(event) => set(key, event.target.value)}
      />
    );

  return (
    <form className="section" aria-labelledby="prefs-heading" onSubmit={submit} noValidate>
      <h2 id="prefs-heading" className="section__title">
        Preferences
      </h2>
      <Field
        label="Check-in interval (minutes)"
        hint="How often Keel checks in during a focus session (5–240)."
      >
        {number('checkInIntervalMinutes', 5, 240)}
      </Field>
      <Field
        label="Check-ins per day at most"
        hint="Spread over your working day (1–100). A focus session you start has its own pace."
      >
        {number('dailyCheckInCap', 1, 100)}
      </Field>
      <Field label="Minutes between check-ins at least" hint="Even after a short snooze (1–240).">
        {number('minCheckInGapMinutes', 1, 240)}
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.adaptiveTiming}
          onChange={(event) => set('adaptiveTiming', event.target.checked)}
        />
        <span>Learn good moments (a check-in may wait a little for a time you usually answer)</span>
      </label>
      <Field
        label="Snooze length (minutes)"
        hint="How long Esc, the snooze button and a “not now” reply pause check-ins (1–240)."
      >
        {number('snoozeMinutes', 1, 240)}
      </Field>
      <WorkingHoursFieldset
        value={draft.workingHours}
        onChange={(next) => set('workingHours', next)}
      />
      <Field label="Keep memories for (days)" hint="Older check-ins are forgotten (1–3650).">
        {number('retentionDays', 1, 3650)}
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.launchAtLogin}
          onChange={(event) => set('launchAtLogin', event.target.checked)}
        />
        <span>Launch Keel at login</span>
      </label>

      <details className="advanced">
        <summary>Advanced: user id and models</summary>
        <Field label="User id" hint="Letters, digits, “_” and “-” only; it names your memories.">
          {text('userId')}
        </Field>
        <Field
          label="Embedding model"
          hint="Memories from another model are not compared with new ones."
        >
          {text('embeddingModel')}
        </Field>
        <Field
          label="Embedding dimension"
          hint="8–3072. gemini-embedding-001 offers 768, 1536 or 3072."
        >
          {number('embeddingDim', 8, 3072)}
        </Field>
        <Field label="Text model" hint="The Gemini model that words nudges and reflections.">
          {text('textModel')}
        </Field>
      </details>

      <ErrorNotice
        message={invalid ?? error}
        onDismiss={invalid ? () => setInvalid(null) : clearError}
      />
      <div className="row">
        <button type="submit" className="button button--primary" disabled={busy}>
          Save settings
        </button>
        <p role="status" className="ok inline-status">
          {saved}
        </p>
      </div>
    </form>
  );
}
