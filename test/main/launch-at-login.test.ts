import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyLaunchAtLogin,
  autostartEntry,
  autostartPath,
} from '../../electron/main/launch-at-login';

function recorder() {
  const calls: Array<{ openAtLogin: boolean }> = [];
  return { calls, app: { setLoginItemSettings: (s: { openAtLogin: boolean }) => calls.push(s) } };
}

describe('launch at login', () => {
  it('uses the login-item API on macOS and Windows', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const r = recorder();
      await applyLaunchAtLogin(true, { platform, app: r.app, execPath: '/x' });
      await applyLaunchAtLogin(false, { platform, app: r.app, execPath: '/x' });
      expect(r.calls).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
    }
  });

  it('writes and removes an XDG autostart entry on Linux, preferring the AppImage path', async () => {
    const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'keel-autostart-')) };
    const r = recorder();
    const file = autostartPath(env);
    expect(file).toBe(join(env.XDG_CONFIG_HOME, 'autostart', 'keel.desktop'));

    await applyLaunchAtLogin(true, {
      platform: 'linux',
      app: r.app,
      env: { ...env, APPIMAGE: '/home/me/Apps/Keel 1.0.AppImage' },
      execPath: '/opt/Keel/keel',
    });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('[Desktop Entry]');
    expect(text).toContain('Exec="/home/me/Apps/Keel 1.0.AppImage"');
    expect(r.calls).toEqual([]);

    await applyLaunchAtLogin(false, { platform: 'linux', app: r.app, env, execPath: '/x' });
    expect(existsSync(file)).toBe(false);
    // Turning it off twice is not an error.
    await applyLaunchAtLogin(false, { platform: 'linux', app: r.app, env, execPath: '/x' });
  });

  it('quotes the Exec path as the Desktop Entry spec requires', () => {
    expect(autostartEntry('/a "b"/c$d')).toContain('Exec="/a \\"b\\"/c\\$d"');
  });
});
