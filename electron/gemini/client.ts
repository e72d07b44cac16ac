// Builds the @google/genai client from Keel's configuration. The base URL override exists for
// proxies and for the local Gemini stand-in the tests run against.
import { GoogleGenAI } from '@google/genai';
import type { KeelConfig } from '../core/config';
import { registerSecret } from '../core/logger';
import { GeminiError } from './errors';

export type GenAIConfig = Pick<KeelConfig, 'googleApiKey' | 'geminiBaseUrl'>;

export function createGenAI(config: GenAIConfig): GoogleGenAI {
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
  return new GoogleGenAI({
    apiKey,
    // SDK-level retries stay off (no retryOptions): withRetry owns the retry policy.
    ...(config.geminiBaseUrl ? { httpOptions: { baseUrl: config.geminiBaseUrl } } : {}),
  });
}
