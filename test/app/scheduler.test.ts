import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../../shared/settings';
import {
  evaluate,
  initialSchedulerState,
  markCheckedIn,
  pause,
  resume,
  snoozed,
  updateSystemState,
  type SchedulerSettings,
  type SchedulerState,
} from '../../electron/app/scheduler';
import { nextWorkingDayStart, nextWorkingTime } from '../../electron/app/working-hours';

const MIN = 60_000;
// Local times, so the tests hold in any time zone. 5 Jan 2026 is a Monday.
const at = (day: number, h: number, m = 0) => new Date(2026, 0, day, h, m).getTime();
const MONDAY = 5;
const FRIDAY = 9;
const SATURDAY = 10;

const settings: SchedulerSettings = { intervalMinutes: 20, workingHours: DEFAULT_WORKING_HOURS };

function stateAt(now: number, patch: Partial<SchedulerState> = {}): SchedulerState {
  return { ...initialSchedulerState(now), ...patch };
}

describe('scheduler: interval', () => {
  it('is due once the interval has passed, not before', () => {
    const s = stateAt(at(MONDAY, 10));
    expect(evaluate(s, settings, at(MONDAY, 10, 19))).toMatchObject({
      due: false,
      blockedBy: 'not_yet',
    });
    expect(evaluate(s, settings, at(MONDAY, 10, 20))).toMatchObject({ due: true, blockedBy: null });
  });

  it('reports the next check-in time', () => {
    const s = stateAt(at(MONDAY, 10));
    expect(evaluate(s, settings, at(MONDAY, 10, 5)).nextAt).toBe(at(MONDAY, 10, 20));
  });

  it('uses the interval from settings', () => {
    const s = stateAt(at(MONDAY, 10));
    expect(evaluate(s, { ...settings, intervalMinutes: 45 }, at(MONDAY, 10, 30)).due).toBe(false);
    expect(evaluate(s, { ...settings, intervalMinutes: 45 }, at(MONDAY, 10, 45)).due).toBe(true);
  });
});

describe('scheduler: working hours by weekday', () => {
  it('blocks outside the day window and on disabled days', () => {
    const s = stateAt(at(MONDAY, 6));
    expect(evaluate(s, settings, at(MONDAY, 8, 59)).blockedBy).toBe('outside_hours');
    expect(evaluate(s, settings, at(MONDAY, 9, 0)).due).toBe(true);
    expect(evaluate(s, settings, at(MONDAY, 17, 30)).blockedBy).toBe('outside_hours');
    expect(evaluate(stateAt(at(SATURDAY, 9)), settings, at(SATURDAY, 12)).blockedBy).toBe(
      'outside_hours',
    );
  });

  it('honours a different window per weekday', () => {
    const hours: WorkingHours = {
      ...DEFAULT_WORKING_HOURS,
      fri: { enabled: true, start: '08:00', end: '12:00' },
      sat: { enabled: true, start: '14:00', end: '15:00' },
    };
    const custom = { ...settings, workingHours: hours };
    expect(evaluate(stateAt(at(FRIDAY, 7)), custom, at(FRIDAY, 8, 30)).due).toBe(true);
    expect(evaluate(stateAt(at(FRIDAY, 7)), custom, at(FRIDAY, 13)).blockedBy).toBe(
      'outside_hours',
    );
    expect(evaluate(stateAt(at(SATURDAY, 7)), custom, at(SATURDAY, 14, 30)).due).toBe(true);
  });

  it('supports windows that run past midnight', () => {
    const hours: WorkingHours = {
      ...DEFAULT_WORKING_HOURS,
      mon: { enabled: true, start: '22:00', end: '02:00' },
    };
    const tuesday1am = at(MONDAY + 1, 1);
    expect(
      evaluate(stateAt(at(MONDAY, 20)), { ...settings, workingHours: hours }, tuesday1am).due,
    ).toBe(true);
  });

  it('puts the next check-in at the next window start when outside hours', () => {
    const s = stateAt(at(FRIDAY, 17));
    // Friday 17:30 → the weekend is off → Monday 09:00.
    expect(evaluate(s, settings, at(FRIDAY, 18)).nextAt).toBe(at(MONDAY + 7, 9));
    expect(nextWorkingTime(at(SATURDAY, 12), DEFAULT_WORKING_HOURS)).toBe(at(MONDAY + 7, 9));
  });

  it('lets a focus session started by hand run outside working hours, but not while locked', () => {
    const focus = { ...settings, focusSessionActive: true };
    const s = stateAt(at(SATURDAY, 21));
    expect(evaluate(s, settings, at(SATURDAY, 21, 20)).blockedBy).toBe('outside_hours');
    expect(evaluate(s, focus, at(SATURDAY, 21, 20))).toEqual({
      due: true,
      blockedBy: null,
      nextAt: at(SATURDAY, 21, 20),
    });
    expect(evaluate(s, focus, at(SATURDAY, 21, 5)).nextAt).toBe(at(SATURDAY, 21, 20));
    expect(evaluate({ ...s, locked: true }, focus, at(SATURDAY, 21, 20)).blockedBy).toBe('locked');
  });

  it('has no next time when no day is enabled', () => {
    const off = Object.fromEntries(
      Object.entries(DEFAULT_WORKING_HOURS).map(([d, h]) => [d, { ...h, enabled: false }]),
    ) as WorkingHours;
    expect(
      evaluate(stateAt(at(MONDAY, 10)), { ...settings, workingHours: off }, at(MONDAY, 11)),
    ).toEqual({
      due: false,
      blockedBy: 'outside_hours',
      nextAt: null,
    });
  });
});

