import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../electron/base/config';
import { createGenAI } from '../../electron/gemini/client';
import { GeminiError } from '../../electron/gemini/errors';
import { GeminiTextGenerator, createTextGenerator } from '../../electron/gemini/text-generator';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';

const API_KEY = 'AIzaTEST-key-0123456789abcdefghij';
const FAST_RETRY = { minDelayMs: 1, maxDelayMs: 5 };
let gemini: GeminiServer;

function generator(overrides: { timeoutMs?: number; attempts?: number } = {}): GeminiTextGenerator {
  return new GeminiTextGenerator(
    createGenAI({ googleApiKey: API_KEY, geminiBaseUrl: gemini.baseUrl }),
    {
      model: 'gemini-flash-latest',
      apiKey: API_KEY,
      baseUrl: gemini.baseUrl,
      timeoutMs: overrides.timeoutMs,
      retry: { ...FAST_RETRY, attempts: overrides.attempts },
    },
  );
}

async function failure(promise: Promise<unknown>): Promise<GeminiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GeminiError);
  return error as GeminiError;
}

beforeAll(async () => {
  gemini = await startGeminiServer();
});
afterAll(async () => {
  await gemini.close();
});
beforeEach(() => gemini.reset());

describe('GeminiTextGenerator', () => {
  it('sends the prompt to :generateContent with the model, key and maxOutputTokens, and returns the text', async () => {
    gemini.setGenerateText('  Open the doc and write one sentence.  ');
    const text = await generator().generate('Suggest a tiny next step', { maxOutputTokens: 77 });
    expect(text).toBe('Open the doc and write one sentence.');
    const [req] = gemini.generateRequests();
    expect(req?.path).toBe('/v1beta/models/gemini-flash-latest:generateContent');
    expect(req?.headers['x-goog-api-key']).toBe(API_KEY);
    const body = req?.body as {
      contents: Array<{ parts: Array<{ text: string }> }>;
      generationConfig: Record<string, unknown>;
    };
    expect(body.contents[0]?.parts[0]?.text).toBe('Suggest a tiny next step');
    expect(body.generationConfig.maxOutputTokens).toBe(77);
  });

  it('joins text parts and skips thought parts', async () => {
    gemini.script({
      body: {
        candidates: [
          {
            content: {
              parts: [{ text: 'thinking…', thought: true }, { text: 'Step ' }, { text: 'one.' }],
            },
          },
        ],
      },
    });
    expect(await generator().generate('hi')).toBe('Step one.');
  });

  it('retries 429 and 503, then succeeds', async () => {
    gemini.script({ status: 429 }, { status: 503 }, { text: 'third time lucky' });
    expect(await generator().generate('hi')).toBe('third time lucky');
    expect(gemini.generateRequests()).toHaveLength(3);
  });

  it('gives up after the configured attempts with a rate_limited error', async () => {
    gemini.script({ status: 429 }, { status: 429 }, { status: 429 }, { status: 429 });
    const error = await failure(generator({ attempts: 3 }).generate('hi'));
    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(gemini.generateRequests()).toHaveLength(3);
  });

  it.each([
    [400, 'bad_request', /rejected the generate request/],
    [401, 'auth', /API key rejected: check GOOGLE_API_KEY \/ the key in Settings/],
    [403, 'auth', /API key rejected/],
    [
      404,
      'model_not_found',
      /model not found: check the model setting \(KEEL_TEXT_MODEL\); "gemini-flash-latest"/,
    ],
  ] as const)('never retries HTTP %i (→ %s)', async (status, code, message) => {
    gemini.script({ status });
    const error = await failure(generator().generate('hi'));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.retryable).toBe(false);
    expect(gemini.generateRequests()).toHaveLength(1);
  });

  it('treats Google\'s 400 "API key not valid" as an auth error, and never echoes the key', async () => {
    gemini.script({
      status: 400,
      body: {
        error: {
          code: 400,
          message: `API key not valid. Please pass a valid API key. (${API_KEY})`,
          status: 'INVALID_ARGUMENT',
        },
      },
    });
    const error = await failure(generator().generate('hi'));
    expect(error.code).toBe('auth');
    expect(error.message).not.toContain(API_KEY);
    expect(gemini.generateRequests()).toHaveLength(1);
  });

  it('reports a timeout when the server is slower than timeoutMs', async () => {
    gemini.script({ delayMs: 3_000 }, { delayMs: 3_000 }, { delayMs: 3_000 });
    const error = await failure(generator({ timeoutMs: 150 }).generate('hi'));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('150 ms');
  });

  it('reports a cancellation (not retried) when the caller aborts', async () => {
    gemini.script({ delayMs: 3_000 }, { delayMs: 3_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(generator().generate('hi', { signal: controller.signal }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/cancelled/);
    expect(gemini.generateRequests()).toHaveLength(1);
  });

  it.each([
    ['malformed JSON', { raw: '{"candidates": [' }, /not valid JSON/],
    ['no candidates', { body: { candidates: [] } }, /no candidates/],
    [
      'an empty text',
      { body: { candidates: [{ content: { parts: [{ text: '   ' }] }, finishReason: 'STOP' }] } },
      /empty reply/,
    ],
    [
      'MAX_TOKENS with no text',
      { body: { candidates: [{ content: { parts: [] }, finishReason: 'MAX_TOKENS' }] } },
      /maxOutputTokens/,
    ],
    [
      'a blocked prompt',
      { body: { promptFeedback: { blockReason: 'SAFETY' } } },
      /blocked the prompt \(SAFETY\)/,
    ],
  ])('rejects %s as bad_response without retrying', async (_label, reply, message) => {
    gemini.script(reply);
    const error = await failure(generator().generate('hi'));
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(message);
    expect(gemini.generateRequests()).toHaveLength(1);
  });

  it('reports a refused connection as a network error naming the base URL', async () => {
    const closed = await startGeminiServer();
    const url = closed.baseUrl;
    await closed.close();
    const gen = new GeminiTextGenerator(
      createGenAI({ googleApiKey: API_KEY, geminiBaseUrl: url }),
      {
        model: 'm',
        baseUrl: url,
        retry: { ...FAST_RETRY, attempts: 2 },
      },
    );
    const error = await failure(gen.generate('hi'));
    expect(error.code).toBe('network');
    expect(error.message).toContain(url);
    expect(error.message).toMatch(/KEEL_GEMINI_BASE_URL/);
  });

  it('refuses an empty prompt without a request', async () => {
    const error = await failure(generator().generate('   '));
    expect(error.code).toBe('bad_request');
    expect(gemini.requests).toHaveLength(0);
  });
});

describe('createTextGenerator', () => {
  it('returns null without an API key', () => {
    const config = resolveConfig({ env: {}, overrides: { dataDir: '/tmp/keel-test' } });
    expect(createTextGenerator(config)).toBeNull();
  });

  it('uses the configured text model and base URL', async () => {
    const config = resolveConfig({
      env: {},
      overrides: {
        dataDir: '/tmp/keel-test',
        googleApiKey: API_KEY,
        geminiBaseUrl: gemini.baseUrl,
        textModel: 'my-flash',
      },
    });
    const gen = createTextGenerator(config);
    expect(gen?.model).toBe('my-flash');
    gemini.setGenerateText('ok');
    expect(await gen?.generate('hi')).toBe('ok');
    expect(gemini.generateRequests()[0]?.model).toBe('my-flash');
  });
});
