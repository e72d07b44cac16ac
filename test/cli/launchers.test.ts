// The two launchers in scripts/. `npm start` (start.mjs) where Electron cannot run: one paragraph
// that says why and points to the browser preview and the command line, exit 1, no stack trace;
// the binary is made unreachable with Electron's own override (a folder without it), so the test
// never downloads or launches Electron on a machine that could. `npm run keel` (keel.mjs): the
// built bundle while it is fresh, the sources otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-harness';

describe('npm start without a usable Electron', () => {
  it('ends with one clear paragraph that points to preview:web and the CLI', () => {
    const empty = mkdtempSync(join(tmpdir(), 'keel-no-electron-'));
    const run = spawnSync(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
    });
    expect(run.status).toBe(1);
    const paragraph = run.stderr.trim();
    expect(paragraph).toMatch(/^Keel's desktop app cannot start here: the Electron runtime/);
    expect(paragraph).toContain('npm run preview:web');
    expect(paragraph).toContain('npm run keel -- help');
    expect(paragraph.split('\n\n')).toHaveLength(1);
    expect(paragraph).not.toMatch(/\n\s+at |Error:/);
  });
});

describe('npm run keel (scripts/keel.mjs)', () => {
  const BUNDLE = join(ROOT, 'out', 'cli', 'index.js');
  const trace = () =>
    spawnSync(process.execPath, ['scripts/keel.mjs', 'help'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, KEEL_CLI_TRACE: '1' },
    });

  it('runs the bundle only while it is newer than its sources, else the sources', () => {
    if (!existsSync(BUNDLE)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const { atime, mtime } = statSync(BUNDLE);
    try {
      utimesSync(BUNDLE, atime, new Date(Date.now() + 60_000));
      const fresh = trace();
      expect(fresh.status).toBe(0);
      expect(fresh.stderr).toContain('keel: running out/cli (built bundle)');
      expect(fresh.stdout).toContain('Usage: keel <command>');

      utimesSync(BUNDLE, atime, new Date(0));
      const stale = trace();
      expect(stale.status).toBe(0);
      expect(stale.stderr).toContain('keel: running the sources (tsx)');
      expect(stale.stdout).toContain('Usage: keel <command>');
    } finally {
      utimesSync(BUNDLE, atime, mtime);
    }
  }, 120_000);
});
