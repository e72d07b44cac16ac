// Runs one bridge call at a time for a piece of UI, tracking "busy" and a polite error message.
import { useCallback, useState } from 'react';
import { messageOf } from '../api/errors';

export interface Action {
  busy: boolean;
  error: string | null;
  clearError(): void;
  /** Runs `task`; resolves to its value, or undefined when it failed (the error is kept for display). */
  run<T>(task: () => Promise<T>): Promise<T | undefined>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const clearError = useCallback(() => setError(null), []);
  const run = useCallback(async <T>(task: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await task();
    } catch (caught) {
      setError(messageOf(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, clearError, run };
}
