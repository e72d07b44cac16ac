// The store used when there is no safe place for secrets (no keychain, safeStorage would be plain
// text). Reads find nothing; writes are refused with a message that says what to do instead.
import type { SecretName } from '../../shared/settings';
import type { SecretStore } from './types';

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
