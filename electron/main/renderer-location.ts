// Where the renderer and the preload are: the built files under out/, or electron-vite's dev server
// (ELECTRON_RENDERER_URL, honoured only when the app is not packaged: an installed app never loads
// its interface from a URL someone put in its environment). Everything that decides "is this our
// page?" starts from here.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** out/main (this bundle's directory once built). */
const here = fileURLToPath(new URL('.', import.meta.url));

export interface RendererLocation {
  /** The URL windows load (without a hash). */
  url: string;
  /** file:// (built) or the dev server's origin. */
  kind: 'file' | 'dev-server';
  /** The built CJS preload: sandboxed preloads cannot be ES modules. */
  preloadPath: string;
  /** An installed build (app.isPackaged): no dev server, no DevTools, no default menu. */
  packaged: boolean;
}

export function rendererLocation(
  env: NodeJS.ProcessEnv = process.env,
  outMainDir: string = here,
  packaged = false,
): RendererLocation {
  const preloadPath = join(outMainDir, '..', 'preload', 'index.cjs');
  const devUrl = packaged ? undefined : env.ELECTRON_RENDERER_URL;
  if (devUrl && /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(devUrl)) {
    return { url: devUrl, kind: 'dev-server', preloadPath, packaged };
  }
  return {
    url: pathToFileURL(join(outMainDir, '..', 'renderer', 'index.html')).href,
    kind: 'file',
    preloadPath,
    packaged,
  };
}

/**
 * Whether a URL is our renderer page (any hash, no query tricks): the exact built index.html, or any
 * page of the dev server's origin.
 */
export function isRendererUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  let expected: URL;
  try {
    parsed = new URL(url);
    expected = new URL(location.url);
  } catch {
    return false;
  }
  if (location.kind === 'dev-server') return parsed.origin === expected.origin;
  return parsed.protocol === 'file:' && parsed.pathname === expected.pathname;
}
