// Saving a Gemini key changes the embedding model: the app re-embeds the stored memory by itself
// (no `keel reindex`), announces the progress in its status (Settings shows it), and afterwards
// recalls the old check-ins in the new space and stores new ones there. Driven through
// keelApp.invoke; the waits are on the app's own status events, not on time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckInView } from '../../shared/checkin';
import type { IpcEvent, IpcResult } from '../../shared/ipc';
import type { AppStatus } from '../../shared/settings';
import { createKeelApp } from '../../electron/app/keel-app';
import type { KeelApp } from '../../electron/app/types';
import { MemorySecretStore } from '../../electron/secrets/secret-store';
import { LexicalEmbedder } from '../../electron/memory/embedders/offline';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';

let dataDir: string;
let gemini: GeminiServer;
let app: KeelApp;
const statuses: AppStatus[] = [];
const waiters: Array<{ until: (s: AppStatus) => boolean; resolve: (s: AppStatus) => void }> = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keel-app-reembed-'));
  // Embeddings of the moment's task line only (its context holds the time of day, which varies
  // from run to run): moments on the same task then clear the Gemini similarity floor in the new
  // space whatever the clock says. This test is about moving memory, not about embedding quality.
  const meaning = new LexicalEmbedder(768);
  gemini = await startGeminiServer({
    embed: (text) => Array.from(meaning.embedOne(text.split('\n')[0] ?? text)),
  });
  statuses.length = 0;
  app = await createKeelApp({
    host: 'preview',
    dataDir,
    secrets: new MemorySecretStore(),
    env: { KEEL_GEMINI_BASE_URL: gemini.baseUrl },
    emit: (event: IpcEvent, payload: unknown) => {
      if (event !== 'status:changed') return;
      const status = payload as AppStatus;
      statuses.push(status);
      for (const w of waiters.splice(0)) {
        if (w.until(status)) w.resolve(status);
        else waiters.push(w);
      }
    },
    checkInTickMs: 0,
  });
});
afterEach(async () => {
  await app.close();
  await gemini.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function ok<T>(channel: string, request: unknown = {}): Promise<T> {
  const result = (await app.dispatch(channel, request)) as IpcResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

/** The next announced status that satisfies `until`, or the current one if it already does. */
function statusWhere(until: (s: AppStatus) => boolean): Promise<AppStatus> {
  return new Promise((resolve) => {
    // Listening first, then asking: a status announced in between cannot be missed.
    waiters.push({ until, resolve });
    void ok<AppStatus>('app:status').then((s) => {
      if (until(s)) resolve(s);
    });
  });
}

describe('the app after an embedding model change', () => {
  it('re-embeds the stored memory in the background and keeps recalling and storing', async () => {
    await ok('onboarding:complete', { task: 'Write the grant report' });
    await ok('session:start', { task: 'Write the grant report' });
    // Three nudges that worked on this task (the last one finishes it), so the next session has
    // something to recall even when its own nudge repeats one of them (which is then not listed).
    for (const reply of ['on_it', 'on_it', 'done'] as const) {
      const checkIn = await ok<CheckInView>('checkin:now');
      await ok('checkin:answer', { checkInId: checkIn.id, reply: { kind: 'quick', id: reply } });
    }
    await ok('session:end');
    const before = await ok<AppStatus>('app:status');
    expect(before.memory).toMatchObject({ embedder: { kind: 'offline' }, mismatch: null });

    await ok('secrets:set', { name: 'geminiApiKey', value: 'AIzaReembedTestKey00000000000000' });
    const moved = await statusWhere(
      (s) =>
        s.memory.embedder.kind === 'gemini' &&
        s.memory.mismatch === null &&
        s.memory.reembedding === null,
    );
    expect(moved.memory.healthy).toBe(true);
    expect(moved.memory.problem).toBeNull();
    // The move was announced while it ran: Settings saw its progress (3 check-ins, 1 insight).
    const progress = statuses.map((s) => s.memory.reembedding).filter((r) => r !== null);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p!.total === 3)).toBe(true);
    expect(gemini.embedRequests().length).toBeGreaterThanOrEqual(1);

    // Recall in the new space finds the check-ins that worked before the key was saved.
    await ok('session:start', { task: 'Write the grant report' });
    const next = await ok<CheckInView>('checkin:now');
    expect(next.similar.length).toBeGreaterThan(0);
    await ok('checkin:answer', { checkInId: next.id, reply: { kind: 'quick', id: 'done' } });
    await ok('session:end');
    // The new record went to the store in the new space, not to the outbox.
    const after = await ok<AppStatus>('app:status');
    expect(after.memory).toMatchObject({ outboxPending: 0, mismatch: null, healthy: true });
    const exported = await ok<{ interventions: number }>('data:export');
    expect(exported.interventions).toBe(4);
  }, 60_000);
});
