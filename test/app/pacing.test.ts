// The check-in loop with availability, the burden budget and timing that learns, through the whole
// app (real core, coach and embedded memory) with an injected clock and availability readers the
// test controls. The readers themselves are tested against real D-Bus and PulseAudio elsewhere.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckInView } from '../../shared/checkin';
import type { AppStatus, HistoryView } from '../../shared/settings';
import { DEFAULT_WORKING_HOURS } from '../../shared/settings';
import type { SignalReader, SignalState } from '../../electron/app/availability/signals';
import {
  chooseMoment,
  learnReceptivity,
  PACING_FILE,
  type PacingEntry,
} from '../../electron/app/pacing';
import type { KeelApp } from '../../electron/app/types';
import { isWithinWorkingHours } from '../../electron/app/working-hours';
import { statusLine } from '../../electron/main/tray-menu';
import { simulateWeeks } from '../../sim/timing';
import { ok, openApp } from './app-harness';

const MIN = 60_000;
const MONDAY_10 = new Date(2026, 0, 5, 10, 0).getTime();

let dataDir: string;
let app: KeelApp;
let now: number;
let due: CheckInView[];
let microphone: SignalState;

const callReader: SignalReader = {
  id: 'microphone',
  source: 'test',
  read: async () => ({ state: microphone, detail: microphone === 'busy' ? 'recording' : 'quiet' }),
};

async function open() {
  ({ app } = await openApp(
    {
      dataDir,
      clock: () => now,
      replyTimeoutMs: 5 * MIN,
      availabilityReaders: [callReader],
    },
    due,
  ));
}

const value = <T>(channel: string, request: unknown = {}) => ok<T>(app, channel, request);
const tick = () => app.checkSchedule();
const status = () => value<AppStatus>('app:status');

