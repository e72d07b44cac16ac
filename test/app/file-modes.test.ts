// Personal data stays private on disk: after a realistic session through the app layer (settings,
// a task, check-ins, a queued record in the outbox, an insight, an export), every folder under the
// data directory is 0700 and every file 0600, whatever the process umask.
import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult, CheckInView } from '../../shared/checkin';
import type { IpcResult } from '../../shared/ipc';
import { createKeelApp } from '../../electron/app/keel-app';
import type { KeelApp } from '../../electron/app/types';
import { MemorySecretStore } from '../../electron/secrets/secret-store';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';

let gemini: GeminiServer;
let root: string;
beforeAll(async () => {
  gemini = await startGeminiServer();
  root = await mkdtemp(join(tmpdir(), 'keel-modes-'));
});
afterAll(async () => {
  await gemini?.close();
  await rm(root, { recursive: true, force: true });
});

function modes(dir: string, prefix = ''): Array<{ path: string; dir: boolean; mode: string }> {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = statSync(full);
    const entry = { path: rel, dir: st.isDirectory(), mode: (st.mode & 0o777).toString(8) };
    return st.isDirectory() ? [entry, ...modes(full, rel)] : [entry];
  });
}

describe('file modes in the data folder', () => {
  it('are 0700 for folders and 0600 for files after a realistic session', async () => {
    const previous = process.umask(0o022);
    const dataDir = join(root, 'Keel'); // created by the app itself
    let app: KeelApp | null = null;
    const ok = async <T>(channel: string, request: unknown = {}): Promise<T> => {
      const result = (await app!.dispatch(channel, request)) as IpcResult<T>;
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value;
    };
    try {
      app = await createKeelApp({
        host: 'preview',
        dataDir,
        secrets: new MemorySecretStore(),
        env: { KEEL_GEMINI_BASE_URL: gemini.baseUrl },
        emit: () => undefined,
        checkInTickMs: 0,
      });
      await ok('onboarding:complete', { task: 'Write the project report' });
      await ok('settings:update', { checkInIntervalMinutes: 25 });
      await ok('session:start', { task: 'Write the project report', minutes: 25 });
      const first = await ok<CheckInView>('checkin:now');
      await ok<AnswerResult>('checkin:answer', {
        checkInId: first.id,
        reply: { kind: 'text', text: 'done, wrote the intro' },
      });
      await ok('session:end');
      await ok('data:export');

      // Gemini embeddings that fail: the next check-in waits in the outbox.
      await ok('secrets:set', { name: 'geminiApiKey', value: 'AIzaModesTestKey0000000000000000' });
      gemini.script(
        ...Array.from({ length: 12 }, () => ({ status: 429, match: 'embed' as const })),
      );
      const second = await ok<CheckInView>('checkin:now');
      await ok('checkin:answer', { checkInId: second.id, reply: { kind: 'quick', id: 'stuck' } });
    } finally {
      await app?.close();
      process.umask(previous);
    }

    const all = modes(dataDir);
    expect(all.map((e) => e.path)).toEqual(
      expect.arrayContaining(['settings.json', 'task.json', 'outbox', 'exports']),
    );
    expect(all.some((e) => e.path.startsWith('outbox/') && e.path.endsWith('.json'))).toBe(true);
    expect(all.some((e) => e.path.startsWith('exports/'))).toBe(true);
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    const wrong = all.filter((e) => e.mode !== (e.dir ? '700' : '600'));
    expect(wrong).toEqual([]);
  }, 60_000);
});
