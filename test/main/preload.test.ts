import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => import('./electron-mock'));
import { readFile } from 'node:fs/promises';
import { IPC_CHANNELS, IPC_EVENTS, KEEL_API_GLOBAL, type KeelApi } from '../../shared/ipc';
import {
  IPC_CHANNEL_NAMES,
  IPC_EVENT_NAMES,
  IPC_EVENT_PREFIX,
  IPC_HOST_PREFIX,
  IPC_INVOKE_PREFIX,
} from '../../shared/ipc-channels';
import { contextBridge, ipcRenderer, resetElectronMock } from './electron-mock';

// The preload runs once, like in a page; what it exposed is captured before mocks are reset.
const exposedAtLoad = await import('../../electron/preload/index').then(() => [
  ...contextBridge.exposed.keys(),
]);
const exposedApi = contextBridge.exposed.get(KEEL_API_GLOBAL) as KeelApi;
async function loadPreload(): Promise<KeelApi> {
  return exposedApi;
}

beforeEach(() => resetElectronMock());

describe('preload', () => {
  it('the zod-free channel lists equal the contract', () => {
    expect([...IPC_CHANNEL_NAMES].sort()).toEqual([...IPC_CHANNELS].sort());
    expect([...IPC_EVENT_NAMES].sort()).toEqual([...IPC_EVENTS].sort());
  });

  it('exposes exactly invoke, host and on under window.keel', async () => {
    const api = await loadPreload();
    expect(exposedAtLoad).toEqual([KEEL_API_GLOBAL]);
    expect(Object.keys(api).sort()).toEqual(['host', 'invoke', 'on']);
  });

  it('sends known host actions on their own channel, refuses others, and reports a refusal', async () => {
    const api = await loadPreload();
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: null } as never);
    await expect(api.host('window:hide')).resolves.toBeUndefined();
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_HOST_PREFIX + 'window:hide');
    await expect(api.host('shell:exec' as never)).rejects.toThrow('unknown host action');
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'forbidden' } } as never);
    await expect(api.host('window:hide')).rejects.toThrow('refused');
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(2);
  });

  it('invokes contract channels and rejects others without sending', async () => {
    const api = await loadPreload();
    await expect(api.invoke('app:status', {})).resolves.toEqual({
      sentOn: IPC_INVOKE_PREFIX + 'app:status',
      request: {},
    });
    await expect(api.invoke('shell:exec' as never, {} as never)).rejects.toThrow('unknown channel');
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(1);
  });

  it('subscribes to contract events only, without leaking the Electron event, and unsubscribes', async () => {
    const api = await loadPreload();
    const seen: unknown[] = [];
    const off = api.on('navigate', (payload) => seen.push(payload));
    ipcRenderer.emit(IPC_EVENT_PREFIX + 'navigate', { sender: ipcRenderer }, { view: 'history' });
    off();
    ipcRenderer.emit(IPC_EVENT_PREFIX + 'navigate', { sender: ipcRenderer }, { view: 'settings' });
    expect(seen).toEqual([{ view: 'history' }]);
    expect(() => api.on('anything' as never, () => undefined)).toThrow('unknown event');
  });

  it('imports nothing but electron and the channel list (sandbox-safe, no zod)', async () => {
    const source = await readFile(
      new URL('../../electron/preload/index.ts', import.meta.url),
      'utf8',
    );
    const imports = [...source.matchAll(/^import\s+(type\s+)?[^'"]*['"]([^'"]+)['"]/gm)]
      .filter((m) => !m[1])
      .map((m) => m[2]);
    expect(imports.sort()).toEqual(['../../shared/ipc-channels', 'electron']);
  });
});
