// The browser preview's implementation of the preload API (KeelApi) over loopback HTTP:
// POST /api/invoke/:channel returns the same IpcResult envelope ipcMain would, and GET /api/events
// streams main → renderer events. Every request carries the per-run token the server injected into
// the page.
import type { IpcEvent, IpcEventPayload, KeelApi } from '../../../shared/ipc';
import { followEventStream } from './sse-reader';

type Listener = (payload: unknown) => void;

export function createBridgeApi(token: string, baseUrl = ''): KeelApi {
  const auth = { Authorization: `Bearer ${token}` };
  const listeners = new Map<string, Set<Listener>>();
  let stream: AbortController | null = null;

  // One shared event stream, opened on the first subscription and closed with the last.
  const ensureStream = () => {
    if (stream) return;
    stream = new AbortController();
    void followEventStream({
      url: `${baseUrl}/api/events`,
      headers: auth,
      signal: stream.signal,
      onMessage: ({ event, data }) => {
        const set = listeners.get(event);
        if (!set || set.size === 0) return;
        let payload: unknown;
        try {
          payload = JSON.parse(data);
        } catch (_error) {
          return;
        }
        for (const listener of set) listener(payload);
      },
    });
  };

  const stopStreamIfIdle = () => {
    const any = [...listeners.values()].some((set) => set.size > 0);
    if (!any && stream) {
      stream.abort();
      stream = null;
    }
  };

  return {
    async invoke(channel, request) {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify(request ?? {}),
          cache: 'no-store',
        });
      } catch (_error) {
        return {
          ok: false,
          error: {
            code: 'unavailable',
            message: 'Keel is not reachable. Is the preview still running?',
          },
        };
      }
      try {
        // The envelope is validated by the client (api/envelope.ts), whatever the HTTP status.
        return await response.json();
      } catch (_error) {
        return {
          ok: false,
          error: { code: 'failed', message: `Keel answered with HTTP ${response.status}.` },
        };
      }
    },
    async host(action) {
      // A browser tab cannot be hidden by its page; the preview acknowledges the action so the
      // page behaves as it does in the app (tests read the preview's count of them).
      const response = await fetch(`${baseUrl}/api/host/${encodeURIComponent(action)}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: '{}',
        cache: 'no-store',
      });
      if (!response.ok) throw new Error(`Keel refused ${action} (HTTP ${response.status}).`);
    },
    on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped = listener as Listener;
      set.add(wrapped);
      ensureStream();
      return () => {
        set.delete(wrapped);
        stopStreamIfIdle();
      };
    },
  };
}
