// The preview bridge over real HTTP, in front of the real application layer (embedded store,
// offline coach) in a temp data dir: who may call it, what it serves, and what it refuses.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeelApp } from '../../electron/app/keel-app';
import type { KeelApp } from '../../electron/app/types';
import { EventStreamHub } from '../../electron/preview/event-stream';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import { MemorySecretStore } from '../../electron/secrets/secret-store';
import { rawRequest } from './http-client';

const TOKEN = 'test-token-0123456789abcdef';
const OUTSIDE_SECRET = 'this file is outside the renderer directory';

let root: string;
let app: KeelApp;
let server: PreviewServer;
let port: number;
let events: EventStreamHub;

function invoke(channel: string, body: unknown, headers: Record<string, string> = {}) {
  return rawRequest({
    port,
    path: `/api/invoke/${channel}`,
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'keel-preview-test-'));
  const rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>Keel</title></head><body></body></html>',
  );
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("keel");');
  await writeFile(join(root, 'outside.txt'), OUTSIDE_SECRET);
  await symlink(join(root, 'outside.txt'), join(rendererDir, 'assets', 'link.txt'));

  events = new EventStreamHub();
  app = await createKeelApp({
    host: 'preview',
    dataDir: join(root, 'data'),
    secrets: new MemorySecretStore(),
    env: { KEEL_EMBEDDER: 'offline' },
    emit: events.emit,
  });
  server = await startPreviewServer({ app, events, rendererDir, token: TOKEN, port: 0 });
  port = server.port;
});

afterAll(async () => {
  await server?.close();
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

describe('serving the renderer', () => {
  it('serves index.html with the token injected, a CSP header and no CORS headers', async () => {
    const res = await rawRequest({ port, path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<meta name="keel-bridge-token" content="${TOKEN}" />`);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with their content type', async () => {
    const res = await rawRequest({ port, path: '/assets/app.js' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/javascript');
  });

  it.each([
    '/../outside.txt',
    '/assets/../../outside.txt',
    '/%2e%2e/outside.txt',
    '/..%2foutside.txt',
    '/assets/..%5c..%5coutside.txt',
    '/assets/%00.js',
    '/assets/link.txt',
  ])('refuses path traversal: %s', async (path) => {
    const res = await rawRequest({ port, path });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain(OUTSIDE_SECRET);
  });

  it('answers 404 for files that do not exist', async () => {
    expect((await rawRequest({ port, path: '/nope.js' })).status).toBe(404);
  });
});

describe('who may call the bridge', () => {
  it('refuses a request without a token (401)', async () => {
    const res = await rawRequest({
      port,
      path: '/api/invoke/app:status',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses a wrong token (401), including on the event stream', async () => {
    expect((await invoke('app:status', {}, { Authorization: `Bearer ${TOKEN}x` })).status).toBe(
      401,
    );
    expect((await invoke('app:status', {}, { Authorization: TOKEN })).status).toBe(401);
    const events = await rawRequest({
      port,
      path: '/api/events',
      headers: { Authorization: 'Bearer nope' },
    });
    expect(events.status).toBe(401);
  });

  it('answers a correct token with the envelope', async () => {
    const res = await invoke('app:status', {});
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(true);
    expect(body.value.host).toBe('preview');
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token (403)', async () => {
    const res = await invoke('app:status', {}, { Host: `evil.example:${port}` });
    expect(res.status).toBe(403);
    expect((await rawRequest({ port, path: '/', headers: { Host: 'evil.example' } })).status).toBe(
      403,
    );
    expect((await invoke('app:status', {}, { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses cross-origin requests (403)', async () => {
    expect((await invoke('app:status', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await invoke('app:status', {}, { Origin: `http://localhost:${port}` })).status).toBe(
      403,
    );
    expect((await invoke('app:status', {}, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await invoke('app:status', {}, { Origin: `http://127.0.0.1:${port}` })).status).toBe(
      200,
    );
  });

  it('answers a malformed percent-escape in the channel name with 400, not 500', async () => {
    for (const channel of ['%E0%A4%A', 'app%3Astatus%', '%zz']) {
      const res = await invoke(channel, {});
      expect(res.status, channel).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    // A well-formed escape still reaches the channel it names.
    expect((await invoke('app%3Astatus', {})).status).toBe(200);
  });

  it('accepts JSON only (415)', async () => {
    const res = await invoke('app:status', {}, { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
  });
});

describe('what the bridge refuses', () => {
  it('refuses an oversized body (413) and changes nothing', async () => {
    const before = JSON.parse((await invoke('session:get', {})).body).value.task;
    const res = await invoke('task:set', { task: 'x'.repeat(100 * 1024) });
    expect(res.status).toBe(413);
    expect(JSON.parse((await invoke('session:get', {})).body).value.task).toBe(before);
  });

  it.each(['nope:channel', '__proto__', 'constructor', 'toString'])(
    'refuses an unknown channel %s as forbidden',
    async (channel) => {
      const res = await invoke(encodeURIComponent(channel), {});
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('forbidden');
    },
  );

  it('returns invalid_input for a payload that breaks the contract, and changes nothing', async () => {
    const before = JSON.parse((await invoke('settings:get', {})).body).value;
    const bad = await invoke('settings:update', { userId: 'not a valid id!' });
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const extra = await invoke('settings:update', { sneaky: true });
    expect(JSON.parse(extra.body).error.code).toBe('invalid_input');
    expect(JSON.parse((await invoke('settings:get', {})).body).value).toEqual(before);
  });

  it('returns invalid_input for a body that is not JSON', async () => {
    const res = await rawRequest({
      port,
      path: '/api/invoke/app:status',
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('invalid_input');
  });

  it('never sends a saved secret back', async () => {
    const key = 'AIzaSyTEST-not-a-real-key-1234567890';
    const saved = await invoke('secrets:set', { name: 'geminiApiKey', value: key });
    expect(saved.status).toBe(200);
    expect(saved.body).not.toContain(key);
    expect(JSON.parse(saved.body).value.geminiApiKey).toEqual({ set: true, source: 'keychain' });
    const view = await invoke('secrets:get', {});
    expect(view.body).not.toContain(key);
  });

  it('has no test hooks unless asked for', async () => {
    const res = await rawRequest({
      port,
      path: '/api/test/navigate',
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ view: 'settings' }),
    });
    expect(res.status).toBe(404);
  });
});

describe('the event stream', () => {
  it('delivers main → renderer events to a page holding the token', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/events',
          headers: { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${TOKEN}` },
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (text.includes(': connected')) events.emit('navigate', { view: 'history' });
            if (text.includes('data: ')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('event: navigate\ndata: {"view":"history"}\n\n');
  });
});
