import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../shared/domain';
import { DEFAULT_WORKING_HOURS, SettingsSchema } from '../../shared/settings';
import { createLogger } from '../../electron/base/logger';
import { openSettingsStore, SETTINGS_FILE } from '../../electron/app/settings-store';

let dir: string;
const lines: string[] = [];
const logger = createLogger('test', { level: 'warn', sink: (line) => lines.push(line) });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keel-settings-'));
  lines.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings store', () => {
  it('starts from defaults and persists validated updates atomically', async () => {
    const store = await openSettingsStore(dir, logger);
    expect(store.get()).toEqual(SettingsSchema.parse({}));
    expect(store.get().workingHours).toEqual(DEFAULT_WORKING_HOURS);
    await store.update({ checkInIntervalMinutes: 45, launchAtLogin: true });
    const reopened = await openSettingsStore(dir, logger);
    expect(reopened.get()).toMatchObject({ checkInIntervalMinutes: 45, launchAtLogin: true });
    // No temp files left behind.
    expect(await readdir(dir)).toEqual([SETTINGS_FILE]);
  });

  it('refuses bad patches, unknown keys (a pasted secret) included, and changes nothing', async () => {
    const store = await openSettingsStore(dir, logger);
    await store.update({ userId: 'sam' });
    const before = await readFile(join(dir, SETTINGS_FILE), 'utf8');
    await expect(store.update({ checkInIntervalMinutes: 0 })).rejects.toThrow(InvalidInputError);
    await expect(store.update({ geminiApiKey: 'AIzaSecret' })).rejects.toThrow(/Invalid settings/);
    await expect(
      store.update({
        workingHours: {
          ...DEFAULT_WORKING_HOURS,
          mon: { enabled: true, start: '25:00', end: '10:00' },
        },
      }),
    ).rejects.toThrow(/HH:MM/);
    expect(await readFile(join(dir, SETTINGS_FILE), 'utf8')).toBe(before);
    expect(before).not.toContain('AIzaSecret');
    expect(store.get().userId).toBe('sam');
  });

  it('keeps a damaged settings.json aside and starts from defaults', async () => {
    await writeFile(join(dir, SETTINGS_FILE), '{"userId": "ok", "checkInIntervalMinutes": "often"');
    const store = await openSettingsStore(dir, logger);
    expect(store.get()).toEqual(SettingsSchema.parse({}));
    const files = await readdir(dir);
    expect(files.some((f) => f.startsWith(`${SETTINGS_FILE}.invalid-`))).toBe(true);
    expect(lines.join('\n')).toMatch(/not valid \(not JSON\)/);
  });

  it('drops unknown keys found in the file on load', async () => {
    await writeFile(
      join(dir, SETTINGS_FILE),
      JSON.stringify({ userId: 'kim', redisUrl: 'redis://:pw@host' }),
    );
    const store = await openSettingsStore(dir, logger);
    expect(store.get().userId).toBe('kim');
    expect(JSON.stringify(store.get())).not.toContain('redis://');
  });
});

describe('settings store start-up', () => {
  it('removes temp files of writes a crashed process left, and keeps those of a live writer', async () => {
    const temps = await mkdtemp(join(tmpdir(), 'keel-settings-temps-'));
    try {
      const dead = `.settings.json.${2 ** 22 + 1}.0badf00d.tmp`;
      const live = `.task.json.${process.pid}.0badf00d.tmp`;
      await writeFile(join(temps, dead), '{"userId":');
      await writeFile(join(temps, live), '{"task":');
      await openSettingsStore(temps, logger);
      expect((await readdir(temps)).filter((n) => n.endsWith('.tmp'))).toEqual([live]);
    } finally {
      await rm(temps, { recursive: true, force: true });
    }
  });
});