async function answerLast() {
  await value('checkin:answer', {
    checkInId: due.at(-1)!.id,
    reply: { kind: 'quick', id: 'on_it' },
  });
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keel-pacing-'));
  now = MONDAY_10;
  due = [];
  microphone = 'free';
});
afterEach(async () => {
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('hold, do not drop', () => {
  it('holds a check-in due during a call and opens it once, after the grace period', async () => {
    await open();
    await value('onboarding:complete', { task: 'Plan the sprint' });
    microphone = 'busy';
    now += 40 * MIN;
    await tick();
    expect(due).toHaveLength(0);
    const held = await status();
    expect(held.hold).toEqual({ kind: 'availability', reason: "you're in a call" });
    expect(statusLine(held)).toBe("Keel — held: you're in a call");

    // The call goes on for 40 minutes: still one held check-in, nothing stacks.
    for (let i = 0; i < 40; i++) {
      now += MIN;
      await tick();
    }
    expect(due).toHaveLength(0);

    // The call ends: not at once, but after the grace period, and exactly once.
    microphone = 'free';
    await tick();
    expect(due).toHaveLength(0);
    now += 1 * MIN;
    await tick();
    expect(due).toHaveLength(0);
    now += 1 * MIN;
    await tick();
    expect(due).toHaveLength(1);
    expect((await status()).hold).toBeNull();
    now += 1 * MIN;
    await tick();
    expect(due).toHaveLength(1);
  });

  it('does not hold a check-in the person asks for', async () => {
    await open();
    await value('onboarding:complete', {});
    microphone = 'busy';
    const checkIn = await value<CheckInView>('checkin:now');
    expect(checkIn.state).toBe('awaiting_reply');
  });

  it('shows the signals it read, with their values', async () => {
    await open();
    microphone = 'busy';
    const view = await value<{ available: boolean; signals: Array<{ id: string; state: string }> }>(
      'availability:get',
    );
    expect(view.available).toBe(false);
    expect(view.signals).toEqual([expect.objectContaining({ id: 'microphone', state: 'busy' })]);
  });
});

describe('burden budget', () => {
  it('keeps the daily cap across a restart, and starts again the next day', async () => {
    await open();
    await value('settings:update', { dailyCheckInCap: 3, adaptiveTiming: false });
    await value('onboarding:complete', {});
    // A look every 5 minutes until the end of the working day; every check-in is answered at once.
    for (const end = new Date(2026, 0, 5, 17, 25).getTime(); now < end; now += 5 * MIN) {
      const before = due.length;
      await tick();
      if (due.length > before) await answerLast();
    }
    expect(due).toHaveLength(3);
    expect((await status()).hold).toEqual({ kind: 'budget', reason: "that's today's 3 check-ins" });
    expect((await status()).hold).toEqual({ kind: 'budget', reason: "that's today's 3 check-ins" });

    await app.close();
    const mode = (await stat(join(dataDir, PACING_FILE))).mode & 0o777;
    expect(mode).toBe(0o600);
    await open();
    now += 2 * MIN;
    await tick();
    expect(due).toHaveLength(3);

    now = new Date(2026, 0, 6, 10, 0).getTime();
    await tick();
    expect(due).toHaveLength(4);
  });

  it('spreads the cap over the working day instead of using it up in the morning', async () => {
    await open();
    await value('settings:update', { dailyCheckInCap: 4, adaptiveTiming: false });
    now = new Date(2026, 0, 5, 9, 0).getTime();
    await value('onboarding:complete', {});
    // 09:00–17:30 with 4 check-ins left: about one every two hours, not one every 20 minutes.
    const next = (await status()).nextCheckInAt!;
    expect((next - now) / MIN).toBeGreaterThan(100);
    expect((next - now) / MIN).toBeLessThanOrEqual(120);
  });

  it('never opens two scheduled check-ins closer than the minimum gap', async () => {
    await open();
    await value('settings:update', { minCheckInGapMinutes: 15, adaptiveTiming: false });
    await value('onboarding:complete', {});
    await value<CheckInView>('checkin:now');
    expect(due).toHaveLength(1);
    // "Not now" for 5 minutes: the snooze ends before the gap does.
    await value('checkin:snooze', { minutes: 5 });
    now += 6 * MIN;
    await tick();
    expect(due).toHaveLength(1);
    now += 9 * MIN;
    await tick();
    expect(due).toHaveLength(2);
  });
});

describe('timing that learns', () => {
  const hours = DEFAULT_WORKING_HOURS;
  /** A week of evidence: answers at 10:xx, never at 14:xx; hourly check-ins 9–17. */
  function week(): PacingEntry[] {
    const entries: PacingEntry[] = [];
    for (let day = 0; day < 5; day++) {
      for (let hour = 9; hour < 17; hour++) {
        const openedAt = new Date(2026, 0, 5 + day, hour, 10).getTime();
        const answered = hour !== 14 && hour !== 13;
        entries.push({
          openedAt,
          scheduled: true,
          focus: false,
          gapMinutes: 60,
          reply: answered ? 'answered' : 'timed_out',
          latencyMs: answered ? 60_000 : null,
        });
      }
    }
    return entries;
  }

  it('opens on time without evidence', () => {
    const choice = chooseMoment({
      receptivity: learnReceptivity([]),
      now: MONDAY_10,
      dueAt: MONDAY_10,
      intervalMinutes: 30,
      lastOpenedAt: MONDAY_10 - 30 * MIN,
      allowed: (at) => isWithinWorkingHours(at, hours),
    });
    expect(choice.openNow).toBe(true);
  });

  it('moves a check-in due in an hour that never answers toward one that does', () => {
    const receptivity = learnReceptivity(week());
    expect(receptivity.byHour[10]!).toBeGreaterThan(receptivity.byHour[14]! + 0.4);
    const dueAt = new Date(2026, 0, 12, 14, 40).getTime();
    const choice = chooseMoment({
      receptivity,
      now: dueAt,
      dueAt,
      intervalMinutes: 30,
      lastOpenedAt: dueAt - 30 * MIN,
      allowed: (at) => isWithinWorkingHours(at, hours),
    });
    expect(choice.openNow).toBe(false);
    expect(new Date(choice.waitUntil!).getHours()).toBe(15);
    expect(choice.waitUntil! - dueAt).toBeLessThanOrEqual(30 * MIN);
  });

  it('never waits past the end of working hours', () => {
    const entries = week().map((e) =>
      new Date(e.openedAt).getHours() >= 16 ? { ...e, reply: 'timed_out' as const } : e,
    );
    const dueAt = new Date(2026, 0, 12, 17, 15).getTime();
    const choice = chooseMoment({
      receptivity: learnReceptivity(entries),
      now: dueAt,
      dueAt,
      intervalMinutes: 60,
      lastOpenedAt: dueAt - 60 * MIN,
      allowed: (at) => isWithinWorkingHours(at, hours),
    });
    if (choice.waitUntil !== null) expect(isWithinWorkingHours(choice.waitUntil, hours)).toBe(true);
  });

  it('on a simulated week: fewer unanswered check-ins, none in a call, none outside hours', async () => {
    const [fixedWeek1, fixed] = await simulateWeeks({ seed: 7, weeks: 2, adaptiveTiming: false });
    const [, learning] = await simulateWeeks({ seed: 7, weeks: 2, adaptiveTiming: true });
    for (const week of [fixedWeek1!, fixed!, learning!]) {
      expect(week.openedWhileUnavailable).toBe(0);
      expect(week.openedInGrace).toBe(0);
      expect(week.held).toBeGreaterThan(0);
    }
    expect(learning!.timedOut).toBeLessThan(fixed!.timedOut);
  }, 120_000);

  it('shows in History when check-ins get answers', async () => {
    await open();
    await value('onboarding:complete', {});
    await value<CheckInView>('checkin:now');
    now += 2 * MIN;
    await answerLast();
    const history = await value<HistoryView>('history:get', { days: 7 });
    expect(history.answerTimes).toEqual([
      { hour: 10, opened: 1, answered: 1, medianLatencySeconds: 120 },
    ]);
  });
});
