// The browser preview's HTTP server: the built renderer at /, the bridge at /api (the same
// contract as the Electron preload, over the same KeelApp), and /healthz for readiness checks.
// Loopback only, token-guarded, no CORS; see request-guard.ts for why each check exists.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIpcChannel } from '../../shared/ipc';
import { isHostAction, type HostAction } from '../../shared/ipc-channels';
import type { KeelApp } from '../app/types';
import type { EventStreamHub } from './event-stream';
import { CONTENT_SECURITY_POLICY, injectBridgeToken } from './html';
import { BodyTooLargeError, readBody } from './read-body';
import { checkHostAndOrigin, checkToken } from './request-guard';
import { COMMON_HEADERS, sendError, sendJson } from './responses';
import { lookupStatic, readStatic } from './static-files';
import { handleTestHook } from './test-hooks';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface PreviewServerOptions {
  app: Pick<KeelApp, 'dispatch' | 'invoke'>;
  events: EventStreamHub;
  /** The built renderer (out/renderer); must contain index.html. */
  rendererDir: string;
  token: string;
  /** 0 picks a free port (tests). */
  port: number;
  maxBodyBytes?: number;
  testHooks?: boolean;
}

export interface PreviewServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const INVOKE_PREFIX = '/api/invoke/';
const HOST_PREFIX = '/api/host/';
const TEST_PREFIX = '/api/test/';

function decodeName(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Read once: a missing build fails at start-up, not on the first page load.
  const indexHtml = injectBridgeToken(
    await readFile(join(options.rendererDir, 'index.html'), 'utf8'),
    options.token,
  );
  let port = options.port;
  // A tab cannot be hidden by its page: host actions are acknowledged and counted (test hooks read it).
  const hostActions = new Map<HostAction, number>();

  async function handleApi(request: IncomingMessage, response: ServerResponse, path: string) {
    const auth = checkToken(request.headers, options.token);
    if (!auth.ok) {
      sendError(response, auth.status, 'forbidden', auth.message, { 'WWW-Authenticate': 'Bearer' });
      return;
    }
    if (path === '/api/events') {
      if (request.method !== 'GET') return sendError(response, 405, 'forbidden', 'Use GET.');
      options.events.attach(response, COMMON_HEADERS);
      return;
    }
    const isInvoke = path.startsWith(INVOKE_PREFIX);
    const isHost = path.startsWith(HOST_PREFIX);
    const isTestHook = options.testHooks === true && path.startsWith(TEST_PREFIX);
    if (!isInvoke && !isHost && !isTestHook)
      return sendError(response, 404, 'not_found', 'No such route.');
    if (request.method !== 'POST') return sendError(response, 405, 'forbidden', 'Use POST.');
    // JSON only: a cross-site form cannot send application/json without a CORS preflight,
    // which this server never approves.
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return sendError(
        response,
        415,
        'invalid_input',
        'Send JSON (Content-Type: application/json).',
      );
    }
    let body: unknown;
    try {
      const raw = await readBody(request, maxBody);
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return sendError(response, 413, 'invalid_input', `Request body is over ${maxBody} bytes.`, {
          Connection: 'close',
        });
      }
      return sendError(response, 400, 'invalid_input', 'Request body is not valid JSON.');
    }
    if (isTestHook) {
      const name = path.slice(TEST_PREFIX.length);
      return handleTestHook({
        name,
        body,
        app: options.app,
        events: options.events,
        hostActions,
        response,
      });
    }
    // The name after the route's prefix, %-decoded; a malformed escape is the client's mistake.
    const name = decodeName(path.slice((isHost ? HOST_PREFIX : INVOKE_PREFIX).length));
    if (name === null) {
      return sendError(response, 400, 'invalid_input', 'The name is not valid URL encoding.');
    }
    if (isHost) {
      if (!isHostAction(name)) {
        return sendError(
          response,
          403,
          'forbidden',
          `Unknown host action ${JSON.stringify(name.slice(0, 60))}`,
        );
      }
      hostActions.set(name, (hostActions.get(name) ?? 0) + 1);
      return sendJson(response, 200, { ok: true, value: null });
    }
    const channel = name;
    // dispatch refuses unknown channels too; answering 403 here keeps them out of the app's logs.
    if (!isIpcChannel(channel)) {
      return sendError(
        response,
        403,
        'forbidden',
        `Unknown channel ${JSON.stringify(channel.slice(0, 60))}`,
      );
    }
    // Envelope errors (invalid_input, failed, ...) are results, not transport failures: HTTP 200.
    sendJson(response, 200, await options.app.dispatch(channel, body));
  }

  async function handleStatic(request: IncomingMessage, response: ServerResponse, path: string) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendError(response, 405, 'forbidden', 'Method not allowed.');
    }
    const found = await lookupStatic(options.rendererDir, path);
    if (found.kind === 'refused') return sendError(response, 403, 'forbidden', 'Path refused.');
    if (found.kind === 'missing') return sendError(response, 404, 'not_found', 'Not found.');
    const isIndex = found.contentType.startsWith('text/html');
    const body = isIndex ? Buffer.from(indexHtml) : await readStatic(found.path);
    response.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': found.contentType,
      'Content-Length': String(body.length),
      'Cache-Control': 'no-store',
      ...(isIndex ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const guard = checkHostAndOrigin(request.headers, port);
    if (!guard.ok) return sendError(response, guard.status, 'forbidden', guard.message);
    // Only the path is used; it is not normalised here so "/../" reaches lookupStatic and is refused.
    const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
    if (rawPath === '/healthz') return sendJson(response, 200, { ok: true });
    if (rawPath === '/api' || rawPath.startsWith('/api/'))
      return handleApi(request, response, rawPath);
    if (rawPath === '/index.html' || rawPath === '/') return handleStatic(request, response, '/');
    return handleStatic(request, response, rawPath);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendError(response, 500, 'failed', 'The preview server failed.');
      else response.end();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        options.events.closeAll();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
