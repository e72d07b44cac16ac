// Starts a real, throw-away redis-server (Debian's 7.0, no modules) for integration tests: a free
// loopback port, a fresh temp dir, no persistence unless asked. Tests must never touch a developer's
// own Redis, and must never depend on a mock client, so every Redis test goes through this.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServerOptions {
  /** Keep an append-only file so data survives restart() (default false: nothing persisted). */
  appendonly?: boolean;
  /** Sets `requirepass`; the URL then carries `:password@`. */
  password?: string;
  /** Path of the binary (default `redis-server` from PATH). */
  binary?: string;
  /** How long to wait for PING to answer (default 10 s). */
  startTimeoutMs?: number;
}

export interface RedisServerHandle {
  /** `redis://127.0.0.1:PORT` (with `:password@` when a password is set). */
  url: string;
  port: number;
  /** The server's working dir (AOF lives here); removed by stop(). */
  dir: string;
  /** Stops the server and removes its dir. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server (if running) and starts it again on the same port and dir. */
  restart(): Promise<void>;
  /** Stops the server but keeps the dir, for "Redis went away mid-run" tests; restart() brings it back. */
  kill(): Promise<void>;
}

export async function startRedisServer(
  options: RedisServerOptions = {},
): Promise<RedisServerHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-redis-'));
  const binary = options.binary ?? 'redis-server';
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  let port = 0;
  let child: ChildProcess | null = null;
  let removed = false;

  const args = (p: number): string[] => {
    const list = [
      '--port',
      String(p),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      options.appendonly ? 'yes' : 'no',
      '--daemonize',
      'no',
      '--protected-mode',
      'no',
      '--logfile',
      '',
      '--loglevel',
      'warning',
    ];
    if (options.password) list.push('--requirepass', options.password);
    return list;
  };

  const launch = async (p: number): Promise<void> => {
    const proc = spawn(binary, args(p), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let exited = false;
    proc.once('exit', () => (exited = true));
    child = proc;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`redis-server exited at start (port ${p}): ${stderr.trim()}`);
      if (await pingAnswers(p, options.password)) return;
      await sleep(25);
    }
    await stopProcess(proc);
    throw new Error(`redis-server on port ${p} did not answer PING within ${timeoutMs} ms`);
  };

  // A free port can be taken between probing and binding; try a few.
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    port = await freePort();
    try {
      await launch(port);
      lastError = null;
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (lastError) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }

  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const handle: RedisServerHandle = {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    dir,
    async kill() {
      if (child) await stopProcess(child);
      child = null;
    },
    async stop() {
      await handle.kill();
      if (!removed) rmSync(dir, { recursive: true, force: true });
      removed = true;
    },
    async restart() {
      if (removed) throw new Error('redis-server fixture was stopped; start a new one');
      await handle.kill();
      await launch(port);
    },
  };
  return handle;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const p = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(p));
    });
  });
}

/** True when the server answers PING (+PONG, or a NOAUTH error that proves it is up when a password is set). */
function pingAnswers(port: number, password?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let data = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('+PONG')) done(true);
      else if (data.includes('-')) done(false);
    });
    socket.once('connect', () => {
      const auth = password ? `AUTH ${JSON.stringify(password)}\r\n` : '';
      socket.write(`${auth}PING\r\n`);
    });
  });
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => proc.kill('SIGKILL'), 3_000);
    proc.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGTERM lets Redis flush its AOF (appendonly yes) before exiting.
    proc.kill('SIGTERM');
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
