// The coach engine's check-in cycle over the real MemoryService (embedded store, offline embedder),
// the real outcome classifier and, where wording is tested, the real Gemini text generator against
// the local REST stand-in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AnswerResultSchema,
  CheckInViewSchema,
  type CheckInView,
  EndSessionResultSchema,
  SessionViewSchema,
} from '../../shared/checkin';
import { InvalidInputError, type SimilarIntervention } from '../../shared/domain';
import type { CoachEngine, CoachEngineOptions } from '../../electron/coach/engine-types';
import { seededRandom } from '../../electron/coach/random';
import { DEFAULT_SNOOZE_MINUTES } from '../../shared/settings';
import { distinctNudges } from '../../electron/coach/moment-recall';
import { createCoachEngine } from '../../electron/coach/session-engine';
import { SMALLER_STEPS } from '../../electron/coach/follow-ups';
import {
  CONCRETE_STEP_STRATEGIES,
  fillPhrasing,
  getStrategy,
  isStrategyId,
} from '../../electron/coach/strategies';
import type { Memory } from '../../electron/memory/types';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';
import { fakeClock, localGenerator, makeMemory, type TestMemory } from './fixtures';

let t: TestMemory;
let clock: ReturnType<typeof fakeClock>;
beforeEach(async () => {
  clock = fakeClock();
  t = await makeMemory(clock.now);
});
afterEach(() => t.close());

function engine(overrides: Partial<CoachEngineOptions> = {}): CoachEngine {
  return createCoachEngine({
    userId: 'alice',
    memory: t.memory,
    generator: null,
    clock: clock.now,
    random: seededRandom(42),
    ...overrides,
  });
}

