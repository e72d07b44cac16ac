import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../electron/base/config';
import { createGenAI } from '../../../electron/gemini/client';
import { GeminiError } from '../../../electron/gemini/errors';
import { createEmbedder } from '../../../electron/memory/embedders';
import { GeminiEmbedder } from '../../../electron/memory/embedders/gemini';
import { dot } from '../../../electron/memory/vector-math';
import { fakeEmbedding, startGeminiServer, type GeminiServer } from '../../fixtures/gemini-server';

const API_KEY = 'AIzaTEST-key-0123456789abcdefghij';
const FAST_RETRY = { minDelayMs: 1, maxDelayMs: 5 };
let gemini: GeminiServer;

function embedder(
  options: { dim?: number; attempts?: number; timeoutMs?: number; baseUrl?: string } = {},
): GeminiEmbedder {
  const baseUrl = options.baseUrl ?? gemini.baseUrl;
  return new GeminiEmbedder(createGenAI({ googleApiKey: API_KEY, geminiBaseUrl: baseUrl }), {
    model: 'gemini-embedding-001',
    dim: options.dim ?? 768,
    apiKey: API_KEY,
    baseUrl,
    timeoutMs: options.timeoutMs,
    retry: { ...FAST_RETRY, attempts: options.attempts },
  });
}

interface EmbedBody {
  requests: Array<{
    content: { parts: Array<{ text: string }> };
    taskType: string;
    outputDimensionality: number;
    model: string;
  }>;
}

async function failure(promise: Promise<unknown>): Promise<GeminiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GeminiError);
  return error as GeminiError;
}

const norm = (v: Float32Array) => Math.sqrt(dot(v, v));

beforeAll(async () => {
  gemini = await startGeminiServer();
});
afterAll(async () => {
  await gemini.close();
});
beforeEach(() => gemini.reset());

