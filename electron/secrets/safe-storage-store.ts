// Secrets encrypted with Electron's safeStorage (OS-protected key) and kept as base64 blobs in a
// file under userData. Uses the async API (Electron 42+) when present, else the older sync one.
// REFUSES to work when safeStorage's Linux backend is 'basic_text': that "encryption" uses a
// hard-coded key, so the file would be as good as plain text.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SECRET_NAMES, type SecretName } from '../../shared/settings';
import { writeFileDurable } from '../base/durable-file';
import type { SecretStore } from './secret-store';

/** The part of Electron's safeStorage we use (the async methods are absent before Electron 42). */
export interface SafeStorageApi {
  isEncryptionAvailable(): boolean;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend?(): string;
}

export const SAFE_STORAGE_FILE = 'secrets.enc.json';

const BlobFileSchema = z.object(
  Object.fromEntries(SECRET_NAMES.map((n) => [n, z.string().optional()])) as Record<
    SecretName,
    z.ZodOptional<z.ZodString>
  >,
);
type BlobFile = z.infer<typeof BlobFileSchema>;

/** Why safeStorage must not be used here, or null if it is fine. */
export async function safeStorageRefusal(
  safeStorage: SafeStorageApi,
  platform: string = process.platform,
): Promise<string | null> {
  const available = safeStorage.isAsyncEncryptionAvailable
    ? await safeStorage.isAsyncEncryptionAvailable()
    : safeStorage.isEncryptionAvailable();
  if (!available) return 'Electron safeStorage has no encryption key on this system';
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text') {
      return "Electron safeStorage would use its 'basic_text' backend (a fixed key, no real protection)";
    }
  }
  return null;
}

export class SafeStorageSecretStore implements SecretStore {
  readonly backend = 'safeStorage' as const;
  readonly detail: string;

  constructor(
    private readonly safeStorage: SafeStorageApi,
    private readonly filePath: string,
  ) {
    const backend = safeStorage.getSelectedStorageBackend?.();
    this.detail = `Electron safeStorage${backend && backend !== 'unknown' ? ` (${backend})` : ''}`;
  }

  private async readBlobs(): Promise<BlobFile> {
    try {
      return BlobFileSchema.parse(JSON.parse(await readFile(this.filePath, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(
        `The encrypted secrets file ${this.filePath} is damaged; clear and re-enter the secrets.`,
        { cause: error },
      );
    }
  }

  private async writeBlobs(blobs: BlobFile): Promise<void> {
    await writeFileDurable(this.filePath, JSON.stringify(blobs, null, 2) + '\n');
  }

  private async encrypt(value: string): Promise<Buffer> {
    return this.safeStorage.encryptStringAsync
      ? this.safeStorage.encryptStringAsync(value)
      : this.safeStorage.encryptString(value);
  }

  private async decrypt(blob: Buffer): Promise<{ value: string; reEncrypt: boolean }> {
    if (this.safeStorage.decryptStringAsync) {
      const { result, shouldReEncrypt } = await this.safeStorage.decryptStringAsync(blob);
      return { value: result, reEncrypt: shouldReEncrypt };
    }
    return { value: this.safeStorage.decryptString(blob), reEncrypt: false };
  }

  async get(name: SecretName): Promise<string | null> {
    const blob = (await this.readBlobs())[name];
    if (!blob) return null;
    const { value, reEncrypt } = await this.decrypt(Buffer.from(blob, 'base64'));
    // The OS key was rotated: store the value again under the new key.
    if (reEncrypt) await this.set(name, value);
    return value;
  }

  async set(name: SecretName, value: string): Promise<void> {
    const blobs = await this.readBlobs();
    blobs[name] = (await this.encrypt(value)).toString('base64');
    await this.writeBlobs(blobs);
  }

  async delete(name: SecretName): Promise<void> {
    const blobs = await this.readBlobs();
    if (!(name in blobs)) return;
    delete blobs[name];
    await this.writeBlobs(blobs);
  }
}
