// Non-secret settings: identity, models, check-in rhythm, working hours, retention, login item.
// Only changed fields are sent, validated first with the shared schema.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Settings } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';
import { WorkingHoursFieldset } from './WorkingHoursFieldset';
import { draftToPatch, toDraft, type FieldErrors, type SettingsDraft } from './settings-draft';

/** A labelled field with its hint and, when the value is refused, what is wrong, right under it. */
function Field(props: {
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (id: string, describedBy: string) => ReactNode;
}) {
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const describedBy = props.error ? `${errorId} ${hintId}` : hintId;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {props.label}
      </label>
      {props.children(id, describedBy)}
      {props.error && (
        <p id={errorId} className="field__error">
          {props.error}
        </p>
      )}
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
  const [invalid, setInvalid] = useState<FieldErrors>({});
  const form = useRef<HTMLFormElement>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => setDraft(toDraft(props.settings)), [props.settings]);

  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setSaved(null);
    setInvalid(({ [key]: _fixed, ...others }) => others);
    setDraft((current) => ({ ...current, [key]: value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const result = draftToPatch(draft, props.settings);
    if (!result.ok) {
      setInvalid(result.errors);
      // Take the person to the first field that needs a change (it says what is wrong under it).
      requestAnimationFrame(() =>
        form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    setInvalid({});
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
      aria-invalid={invalid[key] ? true : undefined}
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
        aria-invalid={invalid[key] ? true : undefined}
        value={draft[key]}
        onChange={(event) => set(key, event.target.value)}
      />
    );

  // A refused value in the advanced part unfolds it, so the message is seen.
  const advancedInvalid = ['userId', 'embeddingModel', 'embeddingDim', 'textModel'].some(
    (key) => invalid[key as keyof FieldErrors],
  );

  return (
    <form
      ref={form}
      className="section"
      aria-labelledby="prefs-heading"
      onSubmit={submit}
      noValidate
    >
      <h2 id="prefs-heading" className="section__title">
        Preferences
      </h2>
      <Field
        label="Check-in interval (minutes)"
        error={invalid.checkInIntervalMinutes}
        hint="How often Keel checks in during a focus session (5–240)."
      >
        {number('checkInIntervalMinutes', 5, 240)}
      </Field>
      <Field
        label="Check-ins per day at most"
        error={invalid.dailyCheckInCap}
        hint="Spread over your working day (1–100). A focus session you start has its own pace."
      >
        {number('dailyCheckInCap', 1, 100)}
      </Field>
      <Field
        label="Minutes between check-ins at least"
        error={invalid.minCheckInGapMinutes}
        hint="Even after a short snooze (1–240)."
      >
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
      <Field
        label="Keep memories for (days)"
        error={invalid.retentionDays}
        hint="Older check-ins are forgotten (1–3650)."
      >
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

      <details className="advanced" open={advancedInvalid || undefined}>
        <summary>Advanced: user id and models</summary>
        <Field
          label="User id"
          error={invalid.userId}
          hint="Letters, digits, “_” and “-” only; it names your memories."
        >
          {text('userId')}
        </Field>
        <Field
          label="Embedding model"
          error={invalid.embeddingModel}
          hint="Memories from another model are not compared with new ones."
        >
          {text('embeddingModel')}
        </Field>
        <Field
          label="Embedding dimension"
          error={invalid.embeddingDim}
          hint="8–3072. gemini-embedding-001 offers 768, 1536 or 3072."
        >
          {number('embeddingDim', 8, 3072)}
        </Field>
        <Field
          label="Text model"
          error={invalid.textModel}
          hint="The Gemini model that words nudges and reflections."
        >
          {text('textModel')}
        </Field>
      </details>

      {invalid.workingHours && <p className="field__error">{invalid.workingHours}</p>}
      <ErrorNotice
        message={
          Object.keys(invalid).length > 0
            ? 'Nothing was saved yet: please check the field marked above.'
            : error
        }
        onDismiss={Object.keys(invalid).length > 0 ? () => setInvalid({}) : clearError}
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
