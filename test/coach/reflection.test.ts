// Session reflection: the reference prompt through the real GeminiTextGenerator and local Gemini
// stand-in, the rule-based insight from known statistics, and storage through the real MemoryService.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InterventionInput, Outcome, StrategyId } from '../../shared/domain';
import {
  buildReflectionPrompt,
  reflectOnSession,
  ruleBasedInsight,
  type TranscriptEntry,
} from '../../electron/coach/reflection';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';
import { fakeClock, localGenerator, makeMemory, type TestMemory } from './fixtures';

function entry(
  strategy: StrategyId,
  outcome: Outcome,
  reply: string | null = 'ok',
): TranscriptEntry {
  return {
    at: 1,
    task: 'write the report',
    strategy,
    nudge: `Nudge for ${strategy}.`,
    reply,
    outcome,
  };
}

function records(
  strategy: StrategyId,
  outcomes: Outcome[],
): Array<Pick<InterventionInput, 'strategy' | 'outcome'>> {
  return outcomes.map((outcome) => ({ strategy, outcome }));
}

describe('rule-based insight', () => {
  it('states the best and worst strategies of the week from their counts', () => {
    const week = [
      ...records('tiny_first_step', [
        'task_completed',
        're_engaged',
        'task_completed',
        'distracted',
        're_engaged',
      ]),
      ...records('time_box', ['distracted', 'no_response', 'stuck', 'not_now']),
      ...records('body_doubling', ['task_completed']),
    ];
    const session = [
      entry('tiny_first_step', 'task_completed'),
      entry('time_box', 'stuck'),
      entry('time_box', 'not_now'),
    ];
    expect(ruleBasedInsight(session, week)).toBe(
      'Tiny first steps worked 4 of 5 times this week; time-boxes 0 of 2. This session: 3 check-ins, 1 went well.',
    );
  });

  it('suggests smaller steps when the person got stuck repeatedly', () => {
    const session = [
      entry('break_down', 'stuck'),
      entry('time_box', 'stuck'),
      entry('tiny_first_step', 're_engaged'),
    ];
    const text = ruleBasedInsight(session, records('tiny_first_step', ['re_engaged']));
    expect(text).toBe(
      'This session: 3 check-ins, 1 went well, stuck 2 times, so smaller first steps may help next time.',
    );
  });

  it('says what to try next when nothing landed', () => {
    const text = ruleBasedInsight(
      [entry('break_down', 'distracted'), entry('next_physical_action', 'no_response')],
      [],
    );
    expect(text).toBe(
      // no_response is availability, not a failure: only break_down "did not land".
      'This session: 2 check-ins, 0 went well; break it down did not land today, so try a tiny first step next time.',
    );
  });

  it('names every strategy that helped in the session', () => {
    const text = ruleBasedInsight(
      [
        entry('movement_break', 're_engaged'),
        entry('restate_goal', 'stuck'),
        entry('self_compassion', 'task_completed'),
        entry('movement_break', 'task_completed'),
      ],
      [],
    );
    expect(text).toBe(
      'This session: 4 check-ins, 3 went well; movement break and self-compassion helped.',
    );
  });

  it('names what helped when the week has too little data for a ranking', () => {
    const text = ruleBasedInsight(
      [entry('movement_break', 're_engaged')],
      records('movement_break', ['re_engaged']),
    );
    expect(text).toBe('This session: 1 check-in, 1 went well; movement break helped.');
  });
});

