// One typed error for everything that can go wrong talking to Gemini, with a `code` callers can
// switch on (retry? fall back? tell the user to fix a setting?) and a message that says what to do.
// Messages are always redacted: the API key must never reach a log line or the renderer.
import { redact } from '../base/redact';

export const GEMINI_ERROR_CODES = [
  'auth',
  'model_not_found',
  'bad_request',
  'rate_limited',
  'unavailable',
  'network',
  'timeout',
  'bad_response',
] as const;
export type GeminiErrorCode = (typeof GEMINI_ERROR_CODES)[number];

/** Transient failures: worth another attempt after a pause. Client mistakes (4xx) never are. */
const RETRYABLE: ReadonlySet<GeminiErrorCode> = new Set([
  'rate_limited',
  'unavailable',
  'network',
  'timeout',
]);

export class GeminiError extends Error {
  override readonly name = 'GeminiError';
  readonly code: GeminiErrorCode;
  /** HTTP status when the server answered, else undefined. */
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(
    code: GeminiErrorCode,
    message: string,
    options: { status?: number; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
  }
}

/** What was being attempted, so messages can name the model, the endpoint and the time limit. */
export interface GeminiCallContext {
  operation: 'embed' | 'generate';
  model: string;
  apiKey?: string | null;
  baseUrl?: string | null;
  timeoutMs?: number;
  /** True when the caller's own AbortSignal fired (a cancellation, not a timeout). */
  cancelled?: boolean;
}

const MODEL_SETTING = { embed: 'KEEL_EMBEDDING_MODEL', generate: 'KEEL_TEXT_MODEL' } as const;
const DETAIL_MAX = 200;

/** The human part of Google's error body ({"error":{"message":...}}), shortened and redacted. */
function serverDetail(raw: string, apiKey: string | null | undefined): string {
  let detail = raw;
  try {
    const parsed = JSON.parse(raw) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') detail = parsed.error.message;
  } catch {
    // Not JSON: keep the raw text.
  }
  detail = redact(detail.replace(/\s+/g, ' ').trim(), [apiKey]);
  return detail.length > DETAIL_MAX ? `${detail.slice(0, DETAIL_MAX)}…` : detail;
}

function fromHttpStatus(
  status: number,
  raw: string,
  ctx: GeminiCallContext,
  cause: unknown,
): GeminiError {
  const detail = serverDetail(raw, ctx.apiKey);
  const suffix = detail ? ` (HTTP ${status}: ${detail})` : ` (HTTP ${status})`;
  // Google answers an invalid key with 400 INVALID_ARGUMENT / API_KEY_INVALID, not 401.
  const keyProblem = /API[_ ]KEY[_ ]INVALID|API key not valid|API key expired/i.test(raw);
  if (status === 401 || status === 403 || keyProblem) {
    return new GeminiError(
      'auth',
      `API key rejected: check GOOGLE_API_KEY / the key in Settings${suffix}`,
      {
        status,
        cause,
      },
    );
  }
  if (status === 404) {
    return new GeminiError(
      'model_not_found',
      `model not found: check the model setting (${MODEL_SETTING[ctx.operation]}); "${ctx.model}" is not available to this key${suffix}`,
      { status, cause },
    );
  }
  if (status === 429) {
    return new GeminiError(
      'rate_limited',
      `rate limited by Gemini: too many requests or the key's quota is used up; Keel retries, then carries on offline${suffix}`,
      { status, cause },
    );
  }
  if (status === 408 || status === 504) {
    return new GeminiError(
      'timeout',
      `Gemini timed out on the server side; try again later${suffix}`,
      {
        status,
        cause,
      },
    );
  }
  if (status >= 500) {
    return new GeminiError(
      'unavailable',
      `Gemini is unavailable right now; try again later${suffix}`,
      {
        status,
        cause,
      },
    );
  }
  return new GeminiError(
    'bad_request',
    `Gemini rejected the ${ctx.operation} request: check the model (${MODEL_SETTING[ctx.operation]}) and the embedding dimension${suffix}`,
    { status, cause },
  );
}

/** Error codes (ECONNREFUSED, UND_ERR_SOCKET, …) along the cause chain of a failed fetch. */
function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * The SDK's ApiError (an HTTP error answer), recognised by shape so that this module does not load
 * @google/genai: commands and windows that never call Gemini should not pay for the SDK.
 */
function isApiError(error: unknown): error is Error & { status: number } {
  return (
    error instanceof Error &&
    error.name === 'ApiError' &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** Converts anything thrown by the SDK, fetch or a validator into a GeminiError (idempotent). */
export function toGeminiError(error: unknown, ctx: GeminiCallContext): GeminiError {
  if (error instanceof GeminiError) return error;
  if (isApiError(error)) return fromHttpStatus(error.status, error.message, ctx, error);

  if (ctx.cancelled) {
    return new GeminiError('timeout', `the Gemini ${ctx.operation} request was cancelled`, {
      retryable: false,
      cause: error,
    });
  }
  const codes = causeCodes(error);
  if (
    isAbort(error) ||
    codes.some((c) => c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT')
  ) {
    const limit = ctx.timeoutMs ? ` within ${ctx.timeoutMs} ms` : '';
    return new GeminiError(
      'timeout',
      `Gemini did not answer${limit}; it may be slow or overloaded`,
      { cause: error },
    );
  }
  if (error instanceof SyntaxError) {
    return new GeminiError(
      'bad_response',
      `Gemini sent a reply that is not valid JSON (${ctx.operation})`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof TypeError && /fetch failed|network|socket/i.test(error.message)) {
    const where = ctx.baseUrl
      ? `at ${redact(ctx.baseUrl, [ctx.apiKey])}`
      : '(generativelanguage.googleapis.com)';
    const why = codes.length ? ` [${codes.join(', ')}]` : '';
    return new GeminiError(
      'network',
      `cannot reach Gemini ${where}${why}: check the network connection${ctx.baseUrl ? ' or KEEL_GEMINI_BASE_URL' : ''}`,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GeminiError(
    'bad_response',
    `unexpected failure talking to Gemini (${ctx.operation}): ${redact(message, [ctx.apiKey]).slice(0, DETAIL_MAX)}`,
    { cause: error },
  );
}
