// The IPC transport: one ipcMain.handle per contract channel, each checking WHO is asking before
// forwarding to keelApp.dispatch (which validates the payload); host actions (hide the calling
// window) are done here and never reach the app. Only the top frame of one of our own
// windows, showing our renderer page, may call; anything else (a foreign page that got loaded, a
// subframe, a destroyed frame) gets `forbidden` without reaching the app. Events go only to our
// windows that show our page.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  IPC_CHANNELS,
  type IpcEvent,
  type IpcEventPayload,
  type IpcResult,
} from '../../shared/ipc';
import {
  HOST_ACTION_NAMES,
  IPC_EVENT_PREFIX,
  IPC_HOST_PREFIX,
  IPC_INVOKE_PREFIX,
  type HostAction,
} from '../../shared/ipc-channels';
import type { KeelApp } from '../app/types';
import { isRendererUrl, type RendererLocation } from './renderer-location';

export interface IpcHost {
  location: RendererLocation;
  /** Our live windows (check-in and main). */
  windows(): BrowserWindow[];
}

export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  host: IpcHost,
): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  const ours = host.windows().some((w) => !w.isDestroyed() && w.webContents === event.sender);
  if (!ours) return false;
  if (frame.parent !== null) return false;
  return isRendererUrl(frame.url, host.location);
}

const FORBIDDEN: IpcResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This page may not talk to Keel.' },
};

/** Registers every contract channel; returns a function that removes them again. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  app: Pick<KeelApp, 'dispatch'>,
  host: IpcHost,
): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(IPC_INVOKE_PREFIX + channel, async (event, request: unknown) => {
      if (!isTrustedSender(event, host)) return FORBIDDEN;
      return app.dispatch(channel, request);
    });
  }
  // Host actions are done here, to the window that asked; the app layer never sees them.
  const actions: Record<HostAction, (window: BrowserWindow) => void> = {
    'window:hide': (window) => window.hide(),
  };
  for (const action of HOST_ACTION_NAMES) {
    ipcMain.handle(IPC_HOST_PREFIX + action, (event) => {
      if (!isTrustedSender(event, host)) return FORBIDDEN;
      const window = host.windows().find((w) => !w.isDestroyed() && w.webContents === event.sender);
      if (window) actions[action](window);
      return { ok: true, value: null };
    });
  }
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(IPC_INVOKE_PREFIX + channel);
    for (const action of HOST_ACTION_NAMES) ipcMain.removeHandler(IPC_HOST_PREFIX + action);
  };
}

function showsOurPage(contents: WebContents, location: RendererLocation): boolean {
  return !contents.isDestroyed() && isRendererUrl(contents.getURL(), location);
}

/** Sends a main → renderer event to each of our windows that shows our page. */
export function sendEvent<E extends IpcEvent>(
  host: IpcHost,
  event: E,
  payload: IpcEventPayload<E>,
): void {
  for (const window of host.windows()) {
    if (window.isDestroyed() || !showsOurPage(window.webContents, host.location)) continue;
    window.webContents.send(IPC_EVENT_PREFIX + event, payload);
  }
}
