// Builds the @google/genai client from Keel's configuration. The base URL override exists for
// proxies and for the local Gemini stand-in the tests run against.
//
// The SDK itself is loaded on the first call, not at import: it costs ~130 ms of start-up, which
// every `keel` command and the app's first window would pay even when Gemini is never called.
import type { GoogleGenAI } from '@google/genai';
import type { KeelConfig } from '../core/config';
import { registerSecret } from '../core/logger';
import { GeminiError } from './errors';

export type GenAIConfig = Pick<KeelConfig, 'googleApiKey' | 'geminiBaseUrl'>;

/** The part of the SDK client Keel uses (a real GoogleGenAI satisfies it). */
export interface GenAIClient {
  models: Pick<GoogleGenAI['models'], 'embedContent' | 'generateContent'>;
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
  let client: Promise<GoogleGenAI> | null = null;
  const sdk = () =>
    (client ??= import('@google/genai').then(
      ({ GoogleGenAI }) =>
        new GoogleGenAI({
          apiKey,
          // SDK-level retries stay off (no retryOptions): withRetry owns the retry policy.
          ...(config.geminiBaseUrl ? { httpOptions: { baseUrl: config.geminiBaseUrl } } : {}),
        }),
    ));
  return {
    models: {
      embedContent: async (params) => (await sdk()).models.embedContent(params),
      generateContent: async (params) => (await sdk()).models.generateContent(params),
    },
  };
}
