// A session that makes sense: every message at most two sentences whatever it is made of, nothing
// said twice, a done task never nudged again, one snooze length, plain words and one kind of
// quotation mark — over the real engine and memory where a session is involved.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuickReplyId } from '../../shared/checkin';
import { OUTCOMES, STRATEGY_IDS, type Outcome, type StrategyId } from '../../shared/domain';
import type { CoachEngine, CoachEngineOptions } from '../../electron/coach/engine-types';
import { FALLBACK_TASK } from '../../electron/coach/focus-session';
import {
  FOLLOW_UP_PARTS,
  FOLLOW_UP_TEMPLATES,
  SMALLER_STEPS,
  followUpFor,
} from '../../electron/coach/follow-ups';
import { seededRandom } from '../../electron/coach/random';
import { buildReflectionPrompt, ruleBasedInsight } from '../../electron/coach/reflection';
import {
  CONCRETE_STEP_STRATEGIES,
  STRATEGIES,
  fillPhrasing,
  getStrategy,
  saidKey,
} from '../../electron/coach/strategies';
import { countSentences } from '../../electron/coach/tone';
import { coachEngine, fakeClock, makeMemory, type TestMemory } from './fixtures';

const TASKS = ['walk dog', 'Write the quarterly report', 'e.g. the 2.5 budget', 'x'.repeat(300)];

