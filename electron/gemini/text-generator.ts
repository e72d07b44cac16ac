// Short text generation (nudge wording, session reflections) with Gemini. Every failure becomes a
// GeminiError; the coach catches it and falls back to its built-in wording.
import type { GenerateContentResponse } from '@google/genai';
import { z } from 'zod';
import type { KeelConfig } from '../base/config';
import { createGenAI, type GenAIClient } from './client';
import { GeminiError, toGeminiError } from './errors';
import { deadline, withRetry, type RetryOptions } from './retry';

/** Generates short text with a language model (Gemini) — wording and reflection use it. */
export interface TextGenerator {
  readonly model: string;
  /**
   * Returns the model's text. Throws on any failure (HTTP error, timeout, empty or malformed reply);
   * callers fall back to the built-in library. `signal` aborts the request.
   */
  generate(
    prompt: string,
    options?: {
      timeoutMs?: number;
      maxOutputTokens?: number;
      signal?: AbortSignal;
      /** Structured output: ask for JSON matching this JSON Schema (the text is still validated). */
      jsonSchema?: unknown;
    },
  ): Promise<string>;
}

export const DEFAULT_GENERATE_TIMEOUT_MS = 15_000;
/** Generous on purpose: thinking models spend part of this budget before writing any text. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 1_024;

export interface GeminiTextGeneratorOptions {
  model: string;
  apiKey?: string | null;
  baseUrl?: string | null;
  /** Default time limit for one generate() call, retries included. */
  timeoutMs?: number;
  maxOutputTokens?: number;
  retry?: Omit<RetryOptions, 'signal'>;
}

const PromptSchema = z
  .string()
  .trim()
  .min(1, 'the prompt is empty')
  .max(100_000, 'the prompt is too long');

const ReplySchema = z.object({
  candidates: z
    .array(
      z.object({
        content: z
          .object({
            parts: z
              .array(z.object({ text: z.string().optional(), thought: z.boolean().optional() }))
              .optional(),
          })
          .optional(),
        finishReason: z.string().optional(),
      }),
    )
    .optional(),
  promptFeedback: z.object({ blockReason: z.string().optional() }).optional(),
});

/** The reply's visible text (thought parts excluded), or a GeminiError saying why there is none. */
export function replyText(response: GenerateContentResponse, maxOutputTokens: number): string {
  const parsed = ReplySchema.safeParse(response);
  if (!parsed.success)
    throw new GeminiError('bad_response', 'Gemini sent a reply in an unexpected shape');
  const { candidates, promptFeedback } = parsed.data;
  if (promptFeedback?.blockReason) {
    throw new GeminiError(
      'bad_response',
      `Gemini blocked the prompt (${promptFeedback.blockReason})`,
    );
  }
  const first = candidates?.[0];
  if (!first) throw new GeminiError('bad_response', 'Gemini sent a reply with no candidates');
  const text = (first.content?.parts ?? [])
    .filter((p) => p.thought !== true && typeof p.text === 'string')
    .map((p) => p.text)
    .join('')
    .trim();
  if (text) return text;
  if (first.finishReason === 'MAX_TOKENS') {
    throw new GeminiError(
      'bad_response',
      `Gemini used its whole output budget (maxOutputTokens=${maxOutputTokens}) before writing any text; raise maxOutputTokens`,
    );
  }
  const why = first.finishReason ? ` (finishReason ${first.finishReason})` : '';
  throw new GeminiError('bad_response', `Gemini sent an empty reply${why}`);
}

export class GeminiTextGenerator implements TextGenerator {
  readonly model: string;

  constructor(
    private readonly ai: GenAIClient,
    private readonly options: GeminiTextGeneratorOptions,
  ) {
    this.model = options.model;
  }

  async generate(
    prompt: string,
    options: Parameters<TextGenerator['generate']>[1] = {},
  ): Promise<string> {
    const checked = PromptSchema.safeParse(prompt);
    if (!checked.success) {
      throw new GeminiError('bad_request', `cannot generate: ${checked.error.issues[0]?.message}`, {
        retryable: false,
      });
    }
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_GENERATE_TIMEOUT_MS;
    const maxOutputTokens =
      options.maxOutputTokens ?? this.options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
    // One deadline for the whole call, retries and backoff included: the caller is waiting on it.
    // The SDK's one-time load (started when the client was made) comes before it.
    await this.ai.ready?.();
    const limit = deadline(timeoutMs, options.signal);
    const context = () => ({
      operation: 'generate' as const,
      model: this.model,
      apiKey: this.options.apiKey,
      baseUrl: this.options.baseUrl,
      timeoutMs,
      cancelled: limit.cancelled,
    });

    try {
      return await withRetry(
        async () => {
          try {
            const response = await this.ai.models.generateContent({
              model: this.model,
              contents: checked.data,
              config: {
                maxOutputTokens,
                abortSignal: limit.signal,
                ...(options.jsonSchema !== undefined
                  ? { responseMimeType: 'application/json', responseJsonSchema: options.jsonSchema }
                  : {}),
              },
            });
            return replyText(response, maxOutputTokens);
          } catch (error) {
            throw toGeminiError(error, context());
          }
        },
        { ...this.options.retry, signal: limit.signal },
      );
    } catch (error) {
      // p-retry rejects with the signal's reason when the deadline fires during a backoff pause.
      throw toGeminiError(error, context());
    }
  }
}

/** The text generator for this configuration, or null when there is no API key (built-in wording only). */
export function createTextGenerator(
  config: KeelConfig,
  options: Partial<Omit<GeminiTextGeneratorOptions, 'model' | 'apiKey' | 'baseUrl'>> = {},
): TextGenerator | null {
  if (!config.googleApiKey) return null;
  return new GeminiTextGenerator(createGenAI(config), {
    ...options,
    model: config.textModel,
    apiKey: config.googleApiKey,
    baseUrl: config.geminiBaseUrl,
  });
}
