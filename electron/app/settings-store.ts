// settings.json under the data directory: non-secret preferences only, validated with
// SettingsSchema on every read and write. Writes are durable (temp file, fsync, rename) so a crash mid-write
// never leaves a half-written file. Secrets are not part of SettingsSchema; unknown keys (a pasted
// API key, say) are stripped by the schema before anything is written.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describeZodError, parseOrThrow } from '../../shared/domain';
import {
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../shared/settings';
import type { Logger } from '../base/logger';
import { ensurePrivateDir, removeStaleTemps, writeFileDurable } from '../base/durable-file';

export const SETTINGS_FILE = 'settings.json';

export interface SettingsStore {
  readonly path: string;
  get(): Settings;
  /** Validates, merges and persists a patch; returns the new settings. Nothing changes on bad input. */
  update(patch: unknown): Promise<Settings>;
}

async function readSettings(path: string, logger: Logger): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return SettingsSchema.parse({});
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = SettingsSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  // A damaged file is kept aside (not overwritten) so nothing the person set is silently lost.
  const aside = `${path}.invalid-${Date.now()}`;
  await rename(path, aside).catch(() => undefined);
  logger.warn(
    `settings.json was not valid (${json === undefined ? 'not JSON' : describeZodError(parsed.error)}); kept it as ${aside} and started from defaults`,
  );
  return SettingsSchema.parse({});
}

export async function openSettingsStore(dataDir: string, logger: Logger): Promise<SettingsStore> {
  await ensurePrivateDir(dataDir);
  // Temp files of a settings or task write that a crash interrupted (the target is intact).
  await removeStaleTemps(dataDir);
  const path = join(dataDir, SETTINGS_FILE);
  let current = await readSettings(path, logger);
  // Serialise writes so two quick updates cannot interleave their renames.
  let writing: Promise<unknown> = Promise.resolve();

  return {
    path,
    get: () => current,
    async update(rawPatch) {
      const patch: SettingsPatch = parseOrThrow(SettingsPatchSchema, rawPatch, 'settings');
      const next = parseOrThrow(SettingsSchema, { ...current, ...patch }, 'settings');
      const write = writing.then(() =>
        writeFileDurable(path, JSON.stringify(next, null, 2) + '\n'),
      );
      writing = write.catch(() => undefined);
      await write;
      current = next;
      return next;
    },
  };
}
