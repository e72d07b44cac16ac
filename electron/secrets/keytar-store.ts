// Secrets in the OS keychain through keytar (libsecret on Linux, Keychain on macOS, Credential Vault
// on Windows). keytar is an optional native dependency: it is imported dynamically so that a missing
// or unbuildable module is reported ("unavailable because ...") instead of crashing the app.
import type { SecretName } from '../../shared/settings';
import { describeError } from '../base/redact';
import { SECRET_SERVICE, type SecretStore } from './secret-store';

/** The part of keytar's API we use. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** An account name that is never written: reading it proves the keychain answers. */
export const PROBE_ACCOUNT = 'keel-probe';

const PLATFORM_KEYCHAIN: Record<string, string> = {
  linux: 'libsecret',
  darwin: 'macOS Keychain',
  win32: 'Windows Credential Manager',
};

export class KeytarSecretStore implements SecretStore {
  readonly backend = 'keytar' as const;
  readonly detail: string;

  constructor(
    private readonly keytar: KeytarApi,
    private readonly service: string = SECRET_SERVICE,
    platform: string = process.platform,
  ) {
    this.detail = `OS keychain via keytar (${PLATFORM_KEYCHAIN[platform] ?? platform})`;
  }

  async get(name: SecretName): Promise<string | null> {
    return this.keytar.getPassword(this.service, name);
  }
  async set(name: SecretName, value: string): Promise<void> {
    await this.keytar.setPassword(this.service, name, value);
  }
  async delete(name: SecretName): Promise<void> {
    await this.keytar.deletePassword(this.service, name);
  }
  /** A harmless read; throws when there is no keychain service (no D-Bus, no Secret Service, locked). */
  async probe(): Promise<void> {
    await this.keytar.getPassword(this.service, PROBE_ACCOUNT);
  }
}

function isKeytarApi(value: unknown): value is KeytarApi {
  const v = value as Partial<KeytarApi> | null;
  return (
    !!v &&
    typeof v.getPassword === 'function' &&
    typeof v.setPassword === 'function' &&
    typeof v.deletePassword === 'function'
  );
}

const KEYTAR_MODULE = 'keytar';

export type KeytarLoad = { ok: true; keytar: KeytarApi } | { ok: false; reason: string };

/** Imports keytar if it is installed and its native module loads. */
export async function loadKeytar(): Promise<KeytarLoad> {
  try {
    // Imported by a name the bundler cannot see, so keytar stays an external package that
    // electron-builder rebuilds and unpacks from the asar (a bundled .node file would not load).
    const mod: unknown = await import(/* @vite-ignore */ KEYTAR_MODULE);
    // keytar is CommonJS: under ESM interop the API may sit on `default`.
    const api = isKeytarApi(mod) ? mod : (mod as { default?: unknown }).default;
    if (!isKeytarApi(api))
      return { ok: false, reason: 'the keytar module has an unexpected shape' };
    return { ok: true, keytar: api };
  } catch (error) {
    return { ok: false, reason: `keytar could not be loaded (${describeError(error)})` };
  }
}

/** keytar, ready to use: loaded and answering a probe read. */
export async function openKeytarStore(
  load: () => Promise<KeytarLoad> = loadKeytar,
): Promise<{ ok: true; store: KeytarSecretStore } | { ok: false; reason: string }> {
  const loaded = await load();
  if (!loaded.ok) return loaded;
  const store = new KeytarSecretStore(loaded.keytar);
  try {
    await store.probe();
    return { ok: true, store };
  } catch (error) {
    return { ok: false, reason: `the OS keychain did not answer (${describeError(error)})` };
  }
}
