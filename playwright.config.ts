import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// End-to-end tests drive Debian's Chromium against the browser preview (`npm run preview:web`),
// which serves the built renderer and a loopback bridge to the real core (embedded store, offline
// coach) in a fresh data directory per run. Electron itself cannot be launched on these machines.
const dataDir = mkdtempSync(join(tmpdir(), 'keel-e2e-'));

// The preview's port: KEEL_PREVIEW_PORT when set (it must be free), else one the OS says is free.
// Playwright loads this file again in each worker; the chosen port is kept in the environment the
// workers inherit, so they all talk to the same server.
function portCheck(port: number): string {
  // A synchronous probe in a child process (config files cannot await): prints the port it got.
  return execFileSync(
    process.execPath,
    [
      '-e',
      `const s = require('node:net').createServer();
       s.on('error', (e) => { console.log(e.code); process.exit(0); });
       s.listen(${port}, '127.0.0.1', () => { console.log(s.address().port); s.close(); });`,
    ],
    { encoding: 'utf8' },
  ).trim();
}
function previewPort(): number {
  const wanted = process.env.KEEL_PREVIEW_PORT?.trim();
  if (!wanted) return Number((process.env.KEEL_PREVIEW_PORT = portCheck(0)));
  if (!/^\d{1,5}$/.test(wanted))
    throw new Error(`KEEL_PREVIEW_PORT=${wanted} is not a port number.`);
  if (process.env.KEEL_E2E_PORT_CHOSEN !== wanted && portCheck(Number(wanted)) !== wanted) {
    throw new Error(
      `KEEL_PREVIEW_PORT=${wanted} is already in use on 127.0.0.1. Free it, or unset KEEL_PREVIEW_PORT to let the tests pick a free port.`,
    );
  }
  return Number(wanted);
}
const port = previewPort();
// Checked once: in the workers the port is (rightly) taken by our own preview server.
process.env.KEEL_E2E_PORT_CHOSEN = String(port);

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'list' : 'line',
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.KEEL_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  // Onboarding only shows on a fresh data directory, so it runs first; everything else runs after
  // it, against the same preview (one worker, files in order), and creates the data it needs.
  projects: [
    { name: 'first-run', testMatch: /onboarding\.spec\.ts$/ },
    { name: 'app', testIgnore: /onboarding\.spec\.ts$/, dependencies: ['first-run'] },
  ],
  webServer: {
    command: `npm run preview:web -- --port ${port}`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      KEEL_DATA_DIR: dataDir,
      KEEL_EMBEDDER: 'offline',
      KEEL_PREVIEW_TEST_HOOKS: '1',
      REDIS_URL: '',
      GOOGLE_API_KEY: '',
    },
  },
});
