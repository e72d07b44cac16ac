// The envelope around every channel: validate the request with the contract, run the handler,
// validate the response, and turn every outcome into an IpcResult. It never throws, so a bad
// request from any host (ipcMain, the preview's HTTP bridge) cannot crash the app.
import { z } from 'zod';
import { InvalidInputError, describeZodError } from '../../shared/domain';
import { ipcContract, isIpcChannel, type IpcError, type IpcResult } from '../../shared/ipc';
import { describeError } from '../base/redact';
import type { Logger } from '../base/logger';
import type { AppHandlers } from './types';

export interface InvokeDeps {
  handlers: AppHandlers;
  /** Current secret values, blanked out of any error message that could reach the renderer. */
  knownSecrets: () => ReadonlyArray<string | null | undefined>;
  logger: Logger;
}

function failure(code: IpcError['code'], message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

export async function invokeChannel(
  deps: InvokeDeps,
  channel: string,
  rawRequest: unknown,
): Promise<IpcResult<unknown>> {
  if (!isIpcChannel(channel)) {
    return failure('forbidden', `Unknown channel ${JSON.stringify(String(channel).slice(0, 60))}`);
  }
  const contract = ipcContract[channel];
  // Requests are validated before any handler runs: a refused request changes nothing.
  const parsed = (contract.request as z.ZodType).safeParse(rawRequest ?? {});
  if (!parsed.success) {
    return failure(
      'invalid_input',
      `Invalid request for ${channel}: ${describeZodError(parsed.error)}`,
    );
  }
  let value: unknown;
  try {
    const handler = deps.handlers[channel] as (request: unknown) => Promise<unknown>;
    value = await handler(parsed.data);
  } catch (error) {
    const secrets = deps.knownSecrets();
    if (error instanceof AppError) return failure(error.code, describeError(error, secrets));
    if (error instanceof InvalidInputError)
      return failure('invalid_input', describeError(error, secrets));
    const message = describeError(error, secrets);
    deps.logger.warn(`${channel} failed: ${message}`);
    return failure('failed', `${channel} failed: ${message}`);
  }
  // Responses are validated too: the renderer only ever sees shapes the contract promises.
  const checked = (contract.response as z.ZodType).safeParse(value);
  if (!checked.success) {
    const message = describeZodError(checked.error);
    deps.logger.error(`${channel} produced an invalid response: ${message}`);
    return failure('failed', `${channel} produced an invalid response: ${message}`);
  }
  return { ok: true, value: checked.data };
}

// Errors the application layer raises on purpose, each carrying the IPC error code the person sees.
// Anything else a handler throws becomes `failed` with a redacted message (invokeChannel above).
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: IpcError['code'],
    message: string,
  ) {
    super(message);
  }
}
