// Serves the built renderer, confined to its directory: decoded paths with "..", backslashes or NUL
// are refused outright, and the resolved real path (after symlinks) must stay inside the root.
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export type StaticLookup =
  { kind: 'file'; path: string; contentType: string } | { kind: 'refused' } | { kind: 'missing' };

/** Maps a URL path to a file under `root` without ever leaving it. */
export async function lookupStatic(root: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch (_error) {
    return { kind: 'refused' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' };
  const segments = decoded.split('/').filter((segment) => segment.length > 0);
  if (segments.some((segment) => segment === '..' || segment === '.')) return { kind: 'refused' };
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');

  const realRoot = await realpath(root);
  const candidate = resolve(realRoot, relative);
  if (!candidate.startsWith(realRoot + sep)) return { kind: 'refused' };
  let real: string;
  try {
    real = await realpath(candidate);
    if (!(await stat(real)).isFile()) return { kind: 'missing' };
  } catch (_error) {
    return { kind: 'missing' };
  }
  if (!real.startsWith(realRoot + sep)) return { kind: 'refused' };
  const contentType = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
  return { kind: 'file', path: real, contentType };
}

export function readStatic(path: string): Promise<Buffer> {
  return readFile(path);
}
