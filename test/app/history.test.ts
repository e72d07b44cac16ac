import { describe, expect, it } from 'vitest';
import type { InterventionSummary, Outcome } from '../../shared/domain';
import { buildHistoryView, humanizeStrategy, localDateKey } from '../../electron/app/history';
import { strategyLabel } from '../../electron/coach/strategies';

const day = (d: number, h = 10) => new Date(2026, 2, d, h).getTime();
let n = 0;
function item(timestamp: number, outcome: Outcome, strategy?: string): InterventionSummary {
  return {
    key: `k${n++}`,
    intervention: 'nudge',
    context: '',
    task: 'task',
    outcome,
    timestamp,
    ...(strategy ? { strategy } : {}),
  };
}

describe('history view', () => {
  const now = day(10, 18);
  const interventions = [
    item(day(10, 9), 'task_completed', 'tiny_first_step'),
    item(day(10, 11), 'distracted', 'tiny_first_step'),
    item(day(8), 're_engaged', 'time_box'),
    item(day(8, 23), 'stuck', 'my_custom-trick'),
    item(day(1), 'task_completed', 'time_box'), // outside a 7-day range
  ];
  const view = buildHistoryView({ interventions, insights: [], now, days: 7, strategyLabel });

  it('has one row per local day, oldest first, with counts per outcome', () => {
    expect(view.days.map((d) => d.date)).toEqual([
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
    expect(view.days[6]).toMatchObject({ task_completed: 1, distracted: 1, stuck: 0 });
    expect(view.days[4]).toMatchObject({ re_engaged: 1, stuck: 1 });
    expect(view.days.reduce((sum, d) => sum + d.task_completed, 0)).toBe(1);
  });

  it('counts strategy tries and successes with labels from the strategy library', () => {
    expect(view.strategies).toEqual([
      {
        strategy: 'tiny_first_step',
        label: strategyLabel('tiny_first_step'),
        tries: 2,
        successes: 1,
      },
      {
        strategy: 'my_custom-trick',
        label: strategyLabel('my_custom-trick'),
        tries: 1,
        successes: 0,
      },
      { strategy: 'time_box', label: strategyLabel('time_box'), tries: 1, successes: 1 },
    ]);
    expect(strategyLabel('tiny_first_step')).not.toBe('tiny_first_step');
  });

  it('lists recent interventions newest first, within the range', () => {
    expect(view.recent.map((r) => r.timestamp)).toEqual([
      day(10, 11),
      day(10, 9),
      day(8, 23),
      day(8),
    ]);
  });

  it('formats dates in local time and humanises custom strategy names', () => {
    expect(localDateKey(new Date(2026, 0, 2, 23, 59).getTime())).toBe('2026-01-02');
    expect(humanizeStrategy('my_custom-trick')).toBe('My custom trick');
  });
});
