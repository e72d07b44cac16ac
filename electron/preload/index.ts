// The preload: exposes exactly the KeelApi (shared/ipc.ts) as window.keel and nothing else — no
// ipcRenderer, no process, no Node. Only channels and events from the contract pass; anything else
// is refused here without touching IPC. Built as CommonJS so windows keep sandbox: true; imports
// only electron and the zod-free channel list.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { IpcEvent, KeelApi } from '../../shared/ipc';
import {
  HOST_ACTION_NAMES,
  IPC_CHANNEL_NAMES,
  IPC_EVENT_NAMES,
  IPC_EVENT_PREFIX,
  IPC_HOST_PREFIX,
  IPC_INVOKE_PREFIX,
} from '../../shared/ipc-channels';

const channels: ReadonlySet<string> = new Set(IPC_CHANNEL_NAMES);
const hostActions: ReadonlySet<string> = new Set(HOST_ACTION_NAMES);
const events: ReadonlySet<string> = new Set(IPC_EVENT_NAMES);

export const keelApi: KeelApi = {
  invoke(channel, request) {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return Promise.reject(
        new Error(`Keel: unknown channel ${JSON.stringify(String(channel)).slice(0, 60)}`),
      );
    }
    return ipcRenderer.invoke(IPC_INVOKE_PREFIX + channel, request);
  },
  async host(action) {
    if (typeof action !== 'string' || !hostActions.has(action)) {
      throw new Error(`Keel: unknown host action ${JSON.stringify(String(action)).slice(0, 60)}`);
    }
    const result = (await ipcRenderer.invoke(IPC_HOST_PREFIX + action)) as { ok?: boolean } | null;
    if (!result?.ok) throw new Error(`Keel: ${action} was refused`);
  },
  on(event, listener) {
    if (typeof event !== 'string' || !events.has(event) || typeof listener !== 'function') {
      throw new Error(`Keel: unknown event ${JSON.stringify(String(event)).slice(0, 60)}`);
    }
    // The Electron event object is never passed on: it exposes `sender` (ipcRenderer) to the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) =>
      (listener as (payload: unknown) => void)(payload);
    const name = IPC_EVENT_PREFIX + (event as IpcEvent);
    ipcRenderer.on(name, wrapped);
    return () => {
      ipcRenderer.removeListener(name, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('keel', keelApi);
