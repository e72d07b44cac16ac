// A time limit for store calls on the hot path. A store call that hangs (a client waiting on a dead
// socket) must not hold a check-in: past the limit it counts as the store being unavailable, and
// the write goes to the outbox. If the call later completes anyway, the replay rewrites the same
// key, so nothing is duplicated.
import { StoreUnavailableError } from './stores/types';

export async function withStoreTimeout<T>(
  what: string,
  promise: Promise<T>,
  ms: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreUnavailableError(`${what} timed out after ${ms} ms`)),
      ms,
    );
    timer.unref?.();
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}
