import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => import('./electron-mock'));
import { installNavigationGuard, isAllowedExternalUrl } from '../../electron/main/navigation-guard';
import { isRendererUrl, rendererLocation } from '../../electron/main/renderer-location';
import { contentSecurityPolicy } from '../../electron/main/session-policy';
import {
  UnsafeWindowError,
  createGuardedWindow,
  secureWebPreferences,
  unsafeWebPreferences,
} from '../../electron/main/web-preferences-guard';
import { BrowserWindow, FakeWebContents, resetElectronMock, shell } from './electron-mock';

const location = rendererLocation({}, '/opt/keel/out/main');
const PRELOAD = location.preloadPath;

beforeEach(() => resetElectronMock());

describe('web-preferences guard', () => {
  it('creates a window with the secure preferences', () => {
    const window = createGuardedWindow({ webPreferences: secureWebPreferences(PRELOAD) }, PRELOAD);
    expect(BrowserWindow.created).toHaveLength(1);
    expect(window).toBe(BrowserWindow.created[0]);
    expect(PRELOAD).toBe('/opt/keel/out/preload/index.cjs');
  });

  it.each([
    ['contextIsolation off', { contextIsolation: false }, 'contextIsolation must be true'],
    ['sandbox off', { sandbox: false }, 'sandbox must be true'],
    ['node integration', { nodeIntegration: true }, 'nodeIntegration must be false'],
    ['web security off', { webSecurity: false }, 'webSecurity must stay on'],
    ['another preload', { preload: '/tmp/evil.js' }, 'preload must be'],
    ['webview tag', { webviewTag: true }, 'webviewTag must be off'],
  ])('refuses %s', (_name, change, message) => {
    const prefs = { ...secureWebPreferences(PRELOAD), ...change };
    expect(() => createGuardedWindow({ webPreferences: prefs }, PRELOAD)).toThrow(
      UnsafeWindowError,
    );
    expect(() => createGuardedWindow({ webPreferences: prefs }, PRELOAD)).toThrow(message);
    expect(BrowserWindow.created).toHaveLength(0);
  });

  it('refuses missing preferences and an ESM preload', () => {
    expect(unsafeWebPreferences(undefined, PRELOAD)).toEqual(['webPreferences missing']);
    const esm = '/opt/keel/out/preload/index.mjs';
    expect(unsafeWebPreferences(secureWebPreferences(esm), esm)).toContain(
      'the preload must be the CommonJS build (.cjs)',
    );
  });
});

describe('renderer location', () => {
  it('accepts our built page with any hash, nothing else', () => {
    expect(isRendererUrl(`${location.url}#/settings`, location)).toBe(true);
    expect(isRendererUrl('file:///etc/passwd', location)).toBe(false);
    expect(isRendererUrl('https://example.com/', location)).toBe(false);
    expect(isRendererUrl('not a url', location)).toBe(false);
  });

  it('uses the dev server only for a loopback URL', () => {
    const dev = rendererLocation({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, '/x/out/main');
    expect(dev.kind).toBe('dev-server');
    expect(isRendererUrl('http://localhost:5173/#/history', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(
      rendererLocation({ ELECTRON_RENDERER_URL: 'https://evil.example' }, '/x/out/main').kind,
    ).toBe('file');
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    const packaged = rendererLocation(
      { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
      '/opt/keel/out/main',
      true,
    );
    expect(packaged).toMatchObject({ kind: 'file', packaged: true });
    expect(packaged.url).toBe('file:///opt/keel/out/renderer/index.html');
  });

  it('refuses a window with DevTools in a packaged app', () => {
    expect(unsafeWebPreferences(secureWebPreferences(PRELOAD, true), PRELOAD, true)).toContain(
      'devTools must be off in packaged builds',
    );
    expect(unsafeWebPreferences(secureWebPreferences(PRELOAD), PRELOAD, true)).toEqual([]);
    expect(() =>
      createGuardedWindow({ webPreferences: secureWebPreferences(PRELOAD, true) }, PRELOAD, true),
    ).toThrow(/devTools/);
  });
});

describe('navigation guard', () => {
  function guarded() {
    const contents = new FakeWebContents();
    installNavigationGuard(contents as never, location);
    return contents;
  }
  function navigate(contents: FakeWebContents, url: string, event = 'will-navigate') {
    const e = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    contents.emit(event, e, url);
    return e.defaultPrevented;
  }

  it('allows navigation within our page only', () => {
    const contents = guarded();
    expect(navigate(contents, `${location.url}#/history`)).toBe(false);
    expect(navigate(contents, 'https://example.com/')).toBe(true);
    expect(navigate(contents, 'file:///home/me/secret.html')).toBe(true);
    expect(navigate(contents, 'https://example.com/', 'will-redirect')).toBe(true);
  });

  it('denies every new window and opens only allow-listed https links externally', () => {
    const contents = guarded();
    const open = (url: string) => contents.windowOpenHandler!({ url });
    expect(open('https://aistudio.google.com/app/apikey')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('http://redis.io/docs')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://aistudio.google.com/app/apikey');
  });

  it('allow-list checks', () => {
    expect(isAllowedExternalUrl('https://redis.io/docs/latest/')).toBe(true);
    expect(isAllowedExternalUrl('https://redis.io.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@redis.io/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
  });
});

describe('content security policy', () => {
  it('covers the renderer meta tag in production and only loosens for the dev server', async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const directives = (policy: string | undefined) =>
      new Set(policy?.split(/;\s*/).filter(Boolean));
    // The header carries every directive of the meta tag, plus frame-ancestors (ignored in a meta tag).
    const header = directives(contentSecurityPolicy(location));
    expect([...directives(meta)].every((d) => header.has(d))).toBe(true);
    expect(header.has("frame-ancestors 'none'")).toBe(true);
    expect(meta).toBeDefined();
    const dev = contentSecurityPolicy(
      rendererLocation({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, '/x'),
    );
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain("object-src 'none'");
  });
});
