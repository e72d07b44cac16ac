import { describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => import('./electron-mock'));
import { deriveTrayState } from '../../electron/app/tray-state';
import { rendererLocation } from '../../electron/main/renderer-location';
import { installSessionPolicy } from '../../electron/main/session-policy';
import { checkInWindowPosition } from '../../electron/main/window-placement';

const size = { width: 380, height: 520 };
const workArea = { x: 0, y: 32, width: 1920, height: 1048 };

describe('check-in window placement', () => {
  it('sits below a tray icon in a top bar, centred on it', () => {
    expect(checkInWindowPosition(size, workArea, { x: 1500, y: 0, width: 24, height: 24 })).toEqual(
      { x: 1322, y: 40 },
    );
  });
  it('sits above a tray icon in a bottom taskbar and stays on screen at the edge', () => {
    const pos = checkInWindowPosition(
      size,
      { x: 0, y: 0, width: 1920, height: 1040 },
      { x: 1900, y: 1045, width: 20, height: 30 },
    );
    expect(pos).toEqual({ x: 1920 - 380 - 8, y: 1040 - 520 - 8 });
  });
  it('goes to the top-right corner when the tray position is unknown (many Linux desktops)', () => {
    expect(checkInWindowPosition(size, workArea, null)).toEqual({ x: 1920 - 380 - 8, y: 40 });
  });
});

describe('session policy', () => {
  it('denies every permission and adds the CSP header to responses', () => {
    let permission: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let headers:
      | ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void)
      | undefined;
    const fakeSession = {
      setPermissionRequestHandler: (h: typeof permission) => (permission = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
      webRequest: { onHeadersReceived: (h: typeof headers) => (headers = h) },
    };
    installSessionPolicy(fakeSession as never, rendererLocation({}, '/x/out/main'));
    const answers: boolean[] = [];
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read'])
      permission!(null, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(check!()).toBe(false);
    let result: { responseHeaders: Record<string, string[]> } | undefined;
    headers!(
      { responseHeaders: { 'content-type': ['text/html'] } },
      (r) => (result = r as typeof result),
    );
    expect(result!.responseHeaders['content-type']).toEqual(['text/html']);
    expect(result!.responseHeaders['Content-Security-Policy']![0]).toContain("default-src 'self'");
  });
});

describe('tray state derivation', () => {
  it('due before offline before paused before active', () => {
    expect(
      deriveTrayState({ checkInAwaitingReply: true, memoryHealthy: false, paused: true }),
    ).toBe('due');
    expect(
      deriveTrayState({ checkInAwaitingReply: false, memoryHealthy: false, paused: true }),
    ).toBe('offline');
    expect(
      deriveTrayState({ checkInAwaitingReply: false, memoryHealthy: true, paused: true }),
    ).toBe('paused');
    expect(
      deriveTrayState({ checkInAwaitingReply: false, memoryHealthy: true, paused: false }),
    ).toBe('active');
  });
});
