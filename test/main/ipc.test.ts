import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => import('./electron-mock'));
import type { BrowserWindow as ElectronWindow } from 'electron';
import { IPC_CHANNELS } from '../../shared/ipc';
import {
  HOST_ACTION_NAMES,
  IPC_EVENT_PREFIX,
  IPC_HOST_PREFIX,
  IPC_INVOKE_PREFIX,
} from '../../shared/ipc-channels';
import { registerIpc, sendEvent, type IpcHost } from '../../electron/main/ipc';
import { rendererLocation } from '../../electron/main/renderer-location';
import { BrowserWindow, ipcMain, resetElectronMock } from './electron-mock';

const location = rendererLocation({}, '/opt/keel/out/main');

function setup() {
  const ours = new BrowserWindow({});
  ours.webContents.url = `${location.url}#/checkin`;
  const host: IpcHost = { location, windows: () => [ours as unknown as ElectronWindow] };
  const received: Array<{ channel: string; request: unknown }> = [];
  const app = {
    dispatch: async (channel: string, request: unknown) => {
      received.push({ channel, request });
      return { ok: true as const, value: { ok: true } };
    },
  };
  registerIpc(ipcMain as never, app, host);
  const call = (channel: string, sender: unknown, frame: unknown, request: unknown = {}) =>
    ipcMain.handlers.get(IPC_INVOKE_PREFIX + channel)!({ sender, senderFrame: frame }, request);
  const act = (action: string, sender: unknown, frame: unknown) =>
    ipcMain.handlers.get(IPC_HOST_PREFIX + action)!({ sender, senderFrame: frame }, undefined);
  return { ours, host, received, call, act };
}

beforeEach(() => resetElectronMock());

describe('IPC registration and sender checks', () => {
  it('registers exactly the contract channels and the host actions', () => {
    setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      [
        ...IPC_CHANNELS.map((c) => IPC_INVOKE_PREFIX + c),
        ...HOST_ACTION_NAMES.map((a) => IPC_HOST_PREFIX + a),
      ].sort(),
    );
  });

  it('forwards requests from our window showing our page', async () => {
    const { ours, received, call } = setup();
    const result = await call('app:status', ours.webContents, {
      url: `${location.url}#/checkin`,
      parent: null,
    });
    expect(result).toEqual({ ok: true, value: { ok: true } });
    expect(received).toEqual([{ channel: 'app:status', request: {} }]);
  });

  it('refuses a foreign frame URL, a subframe, another window and a destroyed frame', async () => {
    const { ours, received, call } = setup();
    const foreign = await call('data:export', ours.webContents, {
      url: 'https://evil.example/',
      parent: null,
    });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const sub = await call('data:export', ours.webContents, {
      url: location.url,
      parent: { url: location.url },
    });
    expect(sub).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const stranger = new BrowserWindow({});
    const other = await call('data:export', stranger.webContents, {
      url: location.url,
      parent: null,
    });
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const gone = await call('data:export', ours.webContents, null);
    expect(gone).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(received).toEqual([]);
  });

  it('window:hide hides the window that asked, without reaching the app', async () => {
    const { ours, received, act } = setup();
    ours.show();
    const result = await act('window:hide', ours.webContents, { url: location.url, parent: null });
    expect(result).toEqual({ ok: true, value: null });
    expect(ours.visible).toBe(false);
    expect(received).toEqual([]);
  });

  it('window:hide from a foreign page is refused and hides nothing', async () => {
    const { ours, act } = setup();
    ours.show();
    const result = await act('window:hide', ours.webContents, {
      url: 'https://evil.example/',
      parent: null,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(ours.visible).toBe(true);
  });

  it('sends events only to our windows showing our page', () => {
    const { ours, host } = setup();
    sendEvent(host, 'navigate', { view: 'settings' });
    expect(ours.webContents.sent).toEqual([
      { channel: IPC_EVENT_PREFIX + 'navigate', payload: { view: 'settings' } },
    ]);
    ours.webContents.url = 'https://evil.example/';
    sendEvent(host, 'navigate', { view: 'history' });
    expect(ours.webContents.sent).toHaveLength(1);
  });
});
