// The built main process (out/main/index.js, exactly what the app runs) boots against the
// recording Electron double: the single-instance lock, whenReady, the onboarding window on a first
// run, the tray and its menu, one IPC handler per contract channel, "Check in now" from the tray,
// and a quit that closes the core with nothing left in the outbox. Also the hardening that depends
// on app.isPackaged, and `Keel --cli`. Keel's own code runs for real (embedded store, offline coach).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../shared/ipc';
import {
  HOST_ACTION_NAMES,
  IPC_EVENT_PREFIX,
  IPC_HOST_PREFIX,
  IPC_INVOKE_PREFIX,
} from '../../shared/ipc-channels';

vi.mock('electron', () => import('./electron-mock'));
type Double = typeof import('./electron-mock');

const ROOT = new URL('../../', import.meta.url).pathname;
const BUILT = join(ROOT, 'out', 'main', 'index.js');
const root = mkdtempSync(join(tmpdir(), 'keel-boot-'));
const saved = { env: { ...process.env }, argv: [...process.argv] };

function newestSource(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((n) => newestSource(join(path, n))));
}

beforeAll(() => {
  // The test is about the built file: build it when it is missing or older than its sources.
  const stale =
    !existsSync(BUILT) ||
    statSync(BUILT).mtimeMs <
      Math.max(newestSource(join(ROOT, 'electron')), newestSource(join(ROOT, 'shared')));
  if (stale) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'ignore' });
}, 120_000);

afterAll(() => {
  process.env = saved.env;
  process.argv = saved.argv;
  rmSync(root, { recursive: true, force: true });
});

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(root, 'data-'));
  process.env = {
    ...saved.env,
    KEEL_DATA_DIR: dataDir,
    KEEL_EMBEDDER: 'offline',
    KEEL_LOG: 'silent',
    REDIS_URL: '',
    GOOGLE_API_KEY: '',
    GEMINI_API_KEY: '',
    WANDB_API_KEY: '',
    XDG_CONFIG_HOME: join(dataDir, 'config'),
    // A dev-server URL in the environment: honoured only when not packaged.
    ELECTRON_RENDERER_URL: 'http://localhost:5173',
  };
  process.argv = [saved.argv[0]!, BUILT];
});

/** Loads a fresh copy of the built main process against a fresh double, set up by `arrange`. */
async function boot(arrange: (electron: Double) => void = () => undefined): Promise<Double> {
  vi.resetModules();
  const electron = (await import('electron')) as unknown as Double;
  electron.resetElectronMock();
  electron.app.paths = { userData: join(dataDir, 'user-data'), downloads: join(dataDir, 'dl') };
  electron.app.appPath = ROOT;
  arrange(electron);
  await import(/* @vite-ignore */ BUILT);
  return electron;
}

type MenuItem = { id?: string; label?: string; click?: () => void; submenu?: MenuItem[] };
const menuOf = (electron: Double) =>
  (electron.Tray.created[0]?.menu as { template: MenuItem[] } | undefined)?.template ?? [];

/** Calls an IPC handler as our own window's top frame would. */
function invokeFrom(electron: Double, window: InstanceType<Double['BrowserWindow']>) {
  return (channel: string, request: unknown = {}) =>
    electron.ipcMain.handlers.get(IPC_INVOKE_PREFIX + channel)!(
      { sender: window.webContents, senderFrame: { url: window.webContents.url, parent: null } },
      request,
    ) as Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
}

