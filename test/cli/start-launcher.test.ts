// `npm start`'s launcher (scripts/start.mjs) where Electron cannot run: one paragraph that says
// why and points to the browser preview and the command line, exit 1, no stack trace. The binary
// is made unreachable with Electron's own override (a folder without it), so the test never
// downloads or launches Electron on a machine that could.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