describe('check-in cycle (offline)', () => {
  it('answers by button: congratulates, records the outcome with strategy and context', async () => {
    const coach = engine();
    SessionViewSchema.parse(await coach.startSession({ task: 'write the report', minutes: 50 }));
    clock.minutes(20);
    const view = CheckInViewSchema.parse(await coach.checkInNow());
    expect(view).toMatchObject({
      task: 'write the report',
      state: 'awaiting_reply',
      wordingSource: 'library',
    });
    expect(view.nudge).toContain('write the report');
    expect(getStrategy(view.strategy as never).label).toBe(view.strategyLabel);

    const result = AnswerResultSchema.parse(
      await coach.answer(view.id, { kind: 'quick', id: 'done' }),
    );
    expect(result.classification).toMatchObject({
      outcome: 'task_completed',
      source: 'quick_reply',
    });
    expect(result.followUp.kind).toBe('congratulate');
    expect(result.checkIn.state).toBe('answered');
    expect(coach.session()).toMatchObject({ checkIns: 1, lastOutcome: 'task_completed' });

    await coach.flush();
    const [stored] = await t.memory.listRecent('alice');
    expect(stored).toMatchObject({
      intervention: view.nudge,
      task: 'write the report',
      outcome: 'task_completed',
      strategy: view.strategy,
    });
    expect(stored!.context).toContain('20 min into a 50-min focus block');
    expect(stored!.context).toContain('check-in 1');
  });

  it('answers by text through the real classifier, and the next context quotes the reply', async () => {
    const coach = engine();
    await coach.startSession({ task: 'answer emails' });
    const first = await coach.checkInNow();
    const result = await coach.answer(first.id, { kind: 'text', text: 'ok, back on it now' });
    expect(result.classification.outcome).toBe('re_engaged');
    expect(result.classification.source).toBe('rules');
    expect(result.followUp.kind).toBe('encourage');

    clock.minutes(15);
    const second = await coach.checkInNow();
    const distracted = await coach.answer(second.id, {
      kind: 'text',
      text: 'got sucked into youtube',
    });
    expect(distracted.classification.outcome).toBe('distracted');
    expect(distracted.followUp.kind).toBe('refocus');

    await coach.flush();
    const recent = await t.memory.listRecent('alice');
    const secondRecord = recent.find((r) => r.intervention === second.nudge)!;
    expect(secondRecord.context).toContain('just before: "ok, back on it now" (re_engaged)');
  });

  it('timeout → no_response is recorded; a late answer is refused; a timeout after an answer changes nothing', async () => {
    const coach = engine();
    expect(coach.replyTimeoutMs).toBeGreaterThan(0);
    await coach.startSession({ task: 'tidy the desk' });
    const view = await coach.checkInNow();
    const timedOut = CheckInViewSchema.parse(await coach.timeout(view.id));
    expect(timedOut.state).toBe('timed_out');
    expect(timedOut.answer?.classification).toMatchObject({
      outcome: 'no_response',
      source: 'timeout',
    });
    await expect(coach.answer(view.id, { kind: 'quick', id: 'done' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );

    const next = await coach.checkInNow();
    expect(next.id).not.toBe(view.id);
    // The strategy that just got no reply is not offered straight away.
    expect(next.strategy).not.toBe(view.strategy);
    await coach.answer(next.id, { kind: 'quick', id: 'on_it' });
    expect((await coach.timeout(next.id)).state).toBe('answered');

    await coach.flush();
    const outcomes = (await t.memory.listRecent('alice')).map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['no_response', 're_engaged']);
  });

  it('not_now snoozes (button and text) and is recorded as not_now', async () => {
    const coach = engine();
    await coach.startSession({ task: 'call the bank' });
    const view = await coach.checkInNow();
    const result = await coach.answer(view.id, { kind: 'quick', id: 'not_now' });
    expect(result.followUp).toMatchObject({
      kind: 'snooze',
      snoozeMinutes: DEFAULT_SNOOZE_MINUTES,
    });
    expect(result.checkIn.state).toBe('snoozed');
    expect(coach.session().snoozedUntil).toBe(clock.now() + DEFAULT_SNOOZE_MINUTES * 60_000);

    const second = await coach.checkInNow();
    expect(coach.session().snoozedUntil).toBeNull();
    const text = await coach.answer(second.id, { kind: 'text', text: 'not now, in a meeting' });
    expect(text.classification.outcome).toBe('not_now');
    expect(text.followUp.kind).toBe('snooze');

    await coach.flush();
    expect((await t.memory.listRecent('alice')).map((r) => r.outcome)).toEqual([
      'not_now',
      'not_now',
    ]);
  });

  it('snooze(minutes) on an open check-in closes it as not_now for that long', async () => {
    const coach = engine();
    await coach.startSession({ task: 'fold laundry' });
    const view = await coach.checkInNow();
    const session = coach.snooze(30);
    expect(session.snoozedUntil).toBe(clock.now() + 30 * 60_000);
    expect(coach.current()).toMatchObject({ id: view.id, state: 'snoozed' });
    expect(() => coach.snooze(0)).toThrow(InvalidInputError);
    await coach.flush();
    expect((await t.memory.listRecent('alice'))[0]?.outcome).toBe('not_now');
  });

  it('stuck → offers a smaller step now and a smaller strategy next time', async () => {
    const coach = engine({ random: seededRandom(5) });
    await coach.startSession({ task: 'plan the trip' });
    // Find a check-in whose strategy is not already the smallest size.
    let view = await coach.checkInNow();
    for (let i = 0; i < 20 && getStrategy(view.strategy as never).size === 1; i++) {
      // A small step that did not work: the learner moves on to another (larger ones after the smallest).
      await coach.answer(view.id, { kind: 'quick', id: 'distracted' });
      await coach.flush();
      clock.minutes(5);
      view = await coach.checkInNow();
    }
    const stuckSize = getStrategy(view.strategy as never).size;
    expect(stuckSize).toBeGreaterThan(1);

    const result = await coach.answer(view.id, {
      kind: 'text',
      text: "I'm stuck, no idea where to start",
    });
    expect(result.classification.outcome).toBe('stuck');
    expect(result.followUp.kind).toBe('smaller_step');
    expect(result.followUp.text).toContain('plan the trip');
    // The offered step is a one-sentence concrete step, not a reframe.
    const offered = CONCRETE_STEP_STRATEGIES.flatMap((id) => SMALLER_STEPS[id] ?? []);
    const step = offered.find((p) =>
      result.followUp.text.endsWith(fillPhrasing(p, 'plan the trip')),
    );
    expect(step).toBeDefined();
    const stepStrategy = CONCRETE_STEP_STRATEGIES.find((id) => SMALLER_STEPS[id]?.includes(step!));

    clock.minutes(5);
    const next = await coach.checkInNow();
    expect(isStrategyId(next.strategy)).toBe(true);
    expect(getStrategy(next.strategy as never).size).toBeLessThan(stuckSize);
    expect(next.strategy).not.toBe(view.strategy);
    // No step twice: the next nudge is not the step just offered, in words or in kind.
    expect(next.strategy).not.toBe(stepStrategy);
    expect(result.followUp.text).not.toContain(next.nudge);
  });

  it('closes the block with an `end` follow-up once its time is up', async () => {
    const coach = engine();
    await coach.startSession({ task: 'read chapter 3', minutes: 25 });
    clock.minutes(26);
    const view = await coach.checkInNow();
    const result = await coach.answer(view.id, { kind: 'quick', id: 'done' });
    expect(result.followUp.kind).toBe('end');
  });

  it('ending the session stores an insight that later check-ins see in the memory context', async () => {
    const coach = engine();
    await coach.startSession({ task: 'write the report' });
    for (const id of ['done', 'distracted', 'on_it'] as const) {
      const view = await coach.checkInNow();
      await coach.answer(view.id, { kind: 'quick', id });
      clock.minutes(10);
    }
    const result = EndSessionResultSchema.parse(await coach.endSession());
    expect(result.session.active).toBe(false);
    expect(result.insight?.text).toMatch(/This session: 3 check-ins, 2 went well/);
    expect((await t.memory.listInsights('alice', 3))[0]?.text).toBe(result.insight!.text);
    expect(await t.memory.getContextForPrompt('alice')).toContain('This session: 3 check-ins');
    expect((await coach.endSession()).insight).toBeNull();
  });

  it('an open check-in at the end of the session is dropped, not held against its strategy', async () => {
    const coach = engine();
    await coach.startSession({ task: 'write the report' });
    const first = await coach.checkInNow();
    await coach.answer(first.id, { kind: 'quick', id: 'on_it' });
    await coach.checkInNow();
    const result = await coach.endSession();
    expect(result.session).toMatchObject({ active: false, checkIns: 1 });
    expect(result.insight?.text).toContain('1 check-in, 1 went well');
    expect(coach.current()).toBeNull();
    expect((await t.memory.listRecent('alice')).map((r) => r.outcome)).toEqual(['re_engaged']);
  });

  it('embeds once per check-in and stores that same vector with the record', async () => {
    const coach = engine();
    await coach.startSession({ task: 'write the report' });
    const before = t.embedder.calls;
    const views = [];
    for (let i = 0; i < 4; i++) {
      const view = await coach.checkInNow();
      views.push(view);
      await coach.answer(view.id, { kind: 'quick', id: i % 2 ? 'on_it' : 'stuck' });
      expect(await coach.similarForCurrent()).toEqual(coach.current()!.similar);
      clock.minutes(7);
    }
    await coach.flush();
    expect(t.embedder.calls - before).toBe(4);

    // Each stored record sits exactly where its check-in's moment embeds.
    for (const stored of await t.memory.listRecent('alice')) {
      const vector = await t.memory.embedMoment(stored.task, stored.context);
      const { matches } = await t.memory.findSimilar('alice', vector!, { outcomes: 'any', k: 1 });
      expect(matches[0]?.key).toBe(stored.key);
      expect(matches[0]?.similarity).toBeCloseTo(1, 5);
    }
  });

  it('shows similar past interventions that worked, and never ones that did not', async () => {
    const coach = engine();
    await coach.startSession({ task: 'write the report' });
    const first = await coach.checkInNow();
    expect(first.similar).toEqual([]);
    await coach.answer(first.id, { kind: 'quick', id: 'on_it' });
    clock.minutes(10);
    const second = await coach.checkInNow();
    await coach.answer(second.id, { kind: 'quick', id: 'distracted' });
    await coach.endSession();
    // "Before" means before this focus session: the next one sees the first one's nudges.
    await coach.startSession({ task: 'write the report' });
    clock.minutes(10);
    const third = await coach.checkInNow();
    expect(third.similar.map((s) => s.intervention)).toEqual([first.nudge]);
    expect(third.similar[0]?.outcome).toBe('re_engaged');
  });

  it('does not wait for the store: the answer returns while the record is still pending', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let recorded = 0;
    // Holds record() until released, then passes it to the real memory service.
    const slowMemory: Memory = Object.assign(Object.create(t.memory) as Memory, {
      record: async (...args: Parameters<Memory['record']>) => {
        await gate;
        recorded++;
        return t.memory.record(...args);
      },
    });
    const coach = engine({ memory: slowMemory });
    await coach.startSession({ task: 'write the report' });
    const view = await coach.checkInNow();
    const result = await coach.answer(view.id, { kind: 'quick', id: 'done' });
    expect(result.followUp.kind).toBe('congratulate');
    expect(recorded).toBe(0);
    const flushed = coach.flush();
    release();
    await flushed;
    expect(recorded).toBe(1);
    expect(await t.memory.listRecent('alice')).toHaveLength(1);
  });

  it('refuses bad input with InvalidInputError and changes nothing', async () => {
    const coach = engine();
    await coach.startSession({ task: 'write the report' });
    const view = await coach.checkInNow();
    await expect(coach.answer('nope', { kind: 'quick', id: 'done' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(coach.answer(view.id, { kind: 'text', text: '   ' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(
      coach.answer(view.id, { kind: 'quick', id: 'yes' as never }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(coach.startSession({ minutes: 1 })).rejects.toBeInstanceOf(InvalidInputError);
    expect(() => coach.setTask('  ')).toThrow(InvalidInputError);
    expect(coach.current()?.state).toBe('awaiting_reply');
    expect(await coach.checkInNow()).toEqual(view);
  });

  it('shares one check-in between concurrent callers', async () => {
    const coach = engine();
    await coach.startSession({ task: 'write the report' });
    const before = t.embedder.calls;
    const [a, b] = await Promise.all([coach.checkInNow(), coach.checkInNow()]);
    expect(a.id).toBe(b.id);
    expect(t.embedder.calls - before).toBe(1);
  });
});

describe('check-in wording with Gemini', () => {
  let gemini: GeminiServer;
  beforeAll(async () => {
    gemini = await startGeminiServer();
  });
  afterAll(() => gemini.close());
  beforeEach(() => gemini.reset());

  it('makes exactly one generation request per check-in, and falls back per check-in on failure', async () => {
    const coach = engine({ generator: localGenerator(gemini.baseUrl), wordingTimeoutMs: 300 });
    await coach.startSession({ task: 'write the report' });
    gemini.setGenerateText('Open the report and read the last line you wrote.');
    gemini.script(
      { status: 429, match: 'generate' },
      { text: 'Open the report and write one rough line.', match: 'generate' },
      { delayMs: 2000, match: 'generate' },
    );

    const sources: string[] = [];
    for (let i = 0; i < 4; i++) {
      const view = await coach.wordingSettled((await coach.checkInNow()).id);
      sources.push(view.wordingSource);
      expect(gemini.generateRequests()).toHaveLength(i + 1);
      if (view.wordingSource === 'gemini')
        expect(view.nudge).toMatch(/^Open the report and (write one rough|read the last) line/);
      else expect(view.nudge).toContain('write the report');
      await coach.answer(view.id, { kind: 'quick', id: 'on_it' });
      clock.minutes(10);
    }
    expect(sources).toEqual(['library', 'gemini', 'library', 'gemini']);
    // The offline embedder is local: no embedding requests reach Gemini.
    expect(gemini.embedRequests()).toHaveLength(0);
    // The session insight comes from the model too (one more request).
    gemini.setGenerateText('Short concrete nudges landed well today.');
    const { insight } = await coach.endSession();
    expect(insight?.text).toBe('Short concrete nudges landed well today.');
    expect(gemini.generateRequests()).toHaveLength(5);
  });
});

describe('a check-in opens before its wording is back', () => {
  let gemini: GeminiServer;
  beforeAll(async () => {
    gemini = await startGeminiServer();
  });
  afterAll(() => gemini.close());
  beforeEach(() => gemini.reset());

  const MODEL_TEXT = 'Open the report and write one rough line.';
  function slowCoach(updates: CheckInView[]) {
    gemini.setGenerateText(MODEL_TEXT);
    return engine({
      generator: localGenerator(gemini.baseUrl),
      wordingTimeoutMs: 20_000,
      onCheckInUpdated: (view) => updates.push(view),
    });
  }

  it('shows the similar list and a library nudge at once; the model wording follows in one update', async () => {
    const updates: CheckInView[] = [];
    const coach = slowCoach(updates);
    await coach.startSession({ task: 'write the report' });
    // A first check-in that helped, so the second has something similar to show.
    gemini.setGenerateText('Write the first line of the report, badly on purpose.');
    const first = await coach.wordingSettled((await coach.checkInNow()).id);
    await coach.answer(first.id, { kind: 'quick', id: 'done' });
    await coach.flush();
    // What worked before is about before: a later session on the same task.
    await coach.endSession();
    clock.minutes(60);
    await coach.startSession({ task: 'write the report' });
    updates.length = 0;
    gemini.setGenerateText(MODEL_TEXT);
    gemini.script({ delayMs: 2500, match: 'generate' });

    const view = CheckInViewSchema.parse(await coach.checkInNow());
    expect(view).toMatchObject({ wordingSource: 'library', wordingPending: true });
    expect(view.nudge).toContain('write the report');
    expect(view.similar.map((s) => s.intervention)).toContain(first.nudge);
    expect(updates).toEqual([]);

    const settled = await coach.wordingSettled(view.id);
    expect(settled).toMatchObject({
      id: view.id,
      nudge: MODEL_TEXT,
      wordingSource: 'gemini',
      wordingPending: false,
      similar: view.similar,
    });
    expect(updates).toEqual([settled]);
    expect(coach.current()).toEqual(settled);
    // One request per check-in (two), and the first session's reflection.
    expect(gemini.generateRequests()).toHaveLength(3);

    await coach.answer(view.id, { kind: 'quick', id: 'on_it' });
    await coach.flush();
    const recent = await t.memory.listRecent('alice');
    expect(recent.map((r) => r.intervention)).toContain(MODEL_TEXT);
  });

  it('an answer before the wording arrives records the library text; the late wording is dropped', async () => {
    const updates: CheckInView[] = [];
    const coach = slowCoach(updates);
    await coach.startSession({ task: 'write the report' });
    gemini.script({ delayMs: 2500, match: 'generate' });
    const view = await coach.checkInNow();
    const result = await coach.answer(view.id, { kind: 'quick', id: 'done' });
    expect(result.checkIn).toMatchObject({ nudge: view.nudge, wordingPending: false });

    const after = await coach.wordingSettled(view.id);
    expect(after.nudge).toBe(view.nudge);
    expect(after.wordingSource).toBe('library');
    expect(updates).toEqual([]);
    expect(gemini.generateRequests()).toHaveLength(1);
    await coach.flush();
    const [stored] = await t.memory.listRecent('alice');
    expect(stored!.intervention).toBe(view.nudge);
  });

  it('records the library text when the person answered what they saw before the update reached them', async () => {
    const updates: CheckInView[] = [];
    const coach = slowCoach(updates);
    await coach.startSession({ task: 'write the report' });
    const view = await coach.checkInNow();
    await coach.wordingSettled(view.id);
    expect(updates.map((u) => u.nudge)).toEqual([MODEL_TEXT]);
    const result = await coach.answer(view.id, { kind: 'quick', id: 'done' }, 'library');
    expect(result.checkIn.nudge).toBe(view.nudge);
    await coach.flush();
    const [stored] = await t.memory.listRecent('alice');
    expect(stored!.intervention).toBe(view.nudge);
  });

  it('after a failed or late wording the library text stays, and the update says it is final', async () => {
    const updates: CheckInView[] = [];
    const coach = engine({
      generator: localGenerator(gemini.baseUrl),
      wordingTimeoutMs: 200,
      onCheckInUpdated: (view) => updates.push(view),
    });
    await coach.startSession({ task: 'write the report' });
    gemini.script({ delayMs: 2000, match: 'generate' });
    const view = await coach.checkInNow();
    const settled = await coach.wordingSettled(view.id);
    expect(settled).toMatchObject({ nudge: view.nudge, wordingSource: 'library' });
    expect(updates).toEqual([{ ...view, wordingPending: false }]);
    expect(gemini.generateRequests()).toHaveLength(1);
  });
});

describe('what worked before', () => {
  const match = (intervention: string, similarity: number): SimilarIntervention => ({
    key: `user:u:intervention:${similarity}`,
    intervention,
    context: '',
    task: 't',
    outcome: 'task_completed',
    timestamp: 1,
    similarity,
    score: similarity,
  });

  it('lists each nudge once, keeping its best match and the order', () => {
    const out = distinctNudges([
      match('Two minutes on it?', 0.9),
      match('two minutes on it? ', 0.8),
      match('Name the next step.', 0.7),
    ]);
    expect(out.map((m) => [m.intervention, m.similarity])).toEqual([
      ['Two minutes on it?', 0.9],
      ['Name the next step.', 0.7],
    ]);
  });
});
