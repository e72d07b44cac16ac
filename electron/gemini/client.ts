// Builds the @google/genai client from Keel's configuration. The base URL override exists for
// proxies and for the local Gemini stand-in the tests run against.
//
// The SDK itself is loaded when a client is created (only with an API key), not when this module
// is imported: it costs ~130 ms of start-up, which every `keel` command would otherwise pay even
// when Gemini is never used. Callers with a deadline await `ready()` first, so the one-time load
// never eats into a request's time limit.
import type { GoogleGenAI } from '@google/genai';
import type { KeelConfig } from '../base/config';
import { registerSecret } from '../base/logger';
import { GeminiError } from './errors';

export type GenAIConfig = Pick<KeelConfig, 'googleApiKey' | 'geminiBaseUrl'>;

/** The part of the SDK client Keel uses (a real GoogleGenAI satisfies it). */
export interface GenAIClient {
  models: Pick<GoogleGenAI['models'], 'embedContent' | 'generateContent'>;
  /** Resolves once the SDK is loaded (absent on a plain GoogleGenAI: it is loaded already). */
  ready?(): Promise<void>;
}

export function createGenAI(config: GenAIConfig): GenAIClient {
  const apiKey = config.googleApiKey?.trim();
  if (!apiKey) {
    // The SDK only warns about a missing key and then fails on every call: fail once, clearly.
    throw new GeminiError(
      'auth',
      'no Gemini API key: set GOOGLE_API_KEY or add the key in Settings',
      {
        retryable: false,
      },
    );
  }
  registerSecret(apiKey);
  const client = import('@google/genai').then(
    ({ GoogleGenAI }) =>
      new GoogleGenAI({
        apiKey,
        // SDK-level retries stay off (no retryOptions): withRetry owns the retry policy.
        ...(config.geminiBaseUrl ? { httpOptions: { baseUrl: config.geminiBaseUrl } } : {}),
      }),
  );
  // A failed load surfaces on the first call; it must not become an unhandled rejection before.
  client.catch(() => undefined);
  return {
    models: {
      embedContent: async (params) => (await client).models.embedContent(params),
      generateContent: async (params) => (await client).models.generateContent(params),
    },
    ready: async () => {
      await client;
    },
  };
}