describe('scheduler: lock, suspend and idle', () => {
  const due = at(MONDAY, 11);
  const base = stateAt(at(MONDAY, 10));

  it('never checks in while the screen is locked or the system is suspended', () => {
    expect(evaluate(updateSystemState(base, { locked: true }), settings, due).blockedBy).toBe(
      'locked',
    );
    expect(evaluate(updateSystemState(base, { suspended: true }), settings, due).blockedBy).toBe(
      'suspended',
    );
    const unlocked = updateSystemState(updateSystemState(base, { locked: true }), {
      locked: false,
    });
    expect(evaluate(unlocked, settings, due).due).toBe(true);
  });

  it('does not check in when the person has been idle past the threshold', () => {
    const idle = updateSystemState(base, { idleSeconds: 600 });
    expect(evaluate(idle, settings, due).blockedBy).toBe('idle');
    expect(evaluate(updateSystemState(idle, { idleSeconds: 3 }), settings, due).due).toBe(true);
    expect(evaluate(updateSystemState(base, { idleSeconds: 120 }), settings, due).due).toBe(true);
  });

  it('treats idle time that reads 0 forever (Wayland) as unknown and relies on lock events', () => {
    let s = base;
    for (let i = 0; i < 120; i++) s = updateSystemState(s, { idleSeconds: 0 });
    expect(s.idleReliable).toBe(false);
    expect(evaluate(s, settings, due).due).toBe(true);
    expect(evaluate(updateSystemState(s, { locked: true }), settings, due).blockedBy).toBe(
      'locked',
    );
  });

  it('ignores nonsense idle readings', () => {
    const s = updateSystemState(base, { idleSeconds: Number.NaN });
    expect(s.idleSeconds).toBe(0);
    expect(updateSystemState(base, { idleSeconds: -5 }).idleReliable).toBe(false);
  });
});

describe('scheduler: missed check-ins are not stacked', () => {
  it('after a long sleep at most one check-in comes, then the interval restarts', () => {
    let s = stateAt(at(MONDAY, 9));
    s = updateSystemState(s, { suspended: true });
    // Asleep for 4 hours: twelve intervals missed, none fire while asleep.
    expect(evaluate(s, settings, at(MONDAY, 13)).due).toBe(false);
    s = updateSystemState(s, { suspended: false });
    const wake = at(MONDAY, 13);
    expect(evaluate(s, settings, wake).due).toBe(true);
    s = markCheckedIn(s, wake);
    expect(evaluate(s, settings, wake + MIN).due).toBe(false);
    expect(evaluate(s, settings, wake + 19 * MIN).due).toBe(false);
    expect(evaluate(s, settings, wake + 20 * MIN).due).toBe(true);
  });

  it('overnight: one check-in at the start of the next working day, not a backlog', () => {
    let s = stateAt(at(MONDAY, 17));
    const morning = at(MONDAY + 1, 9);
    expect(evaluate(s, settings, morning - MIN).due).toBe(false);
    expect(evaluate(s, settings, morning).due).toBe(true);
    s = markCheckedIn(s, morning);
    expect(evaluate(s, settings, morning + 5 * MIN).due).toBe(false);
  });
});

