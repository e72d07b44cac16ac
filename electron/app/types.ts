// The application layer shared by the Electron main process and the browser-preview bridge: one
// implementation of every channel in shared/ipc.ts over the real core (memory, coach, settings,
// secrets, scheduler). Hosts only add transport: ipcMain with sender checks, or loopback HTTP.
import type {
  IpcChannel,
  IpcEvent,
  IpcEventPayload,
  IpcParsedRequest,
  IpcResponse,
  IpcResult,
} from '../../shared/ipc';
import type { ConfigOverrides } from '../core/config';
import type { SecretStore } from '../secrets/types';

export type AppHandlers = {
  [C in IpcChannel]: (request: IpcParsedRequest<C>) => Promise<IpcResponse<C>>;
};

export interface KeelAppOptions {
  host: 'electron' | 'preview';
  /** Where settings.json, the embedded store and the outbox live. */
  dataDir: string;
  secrets: SecretStore;
  /** Environment (REDIS_URL, GOOGLE_API_KEY, ... — power users) — defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  overrides?: ConfigOverrides;
  /** Sends a main → renderer event (IPC webContents.send, or the preview's event stream). */
  emit: <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>) => void;
  clock?: () => number;
}

export interface KeelApp {
  /**
   * Validates the raw request against the contract, runs the handler, validates the response, and
   * returns an envelope. Never throws: invalid input → `invalid_input` and nothing changes.
   */
  invoke(channel: string, rawRequest: unknown): Promise<IpcResult<unknown>>;
  handlers: AppHandlers;
  /** Scheduler inputs from the host (powerMonitor in Electron). */
  setSystemState(state: { idleSeconds?: number; locked?: boolean; suspended?: boolean }): void;
  close(): Promise<void>;
}
