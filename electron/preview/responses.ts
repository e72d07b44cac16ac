// Response helpers: every response carries hardening headers; bridge errors use the same envelope
// shape as invoke results so the renderer's client reads them uniformly. No CORS headers, ever.
import type { ServerResponse } from 'node:http';
import type { IpcError } from '../../shared/ipc';

export const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...COMMON_HEADERS,
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

export function sendError(
  response: ServerResponse,
  status: number,
  code: IpcError['code'],
  message: string,
  extra: Record<string, string> = {},
): void {
  sendJson(response, status, { ok: false, error: { code, message } }, extra);
}
