// Every window is created through here. It refuses (throws) unless the web preferences keep the
// renderer locked down: context isolation, the sandbox, no Node integration, web security, and our
// own built CommonJS preload — so a careless edit cannot quietly open a window with Node access.
// Installed (packaged) builds also have no DevTools.
import { BrowserWindow, type BrowserWindowConstructorOptions, type WebPreferences } from 'electron';

export class UnsafeWindowError extends Error {
  override readonly name = 'UnsafeWindowError';
}

export function secureWebPreferences(preloadPath: string, devTools = false): WebPreferences {
  return {
    preload: preloadPath,
    devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** The problems with a set of web preferences; empty when safe. */
export function unsafeWebPreferences(
  prefs: WebPreferences | undefined,
  expectedPreload: string,
  packaged = false,
): string[] {
  const problems: string[] = [];
  if (!prefs) return ['webPreferences missing'];
  if (prefs.contextIsolation !== true) problems.push('contextIsolation must be true');
  if (prefs.sandbox !== true) problems.push('sandbox must be true');
  if (prefs.nodeIntegration !== false) problems.push('nodeIntegration must be false');
  if (prefs.nodeIntegrationInWorker) problems.push('nodeIntegrationInWorker must be off');
  if (prefs.nodeIntegrationInSubFrames) problems.push('nodeIntegrationInSubFrames must be off');
  if (prefs.webSecurity === false) problems.push('webSecurity must stay on');
  if (prefs.allowRunningInsecureContent) problems.push('allowRunningInsecureContent must be off');
  if (prefs.webviewTag) problems.push('webviewTag must be off');
  if (packaged && prefs.devTools !== false)
    problems.push('devTools must be off in packaged builds');
  if (prefs.preload !== expectedPreload) problems.push(`preload must be ${expectedPreload}`);
  else if (!expectedPreload.endsWith('.cjs'))
    problems.push('the preload must be the CommonJS build (.cjs)');
  return problems;
}

export function createGuardedWindow(
  options: BrowserWindowConstructorOptions,
  expectedPreload: string,
  packaged = false,
): BrowserWindow {
  const problems = unsafeWebPreferences(options.webPreferences, expectedPreload, packaged);
  if (problems.length)
    throw new UnsafeWindowError(`Refusing to create a window: ${problems.join('; ')}`);
  return new BrowserWindow(options);
}
