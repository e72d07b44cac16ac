// The Content-Security-Policy of every Keel page: the Electron windows send it as a header, the
// browser preview sends it with its HTML, and renderer/index.html carries it as a meta tag (without
// frame-ancestors, which browsers ignore in a meta tag). No inline scripts or styles, no remote
// origins: the renderer talks only to its own origin (the preload, or the loopback preview bridge).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
