// Retries transient Gemini failures (429, 5xx, network errors, timeouts) with exponential backoff
// and jitter. Client mistakes (400/401/403/404) and bad replies are never retried: asking again
// cannot fix them and only burns quota. Also the deadline each call runs under (below).
import pRetry from 'p-retry';
import { GeminiError } from './errors';

export interface RetryOptions {
  /** Total attempts including the first; default 3. */
  attempts?: number;
  /** Delay before the first retry; default 500 ms. Tests pass 0–5 ms. */
  minDelayMs?: number;
  /** Upper bound for one delay; default 8 s. */
  maxDelayMs?: number;
  /** Stops retrying (and any pending backoff) when it fires: how a quitting app cancels a retry. */
  signal?: AbortSignal;
  /** Observes each failed attempt that will be retried (e.g. to log it). */
  onRetry?: (error: GeminiError, attemptNumber: number) => void;
}

export const DEFAULT_RETRY: Required<Pick<RetryOptions, 'attempts' | 'minDelayMs' | 'maxDelayMs'>> =
  {
    attempts: 3,
    minDelayMs: 500,
    maxDelayMs: 8_000,
  };

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error, or attempts run out.
 * `operation` must throw GeminiError (convert with toGeminiError) so the retry decision is typed;
 * anything else is treated as not retryable.
 */
export async function withRetry<T>(
  operation: (attemptNumber: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.attempts ?? DEFAULT_RETRY.attempts));
  const minTimeout = Math.max(0, options.minDelayMs ?? DEFAULT_RETRY.minDelayMs);
  return pRetry(operation, {
    retries: attempts - 1,
    factor: 2,
    minTimeout,
    maxTimeout: Math.max(minTimeout, options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
    // Jitter spreads retries from several embed batches so they do not hit a rate limit in step.
    randomize: true,
    // The backoff timer keeps the process alive: a command waiting to retry must not end mid-way
    // with nothing written. A quitting app cancels the wait through this signal instead.
    signal: options.signal,
    shouldRetry: ({ error, retriesLeft, attemptNumber }) => {
      const retry = error instanceof GeminiError && error.retryable && retriesLeft > 0;
      if (retry) options.onRetry?.(error, attemptNumber);
      return retry;
    },
  });
}

// One AbortSignal that fires on a time limit or on the caller's own signal, remembering which fired
// so a failure can be reported as a timeout (retryable) or a cancellation (not retried).
export interface Deadline {
  signal: AbortSignal;
  /** True once the caller's signal fired (as opposed to the time limit). */
  readonly cancelled: boolean;
}

export function deadline(timeoutMs: number, external?: AbortSignal): Deadline {
  const timeout = AbortSignal.timeout(Math.max(1, timeoutMs));
  const signal = external ? AbortSignal.any([timeout, external]) : timeout;
  return {
    signal,
    get cancelled() {
      return external?.aborted === true && !timeout.aborted;
    },
  };
}
