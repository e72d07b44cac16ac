// The one error type the renderer's views handle: an IPC error envelope (or a transport failure)
// with a code and a message written for the person, never a stack trace.
import type { IpcError } from '../../../shared/ipc';

export type KeelErrorCode = IpcError['code'];

export class KeelApiError extends Error {
  override readonly name = 'KeelApiError';
  constructor(
    readonly code: KeelErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A readable message for anything a call may throw. */
export function messageOf(error: unknown): string {
  if (error instanceof KeelApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}