describe('reflectOnSession', () => {
  let gemini: GeminiServer;
  let t: TestMemory;
  const clock = fakeClock();
  beforeAll(async () => {
    gemini = await startGeminiServer();
  });
  afterAll(() => gemini.close());
  beforeEach(async () => {
    gemini.reset();
    t = await makeMemory(clock.now);
  });
  afterEach(() => t.close());

  async function seedWeek() {
    const rows: Array<[StrategyId, Outcome]> = [
      ['easiest_piece', 'task_completed'],
      ['easiest_piece', 'task_completed'],
      ['easiest_piece', 're_engaged'],
      ['change_environment', 'distracted'],
      ['change_environment', 'stuck'],
      // No reply says nothing about the strategy: not counted as a try.
      ['change_environment', 'no_response'],
    ];
    for (const [strategy, outcome] of rows) {
      clock.minutes(10);
      await t.memory.record('alice', {
        intervention: `A ${strategy} nudge.`,
        context: 'morning',
        task: 'tidy the inbox',
        outcome,
        strategy,
        timestamp: clock.now(),
      });
    }
  }

  it('offline: stores a statistics-grounded insight that later feeds the prompt context', async () => {
    await seedWeek();
    const transcript = [
      entry('easiest_piece', 'task_completed'),
      entry('change_environment', 'distracted'),
    ];
    const insight = await reflectOnSession({
      memory: t.memory,
      userId: 'alice',
      generator: null,
      sessionId: 'session-1',
      transcript,
      now: clock.now(),
    });
    expect(insight?.text).toBe(
      'Easiest-piece starts worked 3 of 3 times this week; changes of environment 0 of 2. This session: 2 check-ins, 1 went well.',
    );
    expect(insight?.sessionId).toBe('session-1');
    const stored = await t.memory.listInsights('alice', 5);
    expect(stored.map((i) => i.text)).toContain(insight!.text);
    expect(await t.memory.getContextForPrompt('alice')).toContain(
      'Easiest-piece starts worked 3 of 3',
    );
  });

  it('with Gemini: sends the reference prompt with transcript and previous insights, stores the reply', async () => {
    await t.memory.addInsight('alice', {
      text: 'Mornings go better with music.',
      sessionId: 'old-session',
    });
    gemini.setGenerateText(
      '**Short concrete starts landed; the change of scene did not.** Lead with the easiest piece next time.',
    );
    const insight = await reflectOnSession({
      memory: t.memory,
      userId: 'alice',
      generator: localGenerator(gemini.baseUrl),
      sessionId: 'session-2',
      transcript: [
        entry('easiest_piece', 'task_completed', 'done!'),
        entry('change_environment', 'distracted', 'ugh youtube'),
      ],
      now: clock.now(),
    });
    expect(insight?.text).toBe(
      'Short concrete starts landed; the change of scene did not. Lead with the easiest piece next time.',
    );
    expect(gemini.generateRequests()).toHaveLength(1);
    const prompt = JSON.stringify(gemini.generateRequests()[0]!.body);
    for (const part of [
      'Analyze this support session for someone with ADHD/autism.',
      'SESSION TRANSCRIPT:',
      'ugh youtube',
      'PREVIOUS INSIGHTS ABOUT THIS USER:',
      'Mornings go better with music.',
      'Generate ONE brief insight (1-2 sentences)',
    ]) {
      expect(prompt).toContain(part);
    }
    expect((await t.memory.listInsights('alice', 5)).map((i) => i.text)).toContain(insight!.text);
  });

  it.each([
    ['HTTP 500', { status: 500 }],
    ['HTTP 429', { status: 429 }],
    ['malformed JSON', { raw: 'not json' }],
    ['a reply slower than the timeout', { delayMs: 3000, text: 'late' }],
  ])('falls back to the rule-based insight on %s', async (_name, reply) => {
    await seedWeek();
    gemini.script({ ...reply, match: 'generate' });
    const insight = await reflectOnSession({
      memory: t.memory,
      userId: 'alice',
      generator: localGenerator(gemini.baseUrl),
      sessionId: 'session-3',
      transcript: [entry('easiest_piece', 'task_completed')],
      now: clock.now(),
      timeoutMs: 300,
    });
    expect(insight?.text).toMatch(/^Easiest-piece starts worked 3 of 3 times this week/);
    expect(gemini.generateRequests()).toHaveLength(1);
  });

  it('writes nothing for a session without check-ins', async () => {
    const insight = await reflectOnSession({
      memory: t.memory,
      userId: 'alice',
      generator: null,
      sessionId: 'session-4',
      transcript: [],
      now: clock.now(),
    });
    expect(insight).toBeNull();
    expect(await t.memory.listInsights('alice', 5)).toEqual([]);
  });

  it('builds the prompt with "(none yet)" when there are no previous insights', () => {
    expect(buildReflectionPrompt([entry('time_box', 'no_response', null)], [])).toContain(
      'PREVIOUS INSIGHTS ABOUT THIS USER:\n(none yet)',
    );
  });
});
