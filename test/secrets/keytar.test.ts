// keytar FOR REAL: a child process runs under its own D-Bus session with an unlocked gnome-keyring
// (HOME in a temp dir, so the real keyring is never touched) and drives KeytarSecretStore.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((c) => !has(c));
if (missing.length && process.env.CI) {
  throw new Error(
    `keytar test needs ${missing.join(' and ')} in CI (apt-get install dbus dbus-x11 gnome-keyring libsecret-1-dev)`,
  );
}

const home = mkdtempSync(join(tmpdir(), 'keel-keyring-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.skipIf(missing.length > 0)(
  `keytar secret store against a real Secret Service${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`,
  () => {
    it('sets, reads, overwrites and deletes a secret', () => {
      const script = fileURLToPath(new URL('./keytar-child.ts', import.meta.url));
      const repo = fileURLToPath(new URL('../..', import.meta.url));
      const child = spawnSync(
        'dbus-run-session',
        [
          '--',
          'bash',
          '-c',
          'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec npx tsx "$0"',
          script,
        ],
        {
          cwd: repo,
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            ...process.env,
            HOME: home,
            XDG_DATA_HOME: join(home, 'data'),
            XDG_RUNTIME_DIR: home,
            DISPLAY: '',
          },
        },
      );
      const line = child.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .at(-1);
      expect(line, `child stderr: ${child.stderr}`).toBeDefined();
      const results = JSON.parse(line!);
      expect(results).toEqual({
        opened: true,
        backend: 'keytar',
        detail: 'OS keychain via keytar (libsecret)',
        initial: null,
        afterSet: 'AIza-first-value',
        afterOverwrite: 'AIza-second-value',
        otherName: null,
        afterDelete: null,
        deleteTwice: 'ok',
      });
    });
  },
);
