// Where the Gemini API key and the Redis URL (it may hold a password) are kept. Implementations:
// keytar (OS keychain), Electron safeStorage (never its basic_text backend), and an in-memory store
// for the browser preview. Values never leave the main process except to the Gemini/Redis clients.
import type { SecretBackend, SecretName } from '../../shared/settings';

export interface SecretStore {
  readonly backend: SecretBackend;
  /** Human-readable, shown in Settings: e.g. "OS keychain via keytar (libsecret)". */
  readonly detail: string;
  get(name: SecretName): Promise<string | null>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}

/** The keychain service name all Keel secrets are filed under. */
export const SECRET_SERVICE = 'app.keel.focus';
