// Secrets from the environment (GOOGLE_API_KEY / GEMINI_API_KEY, REDIS_URL) win over stored ones —
// for power users and CI. Settings shows them with source 'environment'; they cannot be edited there.
import type { SecretName } from '../../shared/settings';
import type { SecretStore } from './secret-store';

const ENV_NAMES: Record<SecretName, readonly string[]> = {
  geminiApiKey: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
  redisUrl: ['REDIS_URL'],
};

export function environmentSecret(name: SecretName, env: NodeJS.ProcessEnv): string | null {
  for (const key of ENV_NAMES[name]) {
    const value = env[key]?.trim();
    if (value) return value;
  }
  return null;
}

export interface ResolvedSecret {
  value: string | null;
  source: 'environment' | 'keychain' | 'none';
}

/** The effective value of one secret: the environment first, then the store. */
export async function resolveSecret(
  name: SecretName,
  store: SecretStore,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedSecret> {
  const fromEnv = environmentSecret(name, env);
  if (fromEnv) return { value: fromEnv, source: 'environment' };
  const stored = await store.get(name);
  return stored ? { value: stored, source: 'keychain' } : { value: null, source: 'none' };
}
