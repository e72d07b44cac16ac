// `preview:web` options: --port N / --port=N, KEEL_PREVIEW_PORT, --help, with readable errors for
// anything else; and the process itself answering --help and a taken port with one clear line.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREVIEW_PORT, parsePreviewArgs } from '../../electron/preview/args';

const TSX = ['--import', 'tsx', 'electron/preview/index.ts'];

describe('parsePreviewArgs', () => {
  it('defaults the port and accepts both spellings', () => {
    expect(parsePreviewArgs([])).toEqual({ help: false, port: DEFAULT_PREVIEW_PORT });
    expect(parsePreviewArgs(['--port', '6001'])).toEqual({ help: false, port: 6001 });
    expect(parsePreviewArgs(['--port=6002'])).toEqual({ help: false, port: 6002 });
  });

  it('takes the port from KEEL_PREVIEW_PORT, and a flag wins over it', () => {
    expect(parsePreviewArgs([], { KEEL_PREVIEW_PORT: '6003' })).toEqual({
      help: false,
      port: 6003,
    });
    expect(parsePreviewArgs(['--port', '6004'], { KEEL_PREVIEW_PORT: '6003' })).toEqual({
      help: false,
      port: 6004,
    });
    expect(() => parsePreviewArgs([], { KEEL_PREVIEW_PORT: 'x' })).toThrow(/KEEL_PREVIEW_PORT/);
  });

  it('answers --help', () => {
    expect(parsePreviewArgs(['--help'])).toEqual({ help: true });
    expect(parsePreviewArgs(['--port', '1', '-h'])).toEqual({ help: true });
  });

  it.each([['--port', 'abc'], ['--port', '0'], ['--port', '70000'], ['--port'], ['--host', 'x']])(
    'refuses %s %s',
    (...argv) => {
      expect(() => parsePreviewArgs(argv)).toThrow(/port|Unknown option/);
    },
  );
});

describe('preview:web as a process', () => {
  it('prints its usage for --help and exits 0', () => {
    const run = spawnSync(process.execPath, [...TSX, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Usage: npm run preview:web/);
    expect(run.stdout).toMatch(/KEEL_PREVIEW_PORT/);
  });

  it('says which port is taken and how to pick another', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const rendererDir = mkdtempSync(join(tmpdir(), 'keel-preview-renderer-'));
      writeFileSync(
        join(rendererDir, 'index.html'),
        '<!doctype html><html><head><title>Keel</title></head><body></body></html>',
      );
      const run = await new Promise<{ status: number | null; stderr: string }>((done) => {
        // Async spawn: the blocking server must keep answering while the preview tries its port.
        const child = spawn(process.execPath, [...TSX, '--port', String(port)], {
          env: {
            ...process.env,
            KEEL_PREVIEW_RENDERER_DIR: rendererDir,
            KEEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'keel-preview-port-')),
            KEEL_EMBEDDER: 'offline',
            REDIS_URL: '',
            GOOGLE_API_KEY: '',
          },
        });
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (status) => done({ status, stderr }));
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(run.stderr).toContain('--port N');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  }, 30_000);
});
