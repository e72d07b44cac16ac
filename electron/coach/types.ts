// Interfaces the coach engine is built against.
import type { Classification } from '../../shared/checkin';
import type { ReplyContext } from '../../shared/outcome';

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

/**
 * Classifies a free-text reply to a nudge. The local classifier is pure and synchronous; the
 * context (the nudge's task) is optional and only sharpens replies that name the task.
 */
export type ReplyClassifier = (reply: string, context?: ReplyContext) => Classification;
