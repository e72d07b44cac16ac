// "Test key" in Settings: one tiny embedding call with the key Keel would use, reported in words a
// person can act on. The key itself never appears in the message (GeminiError messages are redacted).
import { createGenAI } from '../gemini/client';
import { toGeminiError, type GeminiErrorCode } from '../gemini/errors';
import { GeminiEmbedder } from '../memory/embedders/gemini';

export const KEY_CHECK_TIMEOUT_MS = 10_000;
/** The smallest useful request: a one-word text, 8 dimensions. */
const PROBE_DIM = 8;

const ADVICE: Partial<Record<GeminiErrorCode, string>> = {
  auth: 'Gemini rejected the key. Check that it was copied whole from aistudio.google.com.',
  network: 'Could not reach Gemini. Check the internet connection (Keel keeps working offline).',
  timeout: 'Gemini did not answer in time. Try again in a moment.',
  rate_limited: 'The key works, but Gemini says it is over its rate limit right now.',
  unavailable: 'Gemini is unavailable right now. Try again later.',
  model_not_found: 'The key works, but the embedding model in Settings was not found.',
};

export async function checkGeminiKey(options: {
  apiKey: string | null;
  baseUrl: string | null;
  model: string;
}): Promise<{ ok: boolean; message: string }> {
  if (!options.apiKey) return { ok: false, message: 'No Gemini API key is set.' };
  try {
    const ai = createGenAI({ googleApiKey: options.apiKey, geminiBaseUrl: options.baseUrl });
    const embedder = new GeminiEmbedder(ai, {
      model: options.model,
      dim: PROBE_DIM,
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
      timeoutMs: KEY_CHECK_TIMEOUT_MS,
      retry: { attempts: 1 },
    });
    await embedder.embed(['hello']);
    return {
      ok: true,
      message: `The key works: Gemini answered with an embedding from ${options.model}.`,
    };
  } catch (error) {
    const gemini = toGeminiError(error, {
      operation: 'embed',
      model: options.model,
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
    });
    const advice = ADVICE[gemini.code];
    return {
      ok: gemini.code === 'rate_limited',
      message: advice ? `${advice} (${gemini.message})` : gemini.message,
    };
  }
}