describe('GeminiEmbedder', () => {
  it('sends batchEmbedContents with the model, SEMANTIC_SIMILARITY and outputDimensionality', async () => {
    await embedder({ dim: 768 }).embed(['plan the week', 'answer emails']);
    const [req] = gemini.embedRequests();
    expect(req?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(req?.headers['x-goog-api-key']).toBe(API_KEY);
    const body = req?.body as EmbedBody;
    expect(body.requests.map((r) => r.content.parts[0]?.text)).toEqual([
      'plan the week',
      'answer emails',
    ]);
    for (const r of body.requests) {
      expect(r.taskType).toBe('SEMANTIC_SIMILARITY');
      expect(r.outputDimensionality).toBe(768);
      expect(r.model).toBe('models/gemini-embedding-001');
    }
  });

  it('re-normalises the (non-unit) vectors Gemini returns, keeping their direction', async () => {
    const [v] = await embedder({ dim: 64 }).embed(['hello']);
    expect(v).toHaveLength(64);
    expect(norm(v!)).toBeCloseTo(1, 5);
    const raw = Float32Array.from(fakeEmbedding('hello', 64));
    expect(norm(raw)).toBeGreaterThan(2); // the fixture really does send non-unit vectors
    expect(dot(v!, raw) / norm(raw)).toBeCloseTo(1, 5);
  });

  it('splits 250 texts into 3 requests of at most 100, and keeps the order', async () => {
    const texts = Array.from({ length: 250 }, (_, i) => `task number ${i}`);
    const vectors = await embedder({ dim: 16 }).embed(texts);
    const sizes = gemini.embedRequests().map((r) => (r.body as EmbedBody).requests.length);
    expect(sizes).toEqual([100, 100, 50]);
    expect(vectors).toHaveLength(250);
    const expected = Float32Array.from(fakeEmbedding('task number 249', 16));
    expect(dot(vectors[249]!, expected) / norm(expected)).toBeCloseTo(1, 5);
  });

  it('retries 429 and 503, then succeeds', async () => {
    gemini.script({ status: 429 }, { status: 503 });
    const vectors = await embedder({ dim: 8 }).embed(['a']);
    expect(vectors).toHaveLength(1);
    expect(gemini.embedRequests()).toHaveLength(3);
  });

  it.each([
    [400, 'bad_request'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'model_not_found'],
  ] as const)('never retries HTTP %i (→ %s)', async (status, code) => {
    gemini.script({ status });
    const error = await failure(embedder().embed(['a']));
    expect(error.code).toBe(code);
    expect(gemini.embedRequests()).toHaveLength(1);
  });

  it('names the embedding model setting when the model is not found', async () => {
    gemini.script({ status: 404 });
    const error = await failure(embedder().embed(['a']));
    expect(error.message).toMatch(
      /model not found: check the model setting \(KEEL_EMBEDDING_MODEL\)/,
    );
  });

  it.each([
    [
      'too few embeddings',
      { body: { embeddings: [{ values: [1, 2, 3, 4, 5, 6, 7, 8] }] } },
      /1 embeddings for 2 texts/,
    ],
    [
      'the wrong dimension',
      { body: { embeddings: [{ values: [1, 2] }, { values: [3, 4] }] } },
      /2-dimensional embedding/,
    ],
    [
      'non-numbers',
      { body: { embeddings: [{ values: ['x'] }, { values: [1] }] } },
      /unexpected shape/,
    ],
    [
      'an all-zero vector',
      { body: { embeddings: [{ values: Array(8).fill(0) }, { values: Array(8).fill(1) }] } },
      /unusable/,
    ],
    ['malformed JSON', { raw: '{"embeddings": [' }, /not valid JSON/],
  ])('rejects %s as bad_response', async (_label, reply, message) => {
    gemini.script(reply);
    const error = await failure(embedder({ dim: 8 }).embed(['a', 'b']));
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(message);
    expect(gemini.embedRequests()).toHaveLength(1);
  });

  it('times out a slow request (retrying it) and reports timeout', async () => {
    gemini.script({ delayMs: 2_000 }, { delayMs: 2_000 });
    const error = await failure(embedder({ timeoutMs: 100, attempts: 2 }).embed(['a']));
    expect(error.code).toBe('timeout');
    expect(gemini.embedRequests()).toHaveLength(2);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startGeminiServer();
    await closed.close();
    const error = await failure(embedder({ baseUrl: closed.baseUrl, attempts: 2 }).embed(['a']));
    expect(error.code).toBe('network');
    expect(error.message).toContain(closed.baseUrl);
    expect(error.message).not.toContain(API_KEY);
  });

  it('refuses empty texts without a request', async () => {
    const error = await failure(embedder().embed(['ok', '  ']));
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('#1');
    expect(gemini.requests).toHaveLength(0);
  });
});

describe('createEmbedder', () => {
  it('builds a cached Gemini embedder from the configuration', async () => {
    const config = resolveConfig({
      env: {},
      overrides: {
        dataDir: '/tmp/keel-test',
        googleApiKey: API_KEY,
        geminiBaseUrl: gemini.baseUrl,
        embeddingDim: 32,
      },
    });
    const e = createEmbedder(config, { retry: FAST_RETRY });
    expect([e.kind, e.model, e.dim]).toEqual(['gemini', 'gemini-embedding-001', 32]);
    const [first] = await e.embed(['same text']);
    const [second] = await e.embed(['same text']);
    expect(gemini.embedRequests()).toHaveLength(1); // the second embed was served by the cache
    expect(Array.from(second!)).toEqual(Array.from(first!));
    expect(e.stats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('falls back to the offline embedder without a key', async () => {
    const config = resolveConfig({ env: {}, overrides: { dataDir: '/tmp/keel-test' } });
    const e = createEmbedder(config);
    expect([e.kind, e.model, e.dim]).toEqual(['offline', 'keel-offline-glove-v2', 768]);
    expect(await e.embed(['x'])).toHaveLength(1);
    expect(gemini.requests).toHaveLength(0);
  });
});
