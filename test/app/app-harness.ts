// The application layer as a host drives it, for tests: a KeelApp over the real core in a temp data
// folder, with a settable clock, no scheduled ticks (tests look at the schedule with checkSchedule),
// in-memory secrets and the check-ins it announced. Calls go through `dispatch`, the wire entry,
// so every request and response is validated exactly as it is for ipcMain.
import type { CheckInView } from '../../shared/checkin';
import type { IpcError, IpcResult } from '../../shared/ipc';
import { createKeelApp } from '../../electron/app/keel-app';
import type { KeelApp, KeelAppOptions } from '../../electron/app/types';
import { MemorySecretStore } from '../../electron/secrets/secret-store';

export type AppUnderTestOptions = Omit<KeelAppOptions, 'host' | 'secrets' | 'emit'> & {
  clock: () => number;
};

/** Opens the app; `due` collects every `checkin:due` it emits (pass one to keep it across restarts). */
export async function openApp(
  options: AppUnderTestOptions,
  due: CheckInView[] = [],
): Promise<{ app: KeelApp; due: CheckInView[] }> {
  const app = await createKeelApp({
    host: 'preview',
    secrets: new MemorySecretStore(),
    env: {},
    checkInTickMs: 0,
    ...options,
    emit: (event, payload) => {
      if (event === 'checkin:due') due.push(payload as CheckInView);
    },
  });
  return { app, due };
}

/** The channel's value, or an Error naming the channel and the envelope's error. */
export async function ok<T>(app: KeelApp, channel: string, request: unknown = {}): Promise<T> {
  const result = (await app.dispatch(channel, request)) as IpcResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The error code of a call that must be refused (an Error if it was not). */
export async function refused(
  app: KeelApp,
  channel: string,
  request: unknown,
): Promise<IpcError['code']> {
  const result = await app.dispatch(channel, request);
  if (result.ok) throw new Error(`${channel} should have been refused`);
  return result.error.code;
}
