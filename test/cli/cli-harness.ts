// Runs `keel` commands in-process with in-memory streams, or as a real child process through the
// checkout's launcher (`node scripts/keel.mjs ...`: the built bundle when fresh, else the sources
// through tsx), and returns exit code, stdout and stderr.
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { runCli } from '../../electron/cli/index';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(
  argv: string[],
  env: NodeJS.ProcessEnv,
  options: { stdin?: string; isTTY?: boolean; stderrIsTTY?: boolean } = {},
): Promise<CliRun> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  stdin.end(options.stdin ?? '');
  const code = await runCli(argv, {
    stdin,
    stdout,
    stderr,
    env,
    isTTY: options.isTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
  });
  return { code, stdout: out, stderr: err };
}

export const ROOT = new URL('../../', import.meta.url).pathname;

export function runSpawned(
  argv: string[],
  env: NodeJS.ProcessEnv,
  options: { stdin?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/keel.mjs', ...argv], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code: code ?? -1, stdout, stderr: stderr.replace(/^npm warn.*\n/gm, '') }),
    );
  });
}

/** The environment the CLI tests run with: offline embedder, a small dimension, a quiet log. */
export function offlineCliEnv(dataDir: string, dim: number | null = 64): NodeJS.ProcessEnv {
  return {
    KEEL_DATA_DIR: dataDir,
    KEEL_EMBEDDER: 'offline',
    ...(dim === null ? {} : { KEEL_EMBEDDING_DIM: String(dim) }),
    KEEL_LOG: 'silent',
  };
}
