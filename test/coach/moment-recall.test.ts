// "What worked before" is about before: never the current focus session's own records, the same
// task first, other tasks only when clearly alike, each nudge once, nothing under the minimum.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimilarIntervention } from '../../shared/domain';
import {
  OTHER_TASK_MIN,
  SIMILAR_MIN,
  SIMILAR_SHOWN,
  taskAlike,
  whatWorkedBefore,
} from '../../electron/coach/moment-recall';
import { seededRandom } from '../../electron/coach/random';
import { coachEngine, fakeClock, makeMemory, type TestMemory } from './fixtures';

const START = 1_000_000;

function match(
  task: string,
  intervention: string,
  similarity: number,
  timestamp = START - 1,
): SimilarIntervention {
  return {
    key: `user:alice:intervention:${timestamp}-${intervention.length}${Math.round(similarity * 100)}`,
    intervention,
    context: '',
    task,
    outcome: 'task_completed',
    timestamp,
    similarity,
    score: similarity,
  };
}

describe('whatWorkedBefore', () => {
  const filter = { task: 'Walk dog', sessionStartedAt: START };

  it('never shows the current session’s records or anything it already said', () => {
    const list = whatWorkedBefore(
      [match('Walk dog', 'This minute', 0.87, START + 5), match('Walk dog', 'Last week', 0.5)],
      { ...filter, said: new Set(['said just now']) },
    );
    expect(list.map((m) => m.intervention)).toEqual(['Last week']);
    expect(
      whatWorkedBefore([match('Walk dog', 'Said just now', 0.9)], {
        ...filter,
        said: new Set(['said just now']),
      }),
    ).toEqual([]);
  });

  it('puts the same task first and admits other tasks only when alike and above the higher bar', () => {
    const list = whatWorkedBefore(
      [
        match('Write the quarterly report', 'Report nudge', 0.8),
        match('walk the dog', 'Alike task, close moment', 0.6),
        match('walk the dog', 'Alike task, loose moment', OTHER_TASK_MIN - 0.01),
        match('walk dog', 'Same task, looser moment', 0.35),
      ],
      filter,
    );
    expect(list.map((m) => m.intervention)).toEqual([
      'Same task, looser moment',
      'Alike task, close moment',
    ]);
    expect(taskAlike('Walk dog', 'Write the quarterly report')).toBe(0);
  });

  it('shows each nudge once, nothing under the minimum, at most SIMILAR_SHOWN', () => {
    const list = whatWorkedBefore(
      [
        match('Walk dog', 'Two minutes outside', 0.9),
        match('Walk dog', 'two minutes  outside', 0.7),
        match('Walk dog', 'Too far', SIMILAR_MIN - 0.01),
        ...['a', 'b', 'c', 'd'].map((x, i) => match('Walk dog', `Other ${x}`, 0.6 - i / 100)),
      ],
      filter,
    );
    expect(list).toHaveLength(SIMILAR_SHOWN);
    expect(list.map((m) => m.intervention)).toEqual(['Two minutes outside', 'Other a', 'Other b']);
  });
});

describe('over the real engine and memory', () => {
  let t: TestMemory;
  let clock: ReturnType<typeof fakeClock>;
  beforeEach(async () => {
    clock = fakeClock();
    t = await makeMemory(clock.now);
  });
  afterEach(() => t.close());

  it('a session’s own nudges never show; the earlier session’s same-task ones do, other tasks not', async () => {
    const coach = coachEngine(t, clock.now, { random: seededRandom(3) });
    // Earlier: one session on a report, one walking the dog.
    await coach.startSession({ task: 'Write the quarterly report' });
    const report = await coach.checkInNow();
    await coach.answer(report.id, { kind: 'quick', id: 'on_it' });
    await coach.endSession();
    clock.minutes(60);
    await coach.startSession({ task: 'Walk dog' });
    const earlierWalk = await coach.checkInNow();
    await coach.answer(earlierWalk.id, { kind: 'quick', id: 'on_it' });
    await coach.endSession();

    clock.minutes(60 * 24);
    await coach.startSession({ task: 'Walk dog' });
    const shown: string[] = [];
    for (let i = 0; i < 4; i++) {
      const view = await coach.checkInNow();
      for (const item of view.similar) {
        expect(item.timestamp).toBeLessThan(coach.session().startedAt!);
        expect(item.task).toBe('Walk dog');
        expect(item.intervention).not.toBe(view.nudge);
        shown.push(item.intervention);
      }
      await coach.answer(view.id, { kind: 'quick', id: 'on_it' });
      await coach.flush();
      clock.minutes(10);
    }
    expect(shown).toContain(earlierWalk.nudge);
    expect(shown).not.toContain(report.nudge);
    const now = await coach.similarForCurrent();
    expect(now.every((m) => m.timestamp < coach.session().startedAt!)).toBe(true);
  });
});
