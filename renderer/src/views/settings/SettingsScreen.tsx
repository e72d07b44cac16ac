// Settings: secrets (write-only), where memories live, preferences, and your data.
import { useCallback, useEffect, useState } from 'react';
import type { AppStatus, SecretsView, Settings } from '../../../../shared/settings';
import { useClient } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../hooks/useAction';
import { DataSection } from './DataSection';
import { GeminiSection } from './GeminiSection';
import { MemorySection } from './MemorySection';
import { MomentsSection } from './MomentsSection';
import { PreferencesForm } from './PreferencesForm';

function describeBackend(secrets: SecretsView): string {
  switch (secrets.backend) {
    case 'memory':
      return `Secrets are kept ${secrets.backendDetail.charAt(0).toLowerCase()}${secrets.backendDetail.slice(1)}.`;
    case 'unavailable':
      return `${secrets.backendDetail}. No secure store is available, so secrets cannot be saved here; set them in the environment instead.`;
    default:
      return `Secrets are kept in: ${secrets.backendDetail}.`;
  }
}

export function SettingsScreen(props: { status: AppStatus; onStatus: (next: AppStatus) => void }) {
  const client = useClient();
  const { error, clearError, run } = useAction();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [secrets, setSecrets] = useState<SecretsView | null>(null);
  const { onStatus } = props;

  useEffect(() => {
    void run(async () => {
      const [nextSettings, nextSecrets] = await Promise.all([
        client.call('settings:get', {}),
        client.call('secrets:get', {}),
      ]);
      setSettings(nextSettings);
      setSecrets(nextSecrets);
    });
  }, [client, run]);

  // Saving a key or a Redis URL can change the embedder or the store: refresh the status shown.
  const refreshStatus = useCallback(() => {
    void client.call('app:status', {}).then(onStatus, () => undefined);
  }, [client, onStatus]);

  const onSecrets = (next: SecretsView) => {
    setSecrets(next);
    refreshStatus();
  };

  return (
    <div className="view view--settings">
      <h1 className="view__title" tabIndex={-1}>
        Settings
      </h1>
      <ErrorNotice message={error} onDismiss={clearError} />
      {secrets && (
        <p className="backend-note">
          <span className="badge">Secrets</span> {describeBackend(secrets)}
        </p>
      )}
      {secrets && <GeminiSection secrets={secrets} onSecrets={onSecrets} />}
      {secrets && <MemorySection status={props.status} secrets={secrets} onSecrets={onSecrets} />}
      {settings && (
        <PreferencesForm
          settings={settings}
          onSaved={(next) => {
            setSettings(next);
            refreshStatus();
          }}
        />
      )}
      <MomentsSection />
      <DataSection />
    </div>
  );
}
