// Secrets held only in memory: for the browser preview (which must never write a key to disk) and tests.
import type { SecretName } from '../../shared/settings';
import type { SecretStore } from './types';

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
