// The Electron composition root — glue only. One instance; no dock icon on macOS (a tray app);
// the application layer (createKeelApp) does the work; this file connects it to the tray, the two
// windows, IPC (with sender checks), powerMonitor and launch-at-login, and quits cleanly.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Menu, app, ipcMain, powerMonitor, session } from 'electron';
import type {
  IpcChannel,
  IpcEvent,
  IpcEventPayload,
  IpcRequest,
  PauseRequest,
} from '../../shared/ipc';
import type { AppStatus, Settings } from '../../shared/settings';
import { createKeelApp } from '../app/keel-app';
import type { KeelApp } from '../app/types';
import { createLogger } from '../base/logger';
import { describeError } from '../base/redact';
import { selectSecretStore } from '../secrets/select-secret-store';
import { registerIpc, sendEvent, type IpcHost } from './ipc';
import { watchPower } from './power';
import { rendererLocation } from './renderer-location';
import { applyLaunchAtLogin } from './launch-at-login';
import { installSessionPolicy } from './session-policy';
import { TrayController } from './tray';
import { WindowManager } from './windows';

const APP_USER_MODEL_ID = 'app.keel.focus';
const logger = createLogger('main');

function syncLaunchAtLogin(settings: Settings): void {
  applyLaunchAtLogin(settings.launchAtLogin, {
    platform: process.platform,
    app,
    env: process.env,
    execPath: process.execPath,
  }).catch((error) => logger.warn(`launch at login: ${describeError(error)}`));
}

/**
 * `Keel --cli <command>` (how an AppImage reaches the command line; the deb has /usr/bin/keel):
 * runs the bundled CLI in this same runtime as plain Node (the runAsNode fuse stays on for it),
 * before any lock, window or tray, and exits with its code.
 */
function runCommandLine(args: string[]): void {
  const child = spawn(
    process.execPath,
    [join(app.getAppPath(), 'out', 'cli', 'index.js'), ...args],
    {
      stdio: 'inherit',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    },
  );
  child.on('error', (error) => {
    process.stderr.write(`keel: the command line could not start: ${describeError(error)}\n`);
    app.exit(1);
  });
  child.on('close', (code) => app.exit(code ?? 1));
}

async function main(): Promise<void> {
  const cli = process.argv.indexOf('--cli');
  if (cli !== -1) return runCommandLine(process.argv.slice(cli + 1));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.setAppUserModelId(APP_USER_MODEL_ID);
  app.dock?.hide();
  await app.whenReady();

  const location = rendererLocation(process.env, undefined, app.isPackaged);
  // No default application menu in an installed build: its View menu opens DevTools and reloads
  // the page. (A development run keeps it for exactly that.)
  if (app.isPackaged) Menu.setApplicationMenu(null);
  installSessionPolicy(session.defaultSession, location);
  const dataDir = process.env.KEEL_DATA_DIR?.trim() || app.getPath('userData');

  let tray: TrayController | null = null;
  const windows = new WindowManager(location, () => tray?.bounds() ?? null);
  const host: IpcHost = { location, windows: () => windows.all() };

  let keel: KeelApp | null = null;
  let lastStatus: AppStatus | null = null;
  const refreshTray = async () => {
    if (!keel || !tray || !lastStatus) return;
    const sessionResult = await keel.invoke('session:get', {});
    if (sessionResult.ok) tray.update({ status: lastStatus, session: sessionResult.value });
  };
  const emit = <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>) => {
    sendEvent(host, event, payload);
    if (event === 'checkin:due') windows.showCheckIn();
    if (event === 'status:changed') {
      lastStatus = payload as AppStatus;
      void refreshTray();
    }
  };

  const { store: secrets, skipped } = await selectSecretStore({
    userDataDir: app.getPath('userData'),
  });
  if (skipped.length)
    logger.info(`secret store: ${secrets.detail} (skipped: ${skipped.join('; ')})`);

  keel = await createKeelApp({
    host: 'electron',
    dataDir,
    secrets,
    emit,
    exportDir: app.getPath('downloads'),
    onSettingsChanged: syncLaunchAtLogin,
  });
  const app_ = keel;
  const run = <C extends IpcChannel>(channel: C, request: IpcRequest<C>) =>
    void app_.invoke(channel, request).then((result) => {
      if (!result.ok) logger.warn(`${channel}: ${result.error.message}`);
    });

  const unregisterIpc = registerIpc(ipcMain, keel, host);
  const stopPower = watchPower(powerMonitor, keel);
  tray = new TrayController(
    join(app.getAppPath(), 'resources'),
    {
      checkInNow: () => run('checkin:now', {}),
      editTask: () => windows.showCheckIn('task'),
      startSession: (minutes) => run('session:start', minutes === undefined ? {} : { minutes }),
      stopSession: () => run('session:end', {}),
      pause: (until: PauseRequest['until']) => run('pause:set', { until }),
      openHistory: () => windows.showMain('history'),
      openSettings: () => windows.showMain('settings'),
      quit: () => app.quit(),
    },
    () => windows.showCheckIn(),
  );

  const settings = await keel.invoke('settings:get', {});
  if (settings.ok) syncLaunchAtLogin(settings.value);
  const status = await keel.invoke('app:status', {});
  if (status.ok) {
    lastStatus = status.value;
    await refreshTray();
    if (!lastStatus.onboardingDone) windows.showMain('onboarding');
  }

  app.on('second-instance', () => windows.showCheckIn());
  // A tray app keeps running with every window closed.
  app.on('window-all-closed', () => undefined);

  let closing = false;
  app.on('before-quit', (event) => {
    windows.allowClose();
    if (closing) return;
    closing = true;
    event.preventDefault();
    stopPower();
    unregisterIpc();
    // Flush the coach and close the core (outbox, Redis) before the process goes.
    void app_
      .close()
      .catch((error: unknown) => logger.warn(`shutting down: ${describeError(error)}`))
      .finally(() => {
        tray?.destroy();
        app.quit();
      });
  });
}

main().catch((error: unknown) => {
  logger.error(`Keel could not start: ${describeError(error)}`);
  app.exit(1);
});
