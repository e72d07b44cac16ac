// The application layer shared by the Electron main process and the browser-preview bridge: one
// implementation of every channel in shared/ipc.ts over the real core (memory, coach, settings,
// secrets, scheduler). Hosts only add transport: ipcMain with sender checks, or loopback HTTP.
import type {
  IpcChannel,
  IpcEvent,
  IpcEventPayload,
  IpcParsedRequest,
  IpcRequest,
  IpcResponse,
  IpcResult,
} from '../../shared/ipc';
import type { ConfigOverrides } from '../base/config';
import type { Settings } from '../../shared/settings';
import type { SecretStore } from '../secrets/secret-store';
import type { SignalReader } from './availability/signals';

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
  /** Where data exports go (the Downloads folder in Electron); default `${dataDir}/exports`. */
  exportDir?: string;
  /** Told after settings change (Electron applies launch-at-login with it). */
  onSettingsChanged?: (settings: Settings) => void;
  /** How often the check-in schedule is looked at; 0 turns scheduled check-ins off (tests). Default 30 s. */
  checkInTickMs?: number;
  /** How long a check-in waits for a reply before it is closed as no_response. Default 5 min (the coach's). */
  replyTimeoutMs?: number;
  /** The availability signals to read; default: this platform's readers (availability/index.ts). */
  availabilityReaders?: readonly SignalReader[];
}

export interface KeelApp {
  /**
   * An in-process call (the tray, the main process, tests): typed by the contract, and still
   * validated by it on the way in and out. Never throws.
   */
  invoke<C extends IpcChannel>(
    channel: C,
    request: IpcRequest<C>,
  ): Promise<IpcResult<IpcResponse<C>>>;
  /**
   * A call from a transport (ipcMain, the preview's HTTP bridge): the channel name and request are
   * untrusted wire data. Validates both against the contract, runs the handler, validates the
   * response. Never throws: an unknown channel → `forbidden`, invalid input → `invalid_input`, and
   * nothing changes.
   */
  dispatch(channel: string, rawRequest: unknown): Promise<IpcResult<unknown>>;
  handlers: AppHandlers;
  /** Scheduler inputs from the host (powerMonitor in Electron). */
  setSystemState(state: { idleSeconds?: number; locked?: boolean; suspended?: boolean }): void;
  /**
   * Looks at the schedule once now (what the periodic tick does): opens a check-in if one is due.
   * Resolves when that look, and any check-in it opened, is done.
   */
  checkSchedule(): Promise<void>;
  close(): Promise<void>;
}
