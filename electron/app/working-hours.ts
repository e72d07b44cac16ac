// Working hours by weekday, in local time. A day whose end is not after its start runs past midnight
// (e.g. 22:00–02:00). Pure functions over epoch milliseconds so the scheduler stays clock-injected.
import { WEEKDAYS, type DayHours, type Weekday, type WorkingHours } from '../../shared/settings';

/** Date.getDay() is 0 = Sunday; our weekday table starts on Monday. */
export function weekdayOf(date: Date): Weekday {
  return WEEKDAYS[(date.getDay() + 6) % 7]!;
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function startOfLocalDay(ms: number): Date {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d;
}

/** Local day `offset` days after the day of `ms` (calendar arithmetic, so DST days are handled). */
function localDay(ms: number, offset: number): Date {
  const d = startOfLocalDay(ms);
  d.setDate(d.getDate() + offset);
  return d;
}

function atLocalTime(day: Date, minutes: number): number {
  const d = new Date(day);
  d.setHours(Math.floor(minutes / 60), minutes % 60, 0, 0);
  return d.getTime();
}

/** The [start, end) window of one configured day, or null if that day is off. */
export function windowOf(day: Date, hours: DayHours): { start: number; end: number } | null {
  if (!hours.enabled) return null;
  const startMin = minutesOf(hours.start);
  const endMin = minutesOf(hours.end);
  const start = atLocalTime(day, startMin);
  if (endMin > startMin) return { start, end: atLocalTime(day, endMin) };
  // Overnight: ends on the following calendar day.
  const next = new Date(day);
  next.setDate(next.getDate() + 1);
  return { start, end: atLocalTime(next, endMin) };
}

/** The window that contains `now`, if any (yesterday's overnight window counts). */
export function currentWindow(
  now: number,
  hours: WorkingHours,
): { start: number; end: number } | null {
  for (const offset of [0, -1]) {
    const day = localDay(now, offset);
    const w = windowOf(day, hours[weekdayOf(day)]);
    if (w && now >= w.start && now < w.end) return w;
  }
  return null;
}

export function isWithinWorkingHours(now: number, hours: WorkingHours): boolean {
  return currentWindow(now, hours) !== null;
}

/** The earliest time at or after `from` that lies in working hours; null if no day is enabled. */
export function nextWorkingTime(from: number, hours: WorkingHours): number | null {
  if (isWithinWorkingHours(from, hours)) return from;
  for (let offset = 0; offset <= 7; offset++) {
    const day = localDay(from, offset);
    const w = windowOf(day, hours[weekdayOf(day)]);
    if (w && w.start >= from) return w.start;
  }
  return null;
}

/**
 * "Until tomorrow": the start of the next working day after today. With no working day configured,
 * local midnight tonight.
 */
export function nextWorkingDayStart(now: number, hours: WorkingHours): number {
  for (let offset = 1; offset <= 7; offset++) {
    const day = localDay(now, offset);
    const w = windowOf(day, hours[weekdayOf(day)]);
    if (w) return w.start;
  }
  return localDay(now, 1).getTime();
}
