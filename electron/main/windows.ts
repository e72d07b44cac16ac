// The two windows: the small always-on-top check-in window near the tray, and the main window for
// settings, history and onboarding. Both are created through the web-preferences guard, kept on our
// page by the navigation guard, and hidden (not destroyed) when closed so they reopen instantly.
import { screen, type BrowserWindow } from 'electron';
import type { IpcEventPayload } from '../../shared/ipc';
import { IPC_EVENT_PREFIX } from '../../shared/ipc-channels';
import { installNavigationGuard } from './navigation-guard';
import type { RendererLocation } from './renderer-location';
import { createGuardedWindow, secureWebPreferences } from './web-preferences-guard';
import { checkInWindowPosition, type Rect } from './window-placement';

type View = IpcEventPayload<'navigate'>['view'];

export const CHECKIN_WINDOW_SIZE = { width: 380, height: 520 };
export const MAIN_WINDOW_SIZE = { width: 820, height: 640 };

export class WindowManager {
  private checkIn: BrowserWindow | null = null;
  private main: BrowserWindow | null = null;
  private quitting = false;

  constructor(
    private readonly location: RendererLocation,
    private readonly trayBounds: () => Rect | null,
  ) {}

  all(): BrowserWindow[] {
    return [this.checkIn, this.main].filter((w): w is BrowserWindow => !!w && !w.isDestroyed());
  }

  /** From now on closing a window really closes it (app quit). */
  allowClose(): void {
    this.quitting = true;
  }

  showCheckIn(focus?: 'task'): void {
    const window = (this.checkIn ??= this.create('checkin', {
      ...CHECKIN_WINDOW_SIZE,
      alwaysOnTop: true,
      frame: false,
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
    }));
    const bounds = this.trayBounds();
    const anchor = bounds ? { x: bounds.x, y: bounds.y } : screen.getCursorScreenPoint();
    const { workArea } = screen.getDisplayNearestPoint(anchor);
    const { x, y } = checkInWindowPosition(CHECKIN_WINDOW_SIZE, workArea, bounds);
    window.setPosition(x, y);
    this.reveal(window, 'checkin', focus);
  }

  showMain(view: Exclude<View, 'checkin'>): void {
    const window = (this.main ??= this.create(view, {
      ...MAIN_WINDOW_SIZE,
      minWidth: 560,
      minHeight: 480,
    }));
    this.reveal(window, view);
  }

  private create(view: View, options: Electron.BrowserWindowConstructorOptions): BrowserWindow {
    const window = createGuardedWindow(
      {
        ...options,
        show: false,
        title: 'Keel',
        backgroundColor: '#1f2328',
        // DevTools only in a development run; never in an installed build.
        webPreferences: secureWebPreferences(this.location.preloadPath, !this.location.packaged),
      },
      this.location.preloadPath,
      this.location.packaged,
    );
    installNavigationGuard(window.webContents, this.location);
    window.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      window.hide();
    });
    void window.loadURL(`${this.location.url}#/${view}`);
    return window;
  }

  private reveal(window: BrowserWindow, view: View, focus?: 'task'): void {
    const payload: IpcEventPayload<'navigate'> = focus ? { view, focus } : { view };
    const send = () => window.webContents.send(IPC_EVENT_PREFIX + 'navigate', payload);
    if (window.webContents.isLoading()) window.webContents.once('did-finish-load', send);
    else send();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }
}
