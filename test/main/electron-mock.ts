// One shared stand-in for the 'electron' module (no Electron binary can run here). Test files use:
//   vi.mock('electron', () => import('./electron-mock'));
// Each fake records what our code did with it (handlers registered, windows created, URLs opened,
// what the preload exposed, the app's lock, menu, quit and exit) so tests assert behaviour, not
// calls into the code under test. It is complete enough to boot the built main process
// (test/main/boot.test.ts).
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle: vi.fn((channel: string, handler: Handler) => {
    ipcMain.handlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => {
    ipcMain.handlers.delete(channel);
  }),
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn(async (channel: string, request: unknown) => ({ sentOn: channel, request })),
});

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    contextBridge.exposed.set(key, api);
  }),
};

export const shell = { openExternal: vi.fn(async () => undefined) };

export class FakeWebContents extends EventEmitter {
  url = '';
  loading = false;
  destroyed = false;
  sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  mainFrame = { url: '', parent: null };
  getURL() {
    return this.url;
  }
  isLoading() {
    return this.loading;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  position: [number, number] = [0, 0];
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroyed = true;
  }
  loadURL(url: string) {
    this.webContents.url = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  isMinimized() {
    return false;
  }
  restore() {}
  setPosition(x: number, y: number) {
    this.position = [x, y];
  }
}

export const safeStorage = {
  backend: 'gnome_libsecret' as string,
  available: true,
  isEncryptionAvailable: vi.fn(() => safeStorage.available),
  isAsyncEncryptionAvailable: vi.fn(async () => safeStorage.available),
  getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
  // Reversible stand-in "encryption": enough to prove values never sit in the file as plain text.
  encryptString: vi.fn((text: string): Buffer =>
    Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
  ),
  decryptString: vi.fn((blob: Buffer) => Buffer.from(blob.map((b) => b ^ 0x5a)).toString('utf8')),
  encryptStringAsync: vi.fn(async (text: string) => safeStorage.encryptString(text)),
  decryptStringAsync: vi.fn(async (blob: Buffer) => ({
    result: safeStorage.decryptString(blob),
    shouldReEncrypt: false,
  })),
};

export const powerMonitor = Object.assign(new EventEmitter(), {
  idle: 0,
  getSystemIdleTime: vi.fn(() => powerMonitor.idle),
});

export const screen = {
  getCursorScreenPoint: () => ({ x: 0, y: 0 }),
  getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
};

export const nativeImage = { createFromPath: vi.fn((path: string) => ({ path })) };

export class Tray extends EventEmitter {
  static created: Tray[] = [];
  image: unknown;
  menu: unknown;
  tooltip = '';
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.created.push(this);
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
  getBounds() {
    return { x: 0, y: 0, width: 0, height: 0 };
  }
  destroy() {
    this.destroyed = true;
  }
}

export const Menu = {
  /** What setApplicationMenu was given (undefined: never called, Electron's default menu). */
  application: undefined as unknown,
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn((menu: unknown) => {
    Menu.application = menu;
  }),
};

/**
 * The app: an event emitter whose quit() runs Electron's sequence (before-quit, which a listener
 * may prevent; then will-quit and `quitted`), with a settable single-instance lock and isPackaged.
 */
class FakeApp extends EventEmitter {
  isPackaged = false;
  lockGranted = true;
  quitted = false;
  exitCode: number | null = null;
  paths: Record<string, string> = {};
  appPath = '/tmp/keel-electron-mock-app';
  dock = undefined;
  getPath = vi.fn((name: string) => this.paths[name] ?? '/tmp/keel-electron-mock');
  getAppPath = vi.fn(() => this.appPath);
  whenReady = vi.fn(async () => undefined);
  requestSingleInstanceLock = vi.fn(() => this.lockGranted);
  setAppUserModelId = vi.fn();
  setLoginItemSettings = vi.fn();
  quit = vi.fn(() => {
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.emit('will-quit');
    this.quitted = true;
  });
  exit = vi.fn((code = 0) => {
    this.exitCode = code;
  });
}
export const app = new FakeApp();

export const session = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  },
};

/** Back to a clean slate between tests. */
export function resetElectronMock(): void {
  ipcMain.handlers.clear();
  contextBridge.exposed.clear();
  ipcRenderer.removeAllListeners();
  BrowserWindow.created = [];
  Tray.created = [];
  Menu.application = undefined;
  app.removeAllListeners();
  Object.assign(app, { isPackaged: false, lockGranted: true, quitted: false, exitCode: null });
  safeStorage.backend = 'gnome_libsecret';
  safeStorage.available = true;
  powerMonitor.idle = 0;
  powerMonitor.removeAllListeners();
  vi.clearAllMocks();
}

export default {
  app,
  BrowserWindow,
  contextBridge,
  ipcMain,
  ipcRenderer,
  Menu,
  nativeImage,
  powerMonitor,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
};
