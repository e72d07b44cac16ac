// Errors the application layer raises on purpose, each carrying the IPC error code the person sees.
// Anything else a handler throws becomes `failed` with a redacted message (see invoke.ts).
import type { IpcError } from '../../shared/ipc';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: IpcError['code'],
    message: string,
  ) {
    super(message);
  }
}
