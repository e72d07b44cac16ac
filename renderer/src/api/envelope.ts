// Validates what comes back over the bridge: first the envelope, then the channel's response (or the
// event's payload) against the shared contract. A malformed reply becomes a KeelApiError instead of
// undefined fields deep inside a view.
import { z } from 'zod';
import { describeZodError } from '../../../shared/domain';
import {
  IpcErrorSchema,
  eventContract,
  ipcContract,
  type IpcChannel,
  type IpcEvent,
  type IpcEventPayload,
  type IpcResponse,
} from '../../../shared/ipc';
import { KeelApiError } from './errors';

const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: IpcErrorSchema }),
]);

/** Unwraps an invoke envelope: the validated value, or a KeelApiError with the envelope's code. */
export function unwrapResult<C extends IpcChannel>(channel: C, raw: unknown): IpcResponse<C> {
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new KeelApiError('failed', `Keel sent a reply to ${channel} that could not be read.`);
  }
  if (!envelope.data.ok) {
    throw new KeelApiError(envelope.data.error.code, envelope.data.error.message);
  }
  const parsed = ipcContract[channel].response.safeParse(envelope.data.value);
  if (!parsed.success) {
    throw new KeelApiError(
      'failed',
      `Keel sent an unexpected reply to ${channel}: ${describeZodError(parsed.error)}`,
    );
  }
  return parsed.data as IpcResponse<C>;
}

/** Validates an event payload; returns null (and the event is dropped) when it does not match. */
export function parseEventPayload<E extends IpcEvent>(
  event: E,
  raw: unknown,
): IpcEventPayload<E> | null {
  const parsed = eventContract[event].safeParse(raw);
  return parsed.success ? (parsed.data as IpcEventPayload<E>) : null;
}
