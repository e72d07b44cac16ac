import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  initTracing,
  resetTracingForTests,
  traced,
  tracingStatus,
} from '../../electron/memory/tracing';

const CHILD = fileURLToPath(new URL('./tracing.child.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

interface ChildReport {
  init: { enabled: boolean; detail: string };
  value: number;
  error: string;
  after: { enabled: boolean; detail: string };
}

/**
 * Runs the child with a hard wall-clock limit (SIGKILL), so weave can neither hang nor crash this
 * runner. Asynchronous on purpose: the fake trace server lives in this process and must keep answering.
 */
function runChild(
  traceServerUrl: string,
  lingerMs = 1500,
): Promise<{ report: ChildReport | null; code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [CHILD, traceServerUrl, String(lingerMs)],
      {
        encoding: 'utf8',
        timeout: 20_000,
        killSignal: 'SIGKILL',
        env: { ...process.env, WANDB_API_KEY: '', KEEL_LOG: 'silent' },
      },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        resolve({
          report: line ? (JSON.parse(line) as ChildReport) : null,
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          output: stdout + stderr,
        });
      },
    );
  });
}

async function startServer(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; server: Server; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    handler!(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, paths };
}

afterEach(() => resetTracingForTests());

describe('tracing without a W&B key', () => {
  it('stays off and passes calls straight through (same promise, same error)', async () => {
    const status = await initTracing({ wandbApiKey: null });
    expect(status.enabled).toBe(false);
    expect(status.detail).toMatch(/WANDB_API_KEY not set/);

    const promise = Promise.resolve(7);
    const wrapped = traced('seven', () => promise);
    expect(wrapped()).toBe(promise);

    const failure = new Error('boom');
    const failing = traced('fails', async () => {
      throw failure;
    });
    await expect(failing()).rejects.toBe(failure);
  });

  it('passes arguments through unchanged', async () => {
    const add = traced('add', async (a: number, b: number) => a + b);
    expect(await add(2, 3)).toBe(5);
  });
});

// Each case runs weave in its own child process; they are independent, so run them side by side.
describe.concurrent('tracing with a W&B key (child processes)', () => {
  describe('with no usable trace server', () => {
    it('an unreachable trace server: ops still return promptly and the process survives', async () => {
      const closed = await startServer(() => {});
      closed.server.close();
      const { report, code, output } = await runChild(closed.url);
      expect(code, output).toBe(0);
      expect(report?.value).toBe(42);
      expect(report?.error).toBe('op failure');
      expect(report?.init.enabled).toBe(false);
      expect(report?.init.detail).toMatch(/tracing off/);
      expect(report?.after.enabled).toBe(false);
    });

    it('a trace server that fails after init: ops keep their results and tracing turns itself off', async () => {
      // Healthy at the probe, then rejects every upload: weave fails fast on a 400 (no retries).
      const broken = await startServer((req, res) => {
        if (req.url === '/health') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } else {
          req.resume();
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end('{"reason":"rejected by test"}');
        }
      });
      try {
        const { report, code, output } = await runChild(broken.url);
        expect(code, output).toBe(0);
        expect(report?.init.enabled).toBe(true);
        expect(report?.value).toBe(42);
        expect(report?.error).toBe('op failure');
        expect(report?.after.enabled).toBe(false);
        expect(report?.after.detail).toMatch(/tracing stopped after a failure/);
        expect(broken.paths.some((p) => p.startsWith('POST /obj/create'))).toBe(true);
      } finally {
        broken.server.close();
      }
    });
  });

  describe('with a trace server that never answers uploads', () => {
    it('ops return without waiting for the trace', async () => {
      const hanging = await startServer((req, res) => {
        if (req.url === '/health')
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        // Everything else is left unanswered: weave's op wrapper would wait on it indefinitely.
      });
      try {
        const { report, code, output } = await runChild(hanging.url, 300);
        expect(code, output).toBe(0);
        expect(report?.init.enabled).toBe(true);
        expect(report?.value).toBe(42);
        expect(report?.error).toBe('op failure');
      } finally {
        hanging.server.closeAllConnections();
        hanging.server.close();
      }
    });
  });

  describe('with a working trace server', () => {
    it('uploads the op calls and stays enabled', async () => {
      const bodies: string[] = [];
      const working = await startServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => {
          bodies.push(`${req.url} ${body}`);
          const reply =
            req.url === '/obj/create' || req.url === '/file/create' ? { digest: 'd1' } : {};
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
        });
      });
      try {
        const { report, code, output } = await runChild(working.url, 1500);
        expect(code, output).toBe(0);
        expect(report?.value).toBe(42);
        expect(report?.after.enabled).toBe(true);
        const uploads = bodies.filter((b) => b.startsWith('/call/upsert_batch')).join('\n');
        expect(uploads).toContain('double');
        expect(uploads).toContain('op failure');
      } finally {
        working.server.close();
      }
    });
  });
});

describe('tracing status', () => {
  it('reports off before init', () => {
    expect(tracingStatus()).toEqual({ enabled: false, detail: 'tracing not initialised' });
  });
});
