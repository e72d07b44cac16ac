// Launch at login. macOS and Windows have Electron's login-item API; Linux desktops follow the XDG
// autostart convention instead: a .desktop file in ~/.config/autostart that the session starts.
// The file is written or removed to match the setting; nothing else is touched.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface LoginItemApi {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export interface LaunchAtLoginOptions {
  platform: NodeJS.Platform;
  app: LoginItemApi;
  env?: NodeJS.ProcessEnv;
  /** The program to start: the AppImage when running from one, else the Electron executable. */
  execPath: string;
}

export const AUTOSTART_FILE = 'keel.desktop';

export function autostartPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(
    env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config'),
    'autostart',
    AUTOSTART_FILE,
  );
}

/** Desktop Entry text; the Exec path is quoted as the spec requires (spaces, quotes, backslashes). */
export function autostartEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Keel',
    'Comment=A calm focus coach in your tray',
    `Exec=${quoted}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function applyLaunchAtLogin(
  enabled: boolean,
  options: LaunchAtLoginOptions,
): Promise<void> {
  if (options.platform !== 'linux') {
    options.app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const file = autostartPath(options.env);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  const exec = options.env?.APPIMAGE?.trim() || options.execPath;
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, autostartEntry(exec), { mode: 0o644 });
}
