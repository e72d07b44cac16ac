// Chooses where secrets live, best first: the OS keychain through keytar (if it loads and answers a
// harmless probe read), else Electron safeStorage (unless its backend is 'basic_text' or it has no
// key), else nothing — Settings then says why, and the environment remains a way to supply keys.
import { join } from 'node:path';
import { safeStorage as electronSafeStorage } from 'electron';
import { openKeytarStore, type KeytarLoad, loadKeytar } from './keytar-store';
import {
  SAFE_STORAGE_FILE,
  SafeStorageSecretStore,
  safeStorageRefusal,
  type SafeStorageApi,
} from './safe-storage-store';
import { UnavailableSecretStore, type SecretStore } from './secret-store';

export interface SecretStoreSelection {
  store: SecretStore;
  /** Why better backends were skipped, in order (for the log and Settings). */
  skipped: string[];
}

export async function selectSecretStore(options: {
  /** Electron's userData directory: where the safeStorage blob file lives. */
  userDataDir: string;
  loadKeytar?: () => Promise<KeytarLoad>;
  safeStorage?: SafeStorageApi;
  platform?: string;
}): Promise<SecretStoreSelection> {
  const skipped: string[] = [];

  const keytar = await openKeytarStore(options.loadKeytar ?? loadKeytar);
  if (keytar.ok) return { store: keytar.store, skipped };
  skipped.push(`OS keychain: ${keytar.reason}`);

  const safeStorage = options.safeStorage ?? electronSafeStorage;
  let refusal: string | null;
  try {
    refusal = await safeStorageRefusal(safeStorage, options.platform ?? process.platform);
  } catch (error) {
    refusal = `Electron safeStorage failed (${error instanceof Error ? error.message : String(error)})`;
  }
  if (refusal === null) {
    return {
      store: new SafeStorageSecretStore(safeStorage, join(options.userDataDir, SAFE_STORAGE_FILE)),
      skipped,
    };
  }
  skipped.push(refusal);

  return {
    store: new UnavailableSecretStore(`no safe place for secrets: ${skipped.join('; ')}`),
    skipped,
  };
}