/** A random source that yields these values in turn (to reach every template of a pick). */
function scripted(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('every message is at most two sentences', () => {
  const options = [0, 0.2, 0.34, 0.5, 0.67, 0.8, 0.99];
  const stepChoices: Array<StrategyId | undefined> = [...CONCRETE_STEP_STRATEGIES, undefined];
  // Every outcome × block over or not × each offered step kind × each template of each part × task.
  const cases = OUTCOMES.flatMap((outcome) =>
    [false, true].flatMap((sessionOver) =>
      stepChoices.map((smallerStep) => [outcome, sessionOver, smallerStep] as const),
    ),
  );
  it.each(cases)('%s, block over: %s, step: %s', (outcome, sessionOver, smallerStep) => {
    for (const task of TASKS) {
      for (const first of options) {
        for (const second of options) {
          const followUp = followUpFor({
            outcome,
            task,
            random: scripted([first, second]),
            sessionOver,
            snoozeMinutes: 15,
            ...(smallerStep ? { smallerStep } : {}),
          });
          expect(countSentences(followUp.text), followUp.text).toBeLessThanOrEqual(2);
          expect(followUp.text.length).toBeLessThanOrEqual(260);
        }
      }
    }
  });

  it('every intro × every step of every concrete strategy, and done + end of block', () => {
    for (const task of TASKS) {
      for (const intro of FOLLOW_UP_PARTS.SMALLER_INTRO) {
        for (const id of CONCRETE_STEP_STRATEGIES) {
          for (const step of SMALLER_STEPS[id]!) {
            const text = `${fillPhrasing(intro, task)} ${fillPhrasing(step, task)}`;
            expect(countSentences(text), text).toBe(2);
          }
        }
      }
      for (const closing of FOLLOW_UP_PARTS.END_DONE) {
        expect(countSentences(fillPhrasing(closing, task))).toBeLessThanOrEqual(2);
      }
    }
    // Each step is one sentence, so intro + step can never exceed two.
    for (const steps of Object.values(SMALLER_STEPS))
      for (const step of steps!) expect(countSentences(fillPhrasing(step, 'walk dog'))).toBe(1);
  });

  it('only a snooze promises when Keel comes back', () => {
    const { SNOOZE, ...others } = FOLLOW_UP_PARTS;
    for (const text of Object.values(others).flat()) {
      expect(text).not.toMatch(/\b(later|again|check (?:back|in)|in a (?:bit|while))\b/i);
    }
    for (const text of SNOOZE) expect(text).toContain('{minutes}');
  });
});

describe('plain, literal words and one kind of quotation mark', () => {
  const shown = [...STRATEGIES.flatMap((s) => s.phrasings), ...FOLLOW_UP_TEMPLATES];

  it('has no idioms or othering phrases', () => {
    for (const text of shown) {
      expect(text).not.toMatch(
        /hold the time|hide small ones|in sight from the start|brain works differently/i,
      );
    }
  });

  it('uses only “ ” as quotation marks, around the task too', () => {
    for (const text of shown) expect(text, text).not.toContain('"');
    expect(fillPhrasing('Two minutes on {task}?', 'walk dog')).toBe('Two minutes on “walk dog”?');
  });

  it('capitalises a task that starts a sentence, and leaves words like iOS alone', () => {
    const phrasing = 'Take a short walk. {task} will be there when you are back.';
    expect(fillPhrasing(phrasing, 'walk dog')).toBe(
      'Take a short walk. “Walk dog” will be there when you are back.',
    );
    expect(fillPhrasing('{task} is done.', 'walk dog')).toBe('“Walk dog” is done.');
    expect(fillPhrasing('{task} is done.', 'iOS release')).toBe('“iOS release” is done.');
    expect(fillPhrasing('Open {task} now.', 'walk dog')).toBe('Open “walk dog” now.');
  });
});

describe('a session over the real engine and memory', () => {
  let t: TestMemory;
  let clock: ReturnType<typeof fakeClock>;
  beforeEach(async () => {
    clock = fakeClock();
    t = await makeMemory(clock.now);
  });
  afterEach(() => t.close());

  const engine = (overrides: Partial<CoachEngineOptions> = {}): CoachEngine =>
    coachEngine(t, clock.now, { random: seededRandom(7), ...overrides });

  it('after done: names the task, offers the next step, and never nudges that task again', async () => {
    const coach = engine();
    await coach.startSession({ task: 'walk dog', minutes: 60 });
    const first = await coach.checkInNow();
    const done = await coach.answer(first.id, { kind: 'quick', id: 'done' });
    expect(done.followUp.kind).toBe('congratulate');
    expect(done.followUp.text.toLowerCase()).toContain('walk dog');
    expect(done.followUp.next).toEqual(['new_task', 'break', 'end_session']);
    expect(coach.session()).toMatchObject({ task: 'walk dog', taskDone: true });

    for (let i = 0; i < 3; i++) {
      clock.minutes(10);
      const next = await coach.checkInNow();
      expect(next.task).toBe(FALLBACK_TASK);
      expect(next.nudge.toLowerCase()).not.toContain('walk dog');
      await coach.answer(next.id, { kind: 'quick', id: 'on_it' });
    }
    coach.setTask('Feed the cat');
    expect(coach.session().taskDone).toBe(false);
    clock.minutes(10);
    expect((await coach.checkInNow()).nudge).toContain('Feed the cat');
  });

  it('done at the end of the block: one two-sentence closing that names the task', async () => {
    const coach = engine();
    await coach.startSession({ task: 'read chapter 3', minutes: 25 });
    clock.minutes(26);
    const view = await coach.checkInNow();
    const result = await coach.answer(view.id, { kind: 'quick', id: 'done' });
    expect(result.followUp.kind).toBe('end');
    expect(result.followUp.text.toLowerCase()).toContain('read chapter 3');
    expect(countSentences(result.followUp.text)).toBeLessThanOrEqual(2);
  });

  const replies: QuickReplyId[] = ['on_it', 'distracted', 'stuck', 'not_now'];
  it.each(replies)('six check-ins answered “%s”: no text and no step said twice', async (id) => {
    const coach = engine();
    await coach.startSession({ task: 'plan the trip' });
    const said: string[] = [];
    const steps: string[] = [];
    for (let i = 0; i < 6; i++) {
      const view = await coach.checkInNow();
      said.push(view.nudge);
      const result = await coach.answer(view.id, { kind: 'quick', id });
      said.push(result.followUp.text);
      if (result.followUp.kind === 'smaller_step') steps.push(result.followUp.text);
      clock.minutes(20);
    }
    const keys = said.map(saidKey);
    expect(new Set(keys).size, said.join('\n')).toBe(keys.length);
    // The step offered after stuck never comes back as (part of) a later nudge.
    for (const step of steps) {
      for (const nudge of said) if (nudge !== step) expect(step).not.toContain(nudge);
    }
  });

  it('a mixed session of 8 check-ins with seeded replies repeats nothing', async () => {
    for (const seed of [1, 2, 3]) {
      const coach = engine({ random: seededRandom(seed) });
      await coach.startSession({ task: 'answer emails' });
      const pick = seededRandom(seed + 100);
      const said: string[] = [];
      for (let i = 0; i < 8; i++) {
        const view = await coach.checkInNow();
        const id = (['done', 'on_it', 'distracted', 'stuck', 'not_now'] as const)[
          Math.floor(pick() * 5)
        ]!;
        const result = await coach.answer(view.id, { kind: 'quick', id });
        said.push(view.nudge, result.followUp.text);
        clock.minutes(20);
      }
      expect(new Set(said.map(saidKey)).size).toBe(said.length);
      await coach.endSession();
    }
  });

  it('stuck three times: the insight does not advise the smaller steps it just offered', async () => {
    const coach = engine();
    await coach.startSession({ task: 'plan the trip' });
    for (let i = 0; i < 3; i++) {
      const view = await coach.checkInNow();
      const result = await coach.answer(view.id, { kind: 'quick', id: 'stuck' });
      expect(result.followUp.kind).toBe('smaller_step');
      clock.minutes(10);
    }
    const { insight } = await coach.endSession();
    expect(insight?.text).toContain('stuck 3 times, even with smaller steps');
    expect(insight?.text).not.toMatch(/smaller first steps may help/);
  });

  it('one snooze length for Esc and a typed "not now", from the setting', async () => {
    let setting = 25;
    const coach = engine({ snoozeMinutes: () => setting });
    await coach.startSession({ task: 'plan the trip' });
    const view = await coach.checkInNow();
    const typed = await coach.answer(view.id, { kind: 'text', text: 'not now' });
    expect(typed.followUp).toMatchObject({ kind: 'snooze', snoozeMinutes: 25 });
    expect(typed.followUp.text).toContain('25 minutes');
    expect(coach.session().snoozedUntil).toBe(clock.now() + 25 * 60_000);
    setting = 40;
    clock.minutes(30);
    await coach.checkInNow();
    expect(coach.snooze(setting).snoozedUntil).toBe(clock.now() + 40 * 60_000);
  });
});

describe('the library covers every strategy with plain wording', () => {
  it('each concrete-step strategy has at least three one-sentence steps', () => {
    for (const id of CONCRETE_STEP_STRATEGIES)
      expect(SMALLER_STEPS[id]!.length).toBeGreaterThanOrEqual(3);
    expect(STRATEGY_IDS.filter((id) => getStrategy(id).size === 1).length).toBeGreaterThan(0);
    const outcomes: Outcome[] = [...OUTCOMES];
    expect(outcomes).toContain('not_now');
  });
});

describe('reflection credits each check-in’s own strategy and never advises what was just done', () => {
  const entry = (strategy: StrategyId, outcome: Outcome, offered?: StrategyId) => ({
    at: 1,
    task: 'plan the trip',
    strategy,
    nudge: `Nudge for ${strategy}.`,
    reply: outcome === 'no_response' ? null : 'reply',
    outcome,
    ...(offered ? { offered } : {}),
  });

  it('after smaller steps were offered, suggests a different kind of help it has not tried', () => {
    const session = [
      entry('time_box', 'stuck', 'tiny_first_step'),
      entry('easiest_piece', 'stuck', 'break_down'),
      entry('next_physical_action', 'stuck', 'easiest_piece'),
    ];
    const text = ruleBasedInsight(session, []);
    expect(text).not.toMatch(/smaller first steps may help/);
    expect(text).toBe(
      'This session: 3 check-ins, 0 went well, stuck 3 times, even with smaller steps, so try body doubling sessions next time.',
    );
    // Without any smaller step yet, smaller steps are the advice.
    expect(
      ruleBasedInsight([entry('time_box', 'stuck'), entry('body_doubling', 'stuck')], []),
    ).toMatch(/so smaller first steps may help next time/);
  });

  it('never suggests the week’s best strategy when this session already used it', () => {
    const week = Array.from({ length: 4 }, () => ({
      strategy: 'body_doubling',
      outcome: 'task_completed' as const,
    }));
    const session = [
      entry('body_doubling', 'stuck', 'tiny_first_step'),
      entry('time_box', 'stuck', 'break_down'),
    ];
    const text = ruleBasedInsight(session, week);
    expect(text).toContain('so try movement breaks next time');
  });

  it('snoozes are not tries: a session of only "not now" gives no verdict', () => {
    const text = ruleBasedInsight(
      [entry('time_box', 'not_now'), entry('tiny_first_step', 'not_now')],
      [],
    );
    expect(text).toBe('This session: 2 check-ins, none answered yet, which is fine.');
    const mixed = ruleBasedInsight(
      [entry('time_box', 'not_now'), entry('tiny_first_step', 'distracted')],
      [],
    );
    expect(mixed).toContain('tiny first step did not land today');
    expect(mixed).not.toContain('time-box');
  });

  it('the model prompt says which step was offered and how to credit', () => {
    const prompt = buildReflectionPrompt([entry('time_box', 'stuck', 'tiny_first_step')], []);
    expect(prompt).toContain('Keel then offered a smaller step (Tiny first step)');
    expect(prompt).toContain('Credit a strategy only with the outcome of its own check-in');
    expect(prompt).toContain('Do not suggest something this session already tried');
  });
});
