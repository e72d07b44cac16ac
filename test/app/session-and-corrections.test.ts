// Through the application layer (keelApp.invoke, as a host calls it) over the real core: the one
// snooze length, the next check-in time in and out of focus sessions, neutral snoozes in History,
// and corrections — "Not quite?" on a check-in, changing and deleting a past one in History.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerResult, CheckInView, SessionView } from '../../shared/checkin';
import type { AppStatus, HistoryView, Settings } from '../../shared/settings';
import { buildHistoryView } from '../../electron/app/history';
import { evaluate, initialSchedulerState } from '../../electron/app/scheduler';
import type { KeelApp } from '../../electron/app/types';
import { tallyStrategies } from '../../electron/memory/prompt-context';
import { DEFAULT_WORKING_HOURS } from '../../shared/settings';
import { ok as call, openApp, refused as refusedBy } from './app-harness';

const MINUTE = 60_000;
let dataDir: string;
let app: KeelApp;
let now: number;

async function open(start: Date) {
  now = start.getTime();
  ({ app } = await openApp({ dataDir, clock: () => now }));
}

const ok = <T>(channel: string, request: unknown = {}) => call<T>(app, channel, request);
const refused = (channel: string, request: unknown) => refusedBy(app, channel, request);

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keel-app-session-'));
});
afterEach(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('one snooze length', () => {
  it('the IPC default, the button, Esc and a typed "not now" all use the setting', async () => {
    await open(new Date(2026, 2, 3, 10, 0));
    await ok('onboarding:complete', { task: 'Sort the invoices' });
    await ok<Settings>('settings:update', { snoozeMinutes: 25 });

    await ok<CheckInView>('checkin:now');
    const snoozed = await ok<SessionView>('checkin:snooze', {});
    expect(snoozed.snoozedUntil).toBe(now + 25 * MINUTE);
    expect((await ok<AppStatus>('app:status')).nextCheckInAt).toBe(now + 25 * MINUTE);

    now += 30 * MINUTE;
    const view = await ok<CheckInView>('checkin:now');
    const typed = await ok<AnswerResult>('checkin:answer', {
      checkInId: view.id,
      reply: { kind: 'text', text: 'not now' },
    });
    expect(typed.followUp).toMatchObject({ kind: 'snooze', snoozeMinutes: 25 });
    expect((await ok<AppStatus>('app:status')).nextCheckInAt).toBe(now + 25 * MINUTE);
    expect(await refused('settings:update', { snoozeMinutes: 0 })).toBe('invalid_input');
  });

  it('one owner: the schedule follows the coach’s snooze, and a pause or resume replaces it', async () => {
    await open(new Date(2026, 2, 3, 10, 0));
    await ok('onboarding:complete', { task: 'Sort the invoices' });
    await ok<CheckInView>('checkin:now');
    await ok<SessionView>('checkin:snooze', { minutes: 90 });
    expect((await ok<AppStatus>('app:status')).nextCheckInAt).toBe(now + 90 * MINUTE);
    await ok<AppStatus>('pause:set', { until: { minutes: 30 } });
    expect((await ok<SessionView>('session:get')).snoozedUntil).toBeNull();
    await ok<AppStatus>('pause:set', { until: 'resume' });
    // Resuming restarts the interval; the snooze the pause replaced does not come back.
    const status = await ok<AppStatus>('app:status');
    expect(status.nextCheckInAt).not.toBe(now + 90 * MINUTE);
    expect(status.nextCheckInAt).toBeGreaterThan(now);
  });
});

describe('the next check-in time', () => {
  it('during an evening focus session is within the session, not the next morning', async () => {
    await open(new Date(2026, 2, 3, 20, 0)); // a Tuesday evening, outside 09:00–17:30
    await ok('onboarding:complete', { task: 'Read chapter 3' });
    await ok<SessionView>('session:start', { task: 'Read chapter 3', minutes: 60 });
    now += 5 * MINUTE;
    const view = await ok<CheckInView>('checkin:now');
    await ok<AnswerResult>('checkin:answer', {
      checkInId: view.id,
      reply: { kind: 'quick', id: 'on_it' },
    });
    const status = await ok<AppStatus>('app:status');
    expect(status.nextCheckInAt).toBe(now + 20 * MINUTE);
    await ok('session:end');
    const after = await ok<AppStatus>('app:status');
    expect(new Date(after.nextCheckInAt!).getHours()).toBe(9);
  });

  it('a check-in started by hand in the evening counts as focus time too', async () => {
    await open(new Date(2026, 2, 3, 21, 0));
    await ok('onboarding:complete', { task: 'Read chapter 3' });
    const view = await ok<CheckInView>('checkin:now');
    await ok<AnswerResult>('checkin:answer', {
      checkInId: view.id,
      reply: { kind: 'quick', id: 'on_it' },
    });
    expect((await ok<AppStatus>('app:status')).nextCheckInAt).toBe(now + 20 * MINUTE);
  });

  it('a check-in due after the planned end of an evening block is the next working morning', () => {
    const start = new Date(2026, 2, 3, 20, 0).getTime();
    const state = initialSchedulerState(start);
    const settings = {
      intervalMinutes: 20,
      workingHours: DEFAULT_WORKING_HOURS,
      focusSessionActive: true,
    };
    expect(
      evaluate(state, { ...settings, focusSessionEndsAt: start + 60 * MINUTE }, start).nextAt,
    ).toBe(start + 20 * MINUTE);
    const late = evaluate(state, { ...settings, focusSessionEndsAt: start + 10 * MINUTE }, start);
    expect(new Date(late.nextAt!).getHours()).toBe(9);
  });
});

describe('"not now" and snoozes are neutral in History', () => {
  it('What works for me counts only real tries', () => {
    const at = new Date(2026, 2, 3, 10, 0).getTime();
    const item = (outcome: 'not_now' | 'task_completed' | 'distracted', i: number) => ({
      key: `user:me:intervention:${at + i}-abc`,
      intervention: 'Nudge',
      context: '',
      task: 'Sort the invoices',
      outcome,
      strategy: 'tiny_first_step',
      timestamp: at + i,
    });
    const view = buildHistoryView({
      interventions: [
        item('not_now', 1),
        item('not_now', 2),
        item('task_completed', 3),
        item('distracted', 4),
      ],
      insights: [],
      now: at + 10,
      days: 1,
      strategyLabel: (s) => s,
    });
    expect(view.strategies).toEqual([
      { strategy: 'tiny_first_step', label: 'tiny_first_step', tries: 2, successes: 1 },
    ]);
    // The day's chart still shows the snoozes as what they were.
    expect(view.days[0]).toMatchObject({ not_now: 2, task_completed: 1, distracted: 1 });
    // And the wording prompt's "Strategy results so far" does not count them either.
    const items = [item('not_now', 1), item('task_completed', 3), item('distracted', 4)];
    expect(tallyStrategies(items)).toEqual([
      { strategy: 'tiny_first_step', tries: 2, successes: 1 },
    ]);
  });
});

describe('corrections through the app layer', () => {
  it('"Not quite?" on a check-in, then changing and deleting past check-ins in History', async () => {
    await open(new Date(2026, 2, 3, 10, 0));
    await ok('onboarding:complete', { task: 'Sort the invoices' });
    await ok<SessionView>('session:start', { task: 'Sort the invoices' });
    const first = await ok<CheckInView>('checkin:now');
    await ok<AnswerResult>('checkin:answer', {
      checkInId: first.id,
      reply: { kind: 'quick', id: 'done' },
    });
    const fixed = await ok<AnswerResult>('checkin:correct', {
      checkInId: first.id,
      outcome: 'distracted',
    });
    expect(fixed.classification).toMatchObject({ outcome: 'distracted', source: 'correction' });
    expect(fixed.followUp.kind).toBe('refocus');

    now += 10 * MINUTE;
    const second = await ok<CheckInView>('checkin:now');
    await ok<AnswerResult>('checkin:answer', {
      checkInId: second.id,
      reply: { kind: 'quick', id: 'on_it' },
    });
    // "Not now" by correction snoozes, as the reply would have.
    const snoozed = await ok<AnswerResult>('checkin:correct', {
      checkInId: second.id,
      outcome: 'not_now',
    });
    expect(snoozed.followUp.kind).toBe('snooze');
    expect((await ok<AppStatus>('app:status')).nextCheckInAt).toBe(now + 15 * MINUTE);

    let history = await ok<HistoryView>('history:get', { days: 7 });
    expect(history.recent.map((r) => r.outcome)).toEqual(['not_now', 'distracted']);
    const [latest, earlier] = history.recent;
    expect(await ok('history:correct', { key: earlier!.key, outcome: 'task_completed' })).toEqual({
      key: earlier!.key,
      outcome: 'task_completed',
    });
    expect(await ok('history:delete', { key: latest!.key })).toEqual({
      key: latest!.key,
      deleted: true,
    });
    history = await ok<HistoryView>('history:get', { days: 7 });
    expect(history.recent.map((r) => r.outcome)).toEqual(['task_completed']);
    expect(history.strategies[0]).toMatchObject({ tries: 1, successes: 1 });

    // Bad or foreign keys, unknown records and impossible outcomes are refused; nothing changes.
    expect(await refused('history:delete', { key: latest!.key })).toBe('not_found');
    expect(await refused('history:correct', { key: 'user:me:meta', outcome: 'stuck' })).toBe(
      'invalid_input',
    );
    expect(
      await refused('history:correct', {
        key: earlier!.key.replace('user:me:', 'user:bob:'),
        outcome: 'stuck',
      }),
    ).toBe('invalid_input');
    expect(await refused('history:correct', { key: earlier!.key, outcome: 'no_response' })).toBe(
      'invalid_input',
    );
    expect(await refused('checkin:correct', { checkInId: 'nope', outcome: 'stuck' })).toBe(
      'invalid_input',
    );
    expect((await ok<HistoryView>('history:get', { days: 7 })).recent).toHaveLength(1);

    // The running session's reflection reads the changed outcome and not the deleted check-in.
    const ended = await ok<{ insight: { text: string } | null }>('session:end');
    expect(ended.insight?.text).toContain('This session: 1 check-in, 1 went well');
  });
});
