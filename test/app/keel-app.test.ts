// The application layer end to end over the REAL core: embedded store in a temp dir, the offline
// embedder (no API key), the real coach engine — driven only through keelApp.invoke, like a host.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnswerResult, CheckInView, SessionView } from '../../shared/checkin';
import type { IpcEvent, IpcResult } from '../../shared/ipc';
import type { AppStatus, HistoryView, SecretsView, Settings } from '../../shared/settings';
import { createKeelApp } from '../../electron/app/keel-app';
import type { KeelApp } from '../../electron/app/types';
import { MemorySecretStore } from '../../electron/secrets/secret-store';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';

let dataDir: string;
let app: KeelApp;
let events: Array<{ event: IpcEvent; payload: unknown }>;
let secrets: MemorySecretStore;

async function open(env: NodeJS.ProcessEnv = {}) {
  events = [];
  secrets = new MemorySecretStore();
  app = await createKeelApp({
    host: 'preview',
    dataDir,
    secrets,
    env,
    emit: (event, payload) => events.push({ event, payload }),
    checkInTickMs: 0,
  });
}

async function ok<T>(channel: string, request: unknown = {}): Promise<T> {
  const result = (await app.dispatch(channel, request)) as IpcResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keel-app-'));
  await open();
});

afterEach(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('keelApp over the real core', () => {
  it('runs a check-in answered by a button and one answered in words', async () => {
    await ok('onboarding:complete', { task: 'Write the project report' });
    const session = await ok<SessionView>('session:start', {
      task: 'Write the project report',
      minutes: 25,
    });
    expect(session).toMatchObject({ active: true, task: 'Write the project report' });

    const first = await ok<CheckInView>('checkin:now');
    expect(first).toMatchObject({
      state: 'awaiting_reply',
      task: 'Write the project report',
      wordingSource: 'library',
    });
    expect(first.nudge.length).toBeGreaterThan(0);
    expect(events.some((e) => e.event === 'checkin:due')).toBe(true);
    expect((await ok<AppStatus>('app:status')).trayState).toBe('due');

    const byButton = await ok<AnswerResult>('checkin:answer', {
      checkInId: first.id,
      reply: { kind: 'quick', id: 'done' },
    });
    expect(byButton.classification).toMatchObject({
      outcome: 'task_completed',
      source: 'quick_reply',
    });
    expect(byButton.checkIn.state).toBe('answered');

    const second = await ok<CheckInView>('checkin:now');
    expect(second.id).not.toBe(first.id);
    const byText = await ok<AnswerResult>('checkin:answer', {
      checkInId: second.id,
      reply: { kind: 'text', text: 'honestly I got distracted by email again' },
    });
    expect(byText.classification.outcome).toBe('distracted');
    expect(byText.classification.source).not.toBe('quick_reply');

    // Recording is fire-and-forget; ending the session waits for it, so history then shows both.
    await ok('session:end');
    expect(
      (await ok<HistoryView>('history:get', { days: 7 })).recent.map((r) => r.outcome).sort(),
    ).toEqual(['distracted', 'task_completed']);
    const history = await ok<HistoryView>('history:get', { days: 7 });
    expect(history.days).toHaveLength(7);
    const today = history.days.at(-1)!;
    expect(today.task_completed + today.distracted).toBe(2);
    expect(history.strategies.reduce((n, s) => n + s.tries, 0)).toBe(2);
    expect(history.strategies.every((s) => s.label.length > 0)).toBe(true);
  });

  it('refuses invalid input with invalid_input and changes nothing', async () => {
    const before = await ok<Settings>('settings:get');
    const settingsFile = join(dataDir, 'settings.json');
    await ok('settings:update', { checkInIntervalMinutes: 30 });
    const fileBefore = await readFile(settingsFile, 'utf8');

    for (const [channel, request] of [
      ['settings:update', { checkInIntervalMinutes: 1 }],
      ['settings:update', { userId: 'not a valid id!' }],
      ['settings:update', { apiKey: 'AIzaSomethingSecret' }],
      ['checkin:answer', { checkInId: 'x', reply: { kind: 'quick', id: 'maybe' } }],
      ['session:start', { minutes: 2 }],
      ['data:delete', { confirm: 'yes' }],
      ['pause:set', { until: { minutes: -5 } }],
    ] as const) {
      const result = await app.dispatch(channel, request);
      expect(result, `${channel} ${JSON.stringify(request)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      if (!result.ok)
        expect(result.error.message).toMatch(new RegExp(`^Invalid request for ${channel}: `));
    }
    expect(await readFile(settingsFile, 'utf8')).toBe(fileBefore);
    expect(await ok<Settings>('settings:get')).toEqual({ ...before, checkInIntervalMinutes: 30 });
    expect((await ok<AppStatus>('app:status')).pausedUntil).toBeNull();
    expect((await ok<SessionView>('session:get')).active).toBe(false);
  });

  it('refuses unknown channels and reports engine refusals as invalid_input', async () => {
    expect(await app.dispatch('shell:exec', { cmd: 'rm -rf /' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await app.dispatch('__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const answer = await app.invoke('checkin:answer', {
      checkInId: 'nope',
      reply: { kind: 'quick', id: 'done' },
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses forcing the Gemini embedder without a key, and keeps the old settings', async () => {
    const result = await app.invoke('settings:update', { embedder: 'gemini' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await ok<Settings>('settings:get')).embedder).toBe('auto');
  });

  it('remembers the current task across a restart and a core rebuild', async () => {
    await ok('onboarding:complete', { task: 'Sort the tax papers' });
    await ok('task:set', { task: 'File the receipts' });
    await app.close();
    await open();
    expect((await ok<SessionView>('session:get')).task).toBe('File the receipts');
    // A rebuild (here: a new user id) starts a new engine with the same task.
    await ok('settings:update', { userId: 'sam' });
    expect((await ok<SessionView>('session:get')).task).toBe('File the receipts');
    expect((await ok<CheckInView>('checkin:now')).task).toBe('File the receipts');
  });

  it('rebuilds the core when the user id changes and keeps working', async () => {
    await ok('onboarding:complete', {});
    await ok('session:start', { task: 'Plan the week' });
    const changed = await ok<Settings>('settings:update', { userId: 'alex' });
    expect(changed.userId).toBe('alex');
    // The running focus session carries over into the rebuilt core.
    expect(await ok<SessionView>('session:get')).toMatchObject({
      active: true,
      task: 'Plan the week',
    });
    const checkIn = await ok<CheckInView>('checkin:now');
    await ok('checkin:answer', { checkInId: checkIn.id, reply: { kind: 'quick', id: 'on_it' } });
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')).userId).toBe('alex');
  });

  it('pauses indefinitely, reports it as -1, and resumes', async () => {
    const paused = await ok<AppStatus>('pause:set', { until: 'indefinitely' });
    expect(paused).toMatchObject({ trayState: 'paused', pausedUntil: -1, nextCheckInAt: null });
    const tomorrow = await ok<AppStatus>('pause:set', { until: 'tomorrow' });
    expect(tomorrow.pausedUntil).toBeGreaterThan(Date.now());
    const resumed = await ok<AppStatus>('pause:set', { until: 'resume' });
    expect(resumed).toMatchObject({ trayState: 'active', pausedUntil: null });
    expect(events.filter((e) => e.event === 'status:changed').length).toBeGreaterThanOrEqual(3);
  });

  it('exports JSONL (interventions, then insights, no embeddings) and deletes only with the phrase', async () => {
    await ok('session:start', { task: 'Tidy the inbox' });
    const checkIn = await ok<CheckInView>('checkin:now');
    await ok('checkin:answer', { checkInId: checkIn.id, reply: { kind: 'quick', id: 'done' } });
    await ok('session:end'); // waits for the check-in's recording
    expect((await ok<HistoryView>('history:get', { days: 1 })).recent).toHaveLength(1);

    const exported = await ok<{ path: string; interventions: number; insights: number }>(
      'data:export',
    );
    expect(exported.path.startsWith(join(dataDir, 'exports'))).toBe(true);
    const lines = (await readFile(exported.path, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(exported.interventions + exported.insights);
    expect(lines[0]).toMatchObject({
      type: 'intervention',
      task: 'Tidy the inbox',
      outcome: 'task_completed',
    });
    expect(lines.every((l) => !('embedding' in l))).toBe(true);
    const types = lines.map((l) => l.type);
    expect(types).toEqual([...types].sort((a, b) => (a === b ? 0 : a === 'intervention' ? -1 : 1)));

    expect(await app.dispatch('data:delete', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    const deleted = await ok<{ deleted: number }>('data:delete', { confirm: 'delete my data' });
    expect(deleted.deleted).toBeGreaterThanOrEqual(1);
    expect((await ok<HistoryView>('history:get', { days: 1 })).recent).toEqual([]);
  });

  it('returns the memory doctor report', async () => {
    const report = await ok<{ ok: boolean; checks: unknown[] }>('memory:doctor');
    expect(report.checks.length).toBeGreaterThan(0);
  });
});

describe('keelApp secrets', () => {
  let gemini: GeminiServer;
  beforeEach(async () => {
    gemini = await startGeminiServer();
  });
  afterEach(async () => {
    await gemini.close();
  });

  it('stores a key without ever showing it, and never writes it to settings.json', async () => {
    const key = 'AIzaTestKeyThatMustNeverLeak1234567890';
    const view = await ok<SecretsView>('secrets:set', { name: 'geminiApiKey', value: key });
    expect(view).toMatchObject({
      backend: 'memory',
      geminiApiKey: { set: true, source: 'keychain' },
      redisUrl: { set: false },
    });
    expect(JSON.stringify(view)).not.toContain(key);
    expect(await secrets.get('geminiApiKey')).toBe(key);
    expect(await readFile(join(dataDir, 'settings.json'), 'utf8').catch(() => '')).not.toContain(
      key,
    );
    const cleared = await ok<SecretsView>('secrets:clear', { name: 'geminiApiKey' });
    expect(cleared.geminiApiKey).toEqual({ set: false, source: 'none' });
  });

  it('refuses a Redis URL that is not redis:// and stores nothing', async () => {
    const result = await app.invoke('secrets:set', {
      name: 'redisUrl',
      value: 'http://example.com',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await secrets.get('redisUrl')).toBeNull();
  });

  it('shows environment secrets as source environment', async () => {
    await app.close();
    await open({
      GOOGLE_API_KEY: 'AIzaFromTheEnvironment000000000000',
      KEEL_GEMINI_BASE_URL: gemini.baseUrl,
      KEEL_EMBEDDER: 'offline',
    });
    const view = await ok<SecretsView>('secrets:get');
    expect(view.geminiApiKey).toEqual({ set: true, source: 'environment' });
  });

  it('keeps working when the key behind a forced Gemini embedder goes away', async () => {
    await app.close();
    await open({ KEEL_GEMINI_BASE_URL: gemini.baseUrl });
    await ok('secrets:set', { name: 'geminiApiKey', value: 'AIzaGoodKey000000000000000000000' });
    await ok('settings:update', { embedder: 'gemini' });
    expect((await ok<AppStatus>('app:status')).memory.embedder.kind).toBe('gemini');
    await ok('secrets:clear', { name: 'geminiApiKey' });
    expect((await ok<AppStatus>('app:status')).memory.embedder.kind).toBe('offline');
    // And a restart with the setting still on 'gemini' but no key starts rather than failing.
    await app.close();
    await open({ KEEL_GEMINI_BASE_URL: gemini.baseUrl });
    expect((await ok<Settings>('settings:get')).embedder).toBe('gemini');
    expect((await ok<AppStatus>('app:status')).memory.embedder.kind).toBe('offline');
  });

  it('tests the Gemini key with one tiny embedding call and reports a friendly result', async () => {
    await app.close();
    await open({ KEEL_GEMINI_BASE_URL: gemini.baseUrl, KEEL_EMBEDDER: 'offline' });
    expect(await ok('secrets:test-gemini')).toEqual({
      ok: false,
      message: 'No Gemini API key is set.',
    });
    await ok('secrets:set', { name: 'geminiApiKey', value: 'AIzaGoodKey000000000000000000000' });
    gemini.reset();
    const good = await ok<{ ok: boolean; message: string }>('secrets:test-gemini');
    expect(good.ok).toBe(true);
    expect(gemini.embedRequests()).toHaveLength(1);

    gemini.script({
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
          details: [{ reason: 'API_KEY_INVALID' }],
        },
      },
    });
    const bad = await ok<{ ok: boolean; message: string }>('secrets:test-gemini');
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/rejected the key/);
    expect(bad.message).not.toContain('AIzaGoodKey');
  });

  it('with a saved key, a check-in is embedded and worded by Gemini: one request of each', async () => {
    await app.close();
    await open({ KEEL_GEMINI_BASE_URL: gemini.baseUrl });
    await ok('onboarding:complete', { task: 'Write the grant report' });
    await ok('secrets:set', { name: 'geminiApiKey', value: 'AIzaGoodKey000000000000000000000' });
    expect((await ok<AppStatus>('app:status')).memory.embedder).toMatchObject({
      kind: 'gemini',
      model: 'gemini-embedding-001',
      dim: 768,
    });
    gemini.reset();
    gemini.setGenerateText('Open the report and write its first heading.');
    // A slow model: the check-in opens with the library wording, and the model's follows as an event.
    gemini.script({ delayMs: 1500, match: 'generate' });
    events = [];
    const opened = await ok<CheckInView>('checkin:now');
    expect(opened).toMatchObject({ wordingSource: 'library', wordingPending: true });
    expect(events.map((e) => e.event)).not.toContain('checkin:updated');
    await vi.waitFor(() => expect(events.map((e) => e.event)).toContain('checkin:updated'), {
      timeout: 10_000,
    });
    const updates = events.filter((e) => e.event === 'checkin:updated');
    expect(updates).toHaveLength(1);
    const checkIn = updates[0]!.payload as CheckInView;
    expect(checkIn).toMatchObject({
      id: opened.id,
      wordingSource: 'gemini',
      wordingPending: false,
      nudge: 'Open the report and write its first heading.',
    });
    expect(await ok<CheckInView>('checkin:current')).toEqual(checkIn);
    expect(gemini.embedRequests()).toHaveLength(1);
    expect(gemini.generateRequests()).toHaveLength(1);
    // The prompt carries the task and the chosen strategy.
    const prompt = JSON.stringify(gemini.generateRequests()[0]!.body);
    expect(prompt).toContain('Write the grant report');

    // Gemini failing mid-session: the library wording takes over, the check-in still opens.
    await ok('checkin:answer', { checkInId: checkIn.id, reply: { kind: 'quick', id: 'on_it' } });
    gemini.script({ status: 500, match: 'generate' });
    await ok<CheckInView>('checkin:now');
    await vi.waitFor(
      () => expect(events.filter((e) => e.event === 'checkin:updated')).toHaveLength(2),
      { timeout: 10_000 },
    );
    const next = (await ok<CheckInView>('checkin:current'))!;
    expect(next.wordingSource).toBe('library');
    expect(next.wordingPending).toBe(false);
    expect(next.nudge.length).toBeGreaterThan(10);
  });
});
