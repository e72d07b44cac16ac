import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// End-to-end tests drive Debian's Chromium against the browser preview (`npm run preview:web`),
// which serves the built renderer and a loopback bridge to the real core (embedded store, offline
// coach) in a fresh data directory per run. Electron itself cannot be launched on these machines.
const dataDir = mkdtempSync(join(tmpdir(), 'keel-e2e-'));
const port = Number(process.env.KEEL_UI_PORT);

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
