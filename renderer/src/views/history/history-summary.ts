// Turns the history view into chart rows and one plain-language summary sentence (the text
// alternative to the chart).
import { OUTCOMES, SUCCESS_OUTCOMES, type Outcome } from '../../../../shared/domain';
import type { HistoryView } from '../../../../shared/settings';

export type DayRow = HistoryView['days'][number];

export function dayTotal(day: DayRow): number {
  return OUTCOMES.reduce((sum, outcome) => sum + day[outcome], 0);
}

/** Outcomes that occur at least once, in contract order (so the legend only lists real ones). */
export function presentOutcomes(days: DayRow[]): Outcome[] {
  return OUTCOMES.filter((outcome) => days.some((day) => day[outcome] > 0));
}

export function summarize(days: DayRow[]): string {
  const total = days.reduce((sum, day) => sum + dayTotal(day), 0);
  if (total === 0) return 'No check-ins in this period yet.';
  const worked = days.reduce(
    (sum, day) => sum + SUCCESS_OUTCOMES.reduce((s, outcome) => s + day[outcome], 0),
    0,
  );
  const activeDays = days.filter((day) => dayTotal(day) > 0).length;
  const checkIns = total === 1 ? '1 check-in' : `${total} check-ins`;
  const daysText = activeDays === 1 ? '1 day' : `${activeDays} days`;
  return `${checkIns} over ${daysText}; ${worked} of them ended with you done or back on task.`;
}
