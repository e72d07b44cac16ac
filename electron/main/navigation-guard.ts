// Keeps windows on our own page: navigation elsewhere is denied, new windows are never opened, and
// links go to the system browser only for a short allow-list of https hosts (getting a Gemini key,
// Redis docs, the project's own pages).
import { shell, type WebContents } from 'electron';
import { isRendererUrl, type RendererLocation } from './renderer-location';

export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'aistudio.google.com',
  'ai.google.dev',
  'redis.io',
  'github.com',
]);

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      !parsed.username &&
      !parsed.password &&
      EXTERNAL_HOSTS.has(parsed.hostname)
    );
  } catch {
    return false;
  }
}

/** Opens an allow-listed https link in the system browser; anything else is ignored. Returns whether it opened. */
export function openExternalSafely(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  void shell.openExternal(url);
  return true;
}

export function installNavigationGuard(contents: WebContents, location: RendererLocation): void {
  contents.on('will-navigate', (event, url) => {
    if (isRendererUrl(url, location)) return;
    event.preventDefault();
    openExternalSafely(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isRendererUrl(url, location)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
}
