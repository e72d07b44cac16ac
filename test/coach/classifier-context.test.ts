// The coach gives the outcome classifier the check-in's task, so a reply that names the task is
// read in its light: "cooking dinner now" is progress when dinner is the task, a meal break otherwise.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../electron/coach/random';
import { createCoachEngine } from '../../electron/coach/session-engine';
import { classifyReply } from '../../shared/outcome';
import { fakeClock, makeMemory, type TestMemory } from './fixtures';

let t: TestMemory;
let clock: ReturnType<typeof fakeClock>;
beforeEach(async () => {
  clock = fakeClock();
  t = await makeMemory(clock.now);
});
afterEach(() => t.close());

describe('the task as classifier context', () => {
  it('reads a reply about the task itself as progress', async () => {
    const coach = createCoachEngine({
      userId: 'alice',
      memory: t.memory,
      generator: null,
      clock: clock.now,
      random: seededRandom(7),
    });
    await coach.startSession({ task: 'Cook dinner', minutes: 30 });
    clock.minutes(10);
    const view = await coach.checkInNow();
    const result = await coach.answer(view.id, { kind: 'text', text: 'cooking dinner now' });
    expect(classifyReply('cooking dinner now').outcome).toBe('not_now');
    expect(result.classification.outcome).toBe('re_engaged');
    expect(result.classification.signals.join(' ')).toMatch(/doing the task/);
  });
});
