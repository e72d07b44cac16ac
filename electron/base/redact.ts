// Secret redaction for anything that may reach a log, an error message shown to the renderer, or a
// file: Redis URL passwords, API keys in query strings, Google API keys and bearer tokens.
const PATTERNS: Array<[RegExp, string]> = [
  // redis://user:password@host → redis://user:***@host (also rediss://, and a bare :password@)
  [/(rediss?:\/\/[^:/@\s]*:)[^@\s]+@/gi, '$1***@'],
  // ?key=... &key=... (Gemini REST, live websocket URLs)
  [/([?&](?:key|api_key|apikey|token)=)[^&\s"']+/gi, '$1***'],
  // Google API keys have a recognisable shape.
  [/AIza[0-9A-Za-z_-]{20,}/g, 'AIza***'],
  [/(x-goog-api-key["']?\s*[:=]\s*["']?)[^"',\s}]+/gi, '$1***'],
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1***'],
];

/** Removes secrets from text; `known` lists exact secret values to blank out as well. */
export function redact(text: string, known: ReadonlyArray<string | null | undefined> = []): string {
  let out = text;
  for (const secret of known) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** A redacted one-line description of an unknown error. */
export function describeError(
  error: unknown,
  known: ReadonlyArray<string | null | undefined> = [],
): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message, known);
}
