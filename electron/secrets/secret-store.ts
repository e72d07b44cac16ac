// Where the Gemini API key and the Redis URL (it may hold a password) are kept. Implementations:
// keytar (OS keychain), Electron safeStorage (never its basic_text backend), and an in-memory store
// for the browser preview and tests (here), and the store used when there is no safe place (here).
// Values never leave the main process except to the Gemini/Redis clients.
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

// Secrets held only in memory: for the browser preview (which must never write a key to disk) and tests.
export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory' as const;
  readonly detail = 'In memory only (forgotten when Keel quits)';
  private readonly values = new Map<SecretName, string>();

  async get(name: SecretName): Promise<string | null> {
    return this.values.get(name) ?? null;
  }
  async set(name: SecretName, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: SecretName): Promise<void> {
    this.values.delete(name);
  }
}

// The store used when there is no safe place for secrets (no keychain, safeStorage would be plain
// text). Reads find nothing; writes are refused with a message that says what to do instead.
export class SecretStoreUnavailableError extends Error {
  override readonly name = 'SecretStoreUnavailableError';
}

export class UnavailableSecretStore implements SecretStore {
  readonly backend = 'unavailable' as const;
  constructor(readonly detail: string) {}

  async get(): Promise<string | null> {
    return null;
  }
  async set(name: SecretName): Promise<void> {
    throw new SecretStoreUnavailableError(
      `Cannot save ${name}: ${this.detail}. Set ${name === 'geminiApiKey' ? 'GOOGLE_API_KEY' : 'REDIS_URL'} in the environment instead.`,
    );
  }
  async delete(): Promise<void> {}
}
