import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => import('../main/electron-mock'));
import { resolveSecret } from '../../electron/secrets/env-overrides';
import type { KeytarApi, KeytarLoad } from '../../electron/secrets/keytar-store';
import {
  SAFE_STORAGE_FILE,
  SafeStorageSecretStore,
} from '../../electron/secrets/safe-storage-store';
import { selectSecretStore } from '../../electron/secrets/select-secret-store';
import { MemorySecretStore } from '../../electron/secrets/secret-store';
import { SecretStoreUnavailableError } from '../../electron/secrets/secret-store';
import { resetElectronMock, safeStorage } from '../main/electron-mock';

let dir: string;
beforeEach(async () => {
  resetElectronMock();
  dir = await mkdtemp(join(tmpdir(), 'keel-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const keytarMissing = async (): Promise<KeytarLoad> => ({
  ok: false,
  reason: "keytar could not be loaded (Cannot find module 'keytar')",
});

/** An in-memory keychain that can be made to fail like a machine without a Secret Service. */
function keychain(options: { broken?: boolean } = {}): KeytarApi {
  const values = new Map<string, string>();
  const check = () => {
    if (options.broken)
      throw new Error('The name org.freedesktop.secrets was not provided by any .service files');
  };
  return {
    getPassword: async (s, a) => (check(), values.get(`${s}/${a}`) ?? null),
    setPassword: async (s, a, p) => void (check(), values.set(`${s}/${a}`, p)),
    deletePassword: async (s, a) => (check(), values.delete(`${s}/${a}`)),
  };
}

describe('secret store selection', () => {
  it('uses keytar when it loads and answers a probe read', async () => {
    const { store, skipped } = await selectSecretStore({
      userDataDir: dir,
      loadKeytar: async () => ({ ok: true, keytar: keychain() }),
      platform: 'linux',
    });
    expect(store.backend).toBe('keytar');
    expect(skipped).toEqual([]);
  });

  it('falls back to safeStorage when keytar is missing', async () => {
    const { store, skipped } = await selectSecretStore({
      userDataDir: dir,
      loadKeytar: keytarMissing,
      platform: 'linux',
    });
    expect(store.backend).toBe('safeStorage');
    expect(store.detail).toBe('Electron safeStorage (gnome_libsecret)');
    expect(skipped[0]).toMatch(/^OS keychain: keytar could not be loaded/);
  });

  it('falls back to safeStorage when keytar loads but no keychain answers', async () => {
    const { store, skipped } = await selectSecretStore({
      userDataDir: dir,
      loadKeytar: async () => ({ ok: true, keytar: keychain({ broken: true }) }),
      platform: 'linux',
    });
    expect(store.backend).toBe('safeStorage');
    expect(skipped[0]).toMatch(/did not answer .*org\.freedesktop\.secrets/);
  });

  it("refuses safeStorage's basic_text backend: secrets are unavailable, and saying so", async () => {
    safeStorage.backend = 'basic_text';
    const { store } = await selectSecretStore({
      userDataDir: dir,
      loadKeytar: keytarMissing,
      platform: 'linux',
    });
    expect(store.backend).toBe('unavailable');
    expect(store.detail).toMatch(/basic_text/);
    await expect(store.set('geminiApiKey', 'AIza-x')).rejects.toThrow(SecretStoreUnavailableError);
    await expect(store.set('geminiApiKey', 'AIza-x')).rejects.toThrow(/GOOGLE_API_KEY/);
    expect(await store.get('geminiApiKey')).toBeNull();
  });

  it('is unavailable when safeStorage has no encryption key', async () => {
    safeStorage.available = false;
    const { store, skipped } = await selectSecretStore({
      userDataDir: dir,
      loadKeytar: keytarMissing,
      platform: 'linux',
    });
    expect(store.backend).toBe('unavailable');
    expect(skipped).toHaveLength(2);
  });

  it('ignores the Linux backend name on other platforms', async () => {
    safeStorage.backend = 'basic_text';
    const { store } = await selectSecretStore({
      userDataDir: dir,
      loadKeytar: keytarMissing,
      platform: 'darwin',
    });
    expect(store.backend).toBe('safeStorage');
  });
});

describe('safeStorage secret store', () => {
  it('keeps only encrypted blobs on disk and round-trips values', async () => {
    const store = new SafeStorageSecretStore(safeStorage, join(dir, SAFE_STORAGE_FILE));
    await store.set('redisUrl', 'redis://user:hunter2@db.example:6379');
    await store.set('geminiApiKey', 'AIza-secret-value');
    const file = await readFile(join(dir, SAFE_STORAGE_FILE), 'utf8');
    expect(file).not.toContain('hunter2');
    expect(file).not.toContain('AIza-secret-value');
    expect(await store.get('redisUrl')).toBe('redis://user:hunter2@db.example:6379');
    await store.delete('redisUrl');
    expect(await store.get('redisUrl')).toBeNull();
    expect(await store.get('geminiApiKey')).toBe('AIza-secret-value');
    expect(safeStorage.encryptStringAsync).toHaveBeenCalled();
  });

  it('uses the sync API when the async one is absent', async () => {
    const { encryptStringAsync: _e, decryptStringAsync: _d, ...syncOnly } = safeStorage;
    const store = new SafeStorageSecretStore(syncOnly, join(dir, SAFE_STORAGE_FILE));
    await store.set('geminiApiKey', 'AIza-sync');
    expect(await store.get('geminiApiKey')).toBe('AIza-sync');
    expect(safeStorage.encryptString).toHaveBeenCalled();
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it('re-encrypts when the OS key was rotated', async () => {
    const store = new SafeStorageSecretStore(safeStorage, join(dir, SAFE_STORAGE_FILE));
    await store.set('geminiApiKey', 'AIza-rotate');
    safeStorage.decryptStringAsync.mockImplementationOnce(async (blob: Buffer) => ({
      result: safeStorage.decryptString(blob),
      shouldReEncrypt: true,
    }));
    const writesBefore = safeStorage.encryptStringAsync.mock.calls.length;
    expect(await store.get('geminiApiKey')).toBe('AIza-rotate');
    expect(safeStorage.encryptStringAsync.mock.calls.length).toBe(writesBefore + 1);
  });
});

describe('environment overrides', () => {
  it('the environment wins over the store', async () => {
    const store = new MemorySecretStore();
    await store.set('redisUrl', 'redis://stored:6379');
    expect(await resolveSecret('redisUrl', store, { REDIS_URL: 'redis://env:6379' })).toEqual({
      value: 'redis://env:6379',
      source: 'environment',
    });
    expect(await resolveSecret('redisUrl', store, {})).toEqual({
      value: 'redis://stored:6379',
      source: 'keychain',
    });
    expect(await resolveSecret('geminiApiKey', store, { GEMINI_API_KEY: '  AIza-env ' })).toEqual({
      value: 'AIza-env',
      source: 'environment',
    });
    expect(await resolveSecret('geminiApiKey', store, { GOOGLE_API_KEY: '   ' })).toEqual({
      value: null,
      source: 'none',
    });
  });
});
