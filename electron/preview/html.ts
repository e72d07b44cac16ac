// The served index.html: the per-run bridge token goes into a meta tag the renderer's client reads
// (api/client.ts), and HTML responses carry the same Content-Security-Policy as the page's meta tag
// plus frame-ancestors, which only works as a header.
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
export const BRIDGE_TOKEN_META = 'keel-bridge-token';

export { CONTENT_SECURITY_POLICY };

export function injectBridgeToken(html: string, token: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error('bridge token must be URL-safe characters');
  const meta = `<meta name="${BRIDGE_TOKEN_META}" content="${token}" />`;
  if (!html.includes('</head>'))
    throw new Error('index.html has no </head> to put the bridge token in');
  return html.replace('</head>', `    ${meta}\n  </head>`);
}
