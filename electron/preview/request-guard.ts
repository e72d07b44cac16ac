// The bridge's front door. The preview exposes the real core (and secrets) on a loopback port, so
// every request must prove it comes from the page we served:
// - Host must be 127.0.0.1:PORT or localhost:PORT (a DNS-rebinding page sends its own host name);
// - Origin, when sent, must be this server's origin, and Sec-Fetch-Site must not be cross-site;
// - /api requests must carry the per-run token (Authorization: Bearer), compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function checkHostAndOrigin(headers: IncomingHttpHeaders, port: number): GuardVerdict {
  const host = (headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).includes(host)) {
    return {
      ok: false,
      status: 403,
      message: 'This server only answers to 127.0.0.1 or localhost.',
    };
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return { ok: false, status: 403, message: 'Cross-origin requests are refused.' };
  }
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    return { ok: false, status: 403, message: 'Cross-origin requests are refused.' };
  }
  return { ok: true };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function checkToken(headers: IncomingHttpHeaders, token: string): GuardVerdict {
  const header = headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  // Hashing first gives equal-length buffers, so the comparison time says nothing about the token.
  if (!match || !timingSafeEqual(digest(match[1] ?? ''), digest(token))) {
    return { ok: false, status: 401, message: 'Missing or wrong bridge token.' };
  }
  return { ok: true };
}
