// The renderer's typed client: `call` resolves to the validated response or throws KeelApiError,
// `on` delivers only event payloads that match the contract. Works over any KeelApi: the Electron
// preload (window.keel) or the browser preview's HTTP bridge.
import {
  KEEL_API_GLOBAL,
  type IpcChannel,
  type IpcEvent,
  type IpcEventPayload,
  type IpcRequest,
  type IpcResponse,
  type KeelApi,
} from '../../../shared/ipc';
import type { HostAction } from '../../../shared/ipc-channels';
import { createBridgeApi } from './bridge-api';
import { parseEventPayload, unwrapResult } from './envelope';
import { KeelApiError } from './errors';

export interface KeelClient {
  call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>>;
  /** Asks the host to act on this window (hide it); a refusal is not the person's problem. */
  host(action: HostAction): Promise<void>;
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
}

export function createKeelClient(api: KeelApi): KeelClient {
  return {
    async call(channel, request) {
      let raw: unknown;
      try {
        raw = await api.invoke(channel, request);
      } catch (_error) {
        throw new KeelApiError('unavailable', 'Keel did not answer. Please try again.');
      }
      return unwrapResult(channel, raw);
    },
    async host(action) {
      try {
        await api.host(action);
      } catch (_error) {
        // Hiding a window that cannot be hidden (the browser preview, a refused sender) changes nothing.
      }
    },
    on(event, listener) {
      return api.on(event, (raw: unknown) => {
        const payload = parseEventPayload(event, raw);
        if (payload !== null) listener(payload);
      });
    },
  };
}

/** The meta tag the preview server injects into index.html with its per-run token. */
export const BRIDGE_TOKEN_META = 'keel-bridge-token';

/** window.keel in Electron; otherwise the preview bridge, if the page was served with a token. */
export function resolveKeelApi(win: Window = window): KeelApi | null {
  const exposed = (win as unknown as Record<string, unknown>)[KEEL_API_GLOBAL] as
    Partial<KeelApi> | undefined;
  if (exposed && typeof exposed.invoke === 'function' && typeof exposed.on === 'function') {
    return exposed as KeelApi;
  }
  const token = win.document
    .querySelector<HTMLMetaElement>(`meta[name="${BRIDGE_TOKEN_META}"]`)
    ?.content.trim();
  return token ? createBridgeApi(token) : null;
}
