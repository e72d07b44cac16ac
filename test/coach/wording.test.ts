// Nudge wording through the real GeminiTextGenerator and the local Gemini REST stand-in: the happy
// path, and every failure falling back to the library wording with exactly one request per nudge.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SimilarIntervention } from '../../shared/domain';
import { seededRandom } from '../../electron/coach/random';
import { fillPhrasing, getStrategy } from '../../electron/coach/strategies';
import type { TextGenerator } from '../../electron/gemini/text-generator';
import { validateNudge, wordNudge, type NudgeRequest } from '../../electron/coach/wording';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';
import { localGenerator } from './fixtures';

const worked: SimilarIntervention = {
  key: 'user:alice:intervention:1-abc',
  intervention: 'Open the slides and fix just the title.',
  context: 'Monday morning (09:10); check-in 1',
  task: 'prepare the slides',
  outcome: 'task_completed',
  strategy: 'tiny_first_step',
  timestamp: 1,
  similarity: 0.82,
  score: 0.82,
};

const request: NudgeRequest = {
  task: 'write the grant summary',
  strategy: 'tiny_first_step',
  recent: [
    {
      nudge: 'How about two minutes on the summary?',
      reply: 'ugh, slack pinged me',
      outcome: 'distracted',
    },
  ],
  worked: [worked],
  memoryContext: 'Insight: short concrete starts work best in the morning.',
};

let gemini: GeminiServer;
let generator: TextGenerator;
beforeAll(async () => {
  gemini = await startGeminiServer();
  generator = localGenerator(gemini.baseUrl);
});
afterAll(() => gemini.close());
beforeEach(() => gemini.reset());

function libraryTexts(): string[] {
  return getStrategy('tiny_first_step').phrasings.map((p) => fillPhrasing(p, request.task));
}

async function word(timeoutMs = 2000) {
  return wordNudge(request, { generator, random: seededRandom(3), timeoutMs });
}

describe('nudge wording with Gemini', () => {
  it('uses the model text and sends one request whose prompt holds task, strategy, conversation, memory and what worked', async () => {
    gemini.setGenerateText(
      'Open the grant file and write one messy sentence. Two minutes is plenty.',
    );
    const result = await word();
    expect(result).toEqual({
      text: 'Open the grant file and write one messy sentence. Two minutes is plenty.',
      source: 'gemini',
    });
    expect(gemini.generateRequests()).toHaveLength(1);
    const prompt = JSON.stringify(gemini.generateRequests()[0]!.body);
    for (const part of [
      'write the grant summary',
      'Tiny first step',
      getStrategy('tiny_first_step').rationale.slice(0, 30),
      'ugh, slack pinged me',
      'short concrete starts work best',
      'Open the slides and fix just the title.',
      'at most 2 short sentences',
    ]) {
      expect(prompt).toContain(part);
    }
  });

  it('strips markdown and wrapping quotes from the reply', async () => {
    gemini.setGenerateText('**"Try two minutes on the summary, nothing more."**');
    const result = await word();
    expect(result.source).toBe('gemini');
    expect(result.text).toBe('Try two minutes on the summary, nothing more.');
  });

  it.each([
    ['HTTP 429', { status: 429 }],
    ['HTTP 500', { status: 500 }],
    ['malformed JSON', { raw: '{"candidates": [' }],
    ['no candidates', { body: { candidates: [] } }],
    ['an empty text', { text: '   ' }],
    ['three sentences', { text: 'Hi there. Try the summary. You can do it.' }],
    ['shaming wording', { text: 'Distracted again? You should have started.' }],
    ['an over-long reply', { text: `Try this: ${'a very long clause, '.repeat(20)}ok.` }],
    ['a dropped connection', { dropConnection: true }],
  ])('falls back to the library wording on %s, after exactly one request', async (_name, reply) => {
    gemini.script({ ...reply, match: 'generate' });
    const result = await word();
    expect(result.source).toBe('library');
    expect(libraryTexts()).toContain(result.text);
    expect(result.problem).toBeTruthy();
    expect(gemini.generateRequests()).toHaveLength(1);
  });

  it('falls back when the server answers later than the wording timeout', async () => {
    gemini.script({ delayMs: 3000, text: 'Too late to be shown.', match: 'generate' });
    const result = await word(250);
    expect(result.source).toBe('library');
    expect(libraryTexts()).toContain(result.text);
    expect(gemini.generateRequests()).toHaveLength(1);
  });

  it('is bounded even when a generator ignores its timeout and signal', async () => {
    const stubborn: TextGenerator = {
      model: 'never',
      generate: () => new Promise<string>(() => {}),
    };
    const result = await wordNudge(request, {
      generator: stubborn,
      random: seededRandom(3),
      timeoutMs: 100,
    });
    expect(result.source).toBe('library');
    expect(result.problem).toMatch(/did not answer within 100 ms/);
  });

  it('uses the library without a generator and makes no request', async () => {
    const result = await wordNudge(request, { generator: null, random: seededRandom(3) });
    expect(result.source).toBe('library');
    expect(libraryTexts()).toContain(result.text);
    expect(gemini.requests).toHaveLength(0);
  });

  it('picks the same library wording whatever the model did (the random sequence does not depend on it)', async () => {
    const offline = await wordNudge(request, { generator: null, random: seededRandom(9) });
    gemini.script({ status: 500, match: 'generate' });
    const failed = await wordNudge(request, {
      generator,
      random: seededRandom(9),
      timeoutMs: 2000,
    });
    expect(failed.text).toBe(offline.text);
  });
});

describe('validateNudge', () => {
  it('accepts a short kind nudge and rejects the rest with a reason', () => {
    expect(validateNudge('Try one line of the intro.')).toEqual({
      ok: true,
      text: 'Try one line of the intro.',
    });
    expect(validateNudge('')).toMatchObject({ ok: false });
    expect(validateNudge("Why haven't you started?")).toMatchObject({
      ok: false,
      reason: /shaming/,
    });
    expect(validateNudge('Go 🚀🚀🚀')).toMatchObject({ ok: false, reason: /emoji/ });
    expect(validateNudge('Try {task} now.')).toMatchObject({ ok: false });
  });

  it('drops a label the model adds before the nudge', () => {
    expect(validateNudge('Nudge: "Open the doc and read the first line."')).toEqual({
      ok: true,
      text: 'Open the doc and read the first line.',
    });
  });
});
