// Session-wide policy: deny every permission request (camera, notifications, geolocation, ...: Keel
// needs none) and send a Content-Security-Policy header with every response, matching the meta tag
// in renderer/index.html (the header also covers anything the meta tag cannot, like frame-ancestors).
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import type { Session } from 'electron';
import type { RendererLocation } from './renderer-location';

export { CONTENT_SECURITY_POLICY };

/** The dev server needs its HMR websocket and the React refresh preamble (inline script). */
export function contentSecurityPolicy(location: RendererLocation): string {
  if (location.kind !== 'dev-server') return CONTENT_SECURITY_POLICY;
  const origin = new URL(location.url);
  return CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'",
    "script-src 'self' 'unsafe-inline'",
  ).replace("connect-src 'self'", `connect-src 'self' ws://${origin.host}`);
}

export function installSessionPolicy(session: Session, location: RendererLocation): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  const csp = contentSecurityPolicy(location);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [csp],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}
