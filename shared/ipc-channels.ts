// The IPC channel and event names as plain string lists, without zod: the sandboxed preload imports
// this (not shared/ipc.ts) so its bundle stays tiny. test/main/preload.test.ts checks that these
// lists equal the keys of ipcContract / eventContract, so they cannot drift apart.
export const IPC_CHANNEL_NAMES = [
  'app:status',
  'onboarding:complete',
  'session:get',
  'session:start',
  'session:end',
  'task:set',
  'checkin:current',
  'checkin:now',
  'checkin:answer',
  'checkin:snooze',
  'checkin:correct',
  'checkin:similar',
  'pause:set',
  'settings:get',
  'settings:update',
  'secrets:get',
  'secrets:set',
  'secrets:clear',
  'secrets:test-gemini',
  'memory:doctor',
  'availability:get',
  'history:get',
  'history:correct',
  'history:delete',
  'data:export',
  'data:delete',
] as const;

export const IPC_EVENT_NAMES = [
  'checkin:due',
  'checkin:updated',
  'status:changed',
  'navigate',
] as const;

/**
 * Things only the window's host can do for the page that asks (hide its own window). They are not
 * app channels: the app layer has nothing to validate or change, so they never reach it.
 */
export const HOST_ACTION_NAMES = ['window:hide'] as const;
export type HostAction = (typeof HOST_ACTION_NAMES)[number];

export function isHostAction(value: unknown): value is HostAction {
  return typeof value === 'string' && (HOST_ACTION_NAMES as readonly string[]).includes(value);
}

/** The ipcMain channel an invoke travels on, and the webContents channel events travel on. */
export const IPC_INVOKE_PREFIX = 'keel:invoke:';
export const IPC_EVENT_PREFIX = 'keel:event:';
export const IPC_HOST_PREFIX = 'keel:host:';
