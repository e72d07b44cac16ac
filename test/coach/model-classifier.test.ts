// The model-assisted outcome classifier against the local Gemini REST stand-in, through the real
// SDK and GeminiTextGenerator: asked only when the rules are unsure, and never worse than the rules.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createModelAssistedClassifier,
  parseModelAnswer,
} from '../../electron/coach/model-classifier';
import { createGenAI } from '../../electron/gemini/client';
import { GeminiTextGenerator } from '../../electron/gemini/text-generator';
import { classifyReply } from '../../shared/outcome';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';

let gemini: GeminiServer;
let classify: ReturnType<typeof createModelAssistedClassifier>;

/** A reply the rules have no words for (confidence 0.5, below the default 0.6 threshold). */
const UNSURE = 'the cat sat on the keyboard';

beforeAll(async () => {
  gemini = await startGeminiServer();
  const generator = new GeminiTextGenerator(
    createGenAI({ googleApiKey: 'test-key', geminiBaseUrl: gemini.baseUrl }),
    {
      model: 'gemini-flash-latest',
      apiKey: 'test-key',
      baseUrl: gemini.baseUrl,
      retry: { attempts: 1 },
    },
  );
  classify = createModelAssistedClassifier(generator, { timeoutMs: 500 });
});
afterAll(() => gemini.close());
beforeEach(() => gemini.reset());

describe('createModelAssistedClassifier', () => {
  it('does not ask the model when the rules are confident', async () => {
    const result = await classify('finished it!');
    expect(result).toMatchObject({ outcome: 'task_completed', source: 'rules' });
    expect(gemini.generateRequests()).toHaveLength(0);
  });

  it('lets the model settle a reply the rules are unsure about', async () => {
    expect(classifyReply(UNSURE).confidence).toBeLessThan(0.6);
    gemini.script({
      text: '{"outcome": "distracted", "confidence": 0.8, "reason": "talking about the cat"}',
    });
    const result = await classify(UNSURE);
    expect(result).toMatchObject({ outcome: 'distracted', confidence: 0.8, source: 'model' });
    expect(result.signals[0]).toContain('talking about the cat');
    const [request] = gemini.generateRequests();
    expect(JSON.stringify(request?.body)).toContain('the cat sat on the keyboard');
  });

  it('accepts an answer wrapped in a code fence', async () => {
    gemini.script({ text: '```json\n{"outcome": "not_now"}\n```' });
    expect(await classify(UNSURE)).toMatchObject({ outcome: 'not_now', source: 'model' });
  });

  it.each([
    ['prose instead of JSON', { text: 'I think they are distracted.' }],
    ['an unknown class', { text: '{"outcome": "happy"}' }],
    ['no_response, which only the session may set', { text: '{"outcome": "no_response"}' }],
    ['a confidence out of range', { text: '{"outcome": "stuck", "confidence": 7}' }],
    ['an HTTP 500', { status: 500 }],
    ['a dropped connection', { dropConnection: true }],
    ['a reply slower than the time limit', { delayMs: 3000, text: '{"outcome": "stuck"}' }],
  ])('keeps the rules reading on %s', async (_what, reply) => {
    gemini.script(reply);
    const result = await classify(UNSURE);
    expect(result).toMatchObject({ outcome: 'unclear', source: 'rules' });
    expect(result.signals.at(-1)).toMatch(/model check failed/);
    expect(result.signals.join(' ')).not.toContain('test-key');
    expect(gemini.generateRequests()).toHaveLength(1); // the model was asked, and its answer refused
  });
});

describe('parseModelAnswer', () => {
  it('validates the JSON object in the text', () => {
    expect(parseModelAnswer('Sure: {"outcome":"stuck","reason":"asks for help"}')).toEqual({
      outcome: 'stuck',
      reason: 'asks for help',
    });
    expect(() => parseModelAnswer('{"outcome": 3}')).toThrow(/wrong shape/);
    expect(() => parseModelAnswer('{oops}')).toThrow(/not valid JSON/);
  });
});
