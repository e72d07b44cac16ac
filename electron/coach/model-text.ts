// Calling the text model safely: one bounded call (a deadline the model cannot overrun, even if the
// generator ignores its own timeout) and cleanup of what comes back (markdown, quotes, whitespace).
import type { TextGenerator } from '../gemini/text-generator';

export class GenerationTimeoutError extends Error {
  override readonly name = 'GenerationTimeoutError';
}

/**
 * One generate() call that settles within `timeoutMs`: the request is aborted at the deadline and
 * the returned promise rejects then, whatever the generator does.
 */
export async function generateWithin(
  generator: TextGenerator,
  prompt: string,
  options: { timeoutMs: number; maxOutputTokens?: number; jsonSchema?: unknown },
): Promise<string> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new GenerationTimeoutError(`the model did not answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
  });
  const call = generator.generate(prompt, {
    timeoutMs: options.timeoutMs,
    maxOutputTokens: options.maxOutputTokens,
    signal: controller.signal,
    ...(options.jsonSchema !== undefined ? { jsonSchema: options.jsonSchema } : {}),
  });
  // A late rejection after the deadline must not become an unhandled rejection.
  call.catch(() => {});
  try {
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Removes markdown, wrapping quotes and extra whitespace from a model reply. */
export function cleanModelText(raw: string): string {
  let text = raw
    .replace(/```[a-z]*\n?/gi, '')
    .replace(/^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|>\s*|\d+[.)]\s+)/gm, '')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  // Strip a label the model sometimes adds ("Nudge: ...", "Insight: ...").
  text = text.replace(/^(?:nudge|insight|message|reply)\s*:\s*/i, '');
  // Strip quotes wrapping the whole reply (straight or curly), possibly nested.
  for (let i = 0; i < 2; i++) {
    const m = /^["'“‘«](.*)["'”’»]$/s.exec(text);
    if (!m) break;
    text = m[1]!.trim();
  }
  return text;
}
