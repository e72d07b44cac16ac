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