describe('scheduler: snooze', () => {
  it('moves the next check-in to the end of the snooze, earlier or later than the interval', () => {
    const start = at(MONDAY, 10);
    const later = { ...settings, snoozedUntil: start + 25 * MIN };
    expect(evaluate(stateAt(start), later, start + 20 * MIN)).toMatchObject({
      due: false,
      blockedBy: 'snoozed',
      nextAt: start + 25 * MIN,
    });
    expect(evaluate(stateAt(start), later, start + 25 * MIN).due).toBe(true);
    const sooner = { ...settings, snoozedUntil: start + 6 * MIN };
    expect(evaluate(stateAt(start), sooner, start + 6 * MIN).due).toBe(true);
  });

  it('a snooze ends a wait for a better moment (the snooze says when)', () => {
    const start = at(MONDAY, 10);
    const waiting = stateAt(start, { waitUntil: start + 40 * MIN });
    expect(evaluate(waiting, settings, start + 30 * MIN).blockedBy).toBe('waiting_for_moment');
    const after = snoozed(waiting);
    expect(after.waitUntil).toBeNull();
    expect(
      evaluate(after, { ...settings, snoozedUntil: start + 35 * MIN }, start + 35 * MIN).due,
    ).toBe(true);
  });
});

describe('scheduler: pause', () => {
  const start = at(MONDAY, 10);

  it.each([
    [30, 30],
    [60, 60],
    [120, 120],
  ])('pauses for %i minutes', (minutes, expected) => {
    const s = pause(stateAt(start - 30 * MIN), start, { minutes }, DEFAULT_WORKING_HOURS);
    expect(s.pausedUntil).toBe(start + expected * MIN);
    expect(evaluate(s, settings, start + expected * MIN - 1)).toMatchObject({
      due: false,
      blockedBy: 'paused',
    });
    expect(evaluate(s, settings, start + expected * MIN).due).toBe(true);
  });

  it('pauses until the start of the next working day', () => {
    expect(pause(stateAt(start), start, 'tomorrow', DEFAULT_WORKING_HOURS).pausedUntil).toBe(
      at(MONDAY + 1, 9),
    );
    // On a Friday "tomorrow" skips the weekend.
    expect(nextWorkingDayStart(at(FRIDAY, 16), DEFAULT_WORKING_HOURS)).toBe(at(MONDAY + 7, 9));
    const s = pause(stateAt(at(FRIDAY, 16)), at(FRIDAY, 16), 'tomorrow', DEFAULT_WORKING_HOURS);
    expect(evaluate(s, settings, at(MONDAY + 7, 8, 59)).blockedBy).toBe('paused');
    expect(evaluate(s, settings, at(MONDAY + 7, 9)).due).toBe(true);
  });

  it('pauses indefinitely until resumed, with no next check-in time', () => {
    let s = pause(stateAt(start), start, 'indefinitely', DEFAULT_WORKING_HOURS);
    expect(evaluate(s, settings, start + 30 * 24 * 60 * MIN)).toEqual({
      due: false,
      blockedBy: 'paused',
      nextAt: null,
    });
    const resumedAt = at(MONDAY + 1, 10);
    s = resume(s, resumedAt);
    // Resuming restarts the interval: nothing jumps out at once.
    expect(evaluate(s, settings, resumedAt).due).toBe(false);
    expect(evaluate(s, settings, resumedAt + 20 * MIN).due).toBe(true);
  });
});