describe('the built main process', () => {
  it('boots: lock, whenReady, onboarding, tray, IPC; checks in from the tray; quits cleanly', async () => {
    const electron = await boot();
    const { app, BrowserWindow, ipcMain } = electron;
    await vi.waitFor(() => expect(menuOf(electron).length).toBeGreaterThan(0), { timeout: 20_000 });

    expect(app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(app.whenReady).toHaveBeenCalledTimes(1);
    expect(app.requestSingleInstanceLock.mock.invocationCallOrder[0]).toBeLessThan(
      app.whenReady.mock.invocationCallOrder[0]!,
    );
    // First run: the onboarding view in the main window, shown.
    await vi.waitFor(() => expect(BrowserWindow.created).toHaveLength(1));
    const main = BrowserWindow.created[0]!;
    expect(main.webContents.url).toMatch(/#\/onboarding$/);
    expect(main.visible).toBe(true);
    // One handler per contract channel and per host action, nothing else.
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      [
        ...IPC_CHANNELS.map((c) => IPC_INVOKE_PREFIX + c),
        ...HOST_ACTION_NAMES.map((a) => IPC_HOST_PREFIX + a),
      ].sort(),
    );
    // The tray and its menu.
    expect(electron.Tray.created).toHaveLength(1);
    const labels = menuOf(electron).map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(['Check in now', 'Quit Keel']));

    // Not packaged: the dev server URL is honoured, DevTools allowed, Electron's menu kept.
    expect(main.webContents.url.startsWith('http://localhost:5173')).toBe(true);
    expect((main.options.webPreferences as { devTools?: boolean }).devTools).toBe(true);
    expect(electron.Menu.setApplicationMenu).not.toHaveBeenCalled();

    // Tray → Check in now: the check-in window opens and our window hears `checkin:due`.
    menuOf(electron).find((item) => item.id === 'checkin')!.click!();
    await vi.waitFor(() => expect(BrowserWindow.created).toHaveLength(2));
    const checkIn = BrowserWindow.created[1]!;
    expect(checkIn.options).toMatchObject({ width: 380, height: 520, alwaysOnTop: true });
    expect(checkIn.visible).toBe(true);
    await vi.waitFor(() =>
      expect(main.webContents.sent.map((m) => m.channel)).toContain(
        IPC_EVENT_PREFIX + 'checkin:due',
      ),
    );

    // Answer it from the check-in window (a trusted sender), so there is a record to keep.
    const invoke = invokeFrom(electron, checkIn);
    const current = await invoke('checkin:current');
    expect(current.ok).toBe(true);
    const id = (current.value as { id: string }).id;
    const answered = await invoke('checkin:answer', {
      checkInId: id,
      reply: { kind: 'quick', id: 'done' },
    });
    expect(answered.ok).toBe(true);

    // Quit from the tray: the core closes (the app quits for real only after), nothing waits.
    menuOf(electron).find((item) => item.id === 'quit')!.click!();
    await vi.waitFor(() => expect(app.quitted).toBe(true), { timeout: 20_000 });
    expect(electron.Tray.created[0]!.destroyed).toBe(true);
    expect(ipcMain.handlers.size).toBe(0);
    expect(readdirSync(join(dataDir, 'outbox'))).toEqual([]);
    // The store was closed and kept the answer: the built CLI reads it from the same folder.
    const exported = spawnSync(process.execPath, [join(ROOT, 'scripts', 'keel.mjs'), 'export'], {
      cwd: ROOT,
      env: process.env,
      encoding: 'utf8',
    });
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/"outcome":"task_completed"/);
  }, 60_000);

  it('packaged: no dev server, no DevTools, no default menu', async () => {
    const electron = await boot((e) => {
      e.app.isPackaged = true;
    });
    await vi.waitFor(() => expect(electron.BrowserWindow.created).toHaveLength(1), {
      timeout: 20_000,
    });
    const window = electron.BrowserWindow.created[0]!;
    expect(window.webContents.url.startsWith('file://')).toBe(true);
    expect(window.webContents.url).toContain('/out/renderer/index.html#/onboarding');
    expect((window.options.webPreferences as { devTools?: boolean }).devTools).toBe(false);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    electron.app.quit();
    await vi.waitFor(() => expect(electron.app.quitted).toBe(true), { timeout: 20_000 });
  }, 60_000);

  it('a second instance quits at once, before whenReady, and opens nothing', async () => {
    const electron = await boot((e) => {
      e.app.lockGranted = false;
    });
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.created).toEqual([]);
    expect(electron.Tray.created).toEqual([]);
  });

  it('`Keel --cli <command>` runs the bundled command line and exits with its code', async () => {
    process.argv = [saved.argv[0]!, BUILT, '--cli', 'help'];
    const electron = await boot();
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalled(), { timeout: 20_000 });
    expect(electron.app.exitCode).toBe(0);
    expect(electron.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(electron.Tray.created).toEqual([]);
  }, 30_000);
});
