import { ApiError } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { GeminiError, toGeminiError } from '../../electron/gemini/errors';
import { withRetry } from '../../electron/gemini/retry';

const KEY = 'AIzaSECRET-0123456789abcdefghijklmn';
const ctx = {
  operation: 'embed' as const,
  model: 'gemini-embedding-001',
  apiKey: KEY,
  baseUrl: `http://127.0.0.1:1/?key=${KEY}`,
};

describe('toGeminiError', () => {
  it.each([
    [429, 'rate_limited', true],
    [500, 'unavailable', true],
    [503, 'unavailable', true],
    [504, 'timeout', true],
    [400, 'bad_request', false],
    [401, 'auth', false],
    [403, 'auth', false],
    [404, 'model_not_found', false],
    [409, 'bad_request', false],
  ] as const)('maps HTTP %i to %s (retryable: %s)', (status, code, retryable) => {
    const error = toGeminiError(
      new ApiError({ status, message: '{"error":{"message":"nope"}}' }),
      ctx,
    );
    expect([error.code, error.retryable, error.status]).toEqual([code, retryable, status]);
    expect(error.message).toContain(`HTTP ${status}: nope`);
  });

  it('never puts the API key in a message, even when the server or URL echoes it', () => {
    const http = toGeminiError(
      new ApiError({
        status: 400,
        message: JSON.stringify({ error: { message: `bad key=${KEY}` } }),
      }),
      ctx,
    );
    const network = toGeminiError(
      new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }),
      ctx,
    );
    const other = toGeminiError(new Error(`weird ${KEY}`), ctx);
    for (const e of [http, network, other]) expect(e.message).not.toContain(KEY);
    expect(network.code).toBe('network');
    expect(network.message).toContain('ECONNREFUSED');
  });

  it('is idempotent and classifies aborts and JSON errors', () => {
    const original = new GeminiError('auth', 'x');
    expect(toGeminiError(original, ctx)).toBe(original);
    expect(
      toGeminiError(new DOMException('aborted', 'AbortError'), { ...ctx, timeoutMs: 10 }).code,
    ).toBe('timeout');
    expect(
      toGeminiError(new DOMException('aborted', 'AbortError'), { ...ctx, cancelled: true })
        .retryable,
    ).toBe(false);
    expect(toGeminiError(new SyntaxError('Unexpected end of JSON input'), ctx).code).toBe(
      'bad_response',
    );
  });
});

describe('withRetry', () => {
  const fast = { minDelayMs: 1, maxDelayMs: 2 };

  it('retries retryable GeminiErrors up to the attempt limit', async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw new GeminiError('unavailable', 'down');
      },
      { ...fast, attempts: 4 },
    );
    await expect(run).rejects.toMatchObject({ code: 'unavailable' });
    expect(calls).toBe(4);
  });

  it('does not retry non-retryable errors or foreign errors', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new GeminiError('auth', 'no');
      }, fast),
    ).rejects.toMatchObject({ code: 'auth' });
    await expect(
      withRetry(async () => {
        calls++;
        throw new Error('plain');
      }, fast),
    ).rejects.toThrow('plain');
    expect(calls).toBe(2);
  });

  it('reports each retry and returns the eventual value', async () => {
    const seen: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw new GeminiError('rate_limited', 'slow down');
        return 'ok';
      },
      { ...fast, onRetry: (_e, attempt) => seen.push(attempt) },
    );
    expect(value).toBe('ok');
    expect(seen).toEqual([1, 2]);
  });
});
