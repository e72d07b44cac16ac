// Command-line options of `npm run preview:web`: --port N (default KEEL_PREVIEW_PORT, else 5199),
// --help. The port must be free: we say so instead of picking another one silently, because the
// person (or the test runner) has to know where to point the browser.
import { z } from 'zod';

export const DEFAULT_PREVIEW_PORT = 5199;

export const PREVIEW_USAGE = `Usage: npm run preview:web [-- --port N]

Serves the built renderer (run \`npm run build\` first) with a loopback bridge to the real core,
so Keel's interface runs in a normal browser where Electron cannot.

  --port N   port on 127.0.0.1 (default: KEEL_PREVIEW_PORT, else ${DEFAULT_PREVIEW_PORT})
  --help     show this help

Environment: KEEL_DATA_DIR (default: a "preview" folder in Keel's data folder), REDIS_URL,
GOOGLE_API_KEY, KEEL_EMBEDDER=gemini|offline.`;

const PortSchema = z
  .string()
  .regex(/^\d{1,5}$/, 'port must be a number from 1 to 65535')
  .transform(Number)
  .pipe(
    z
      .number()
      .int('port must be a whole number')
      .min(1, 'port must be 1-65535')
      .max(65535, 'port must be 1-65535'),
  );

export type PreviewArgs = { help: true } | { help: false; port: number };

function parsePort(value: string | undefined, source: string): number {
  const parsed = PortSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(`${source} ${value ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function parsePreviewArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): PreviewArgs {
  const fromEnv = env.KEEL_PREVIEW_PORT?.trim();
  let port = fromEnv ? parsePort(fromEnv, 'KEEL_PREVIEW_PORT') : DEFAULT_PREVIEW_PORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    if (flag === '--help' || flag === '-h') return { help: true };
    if (flag === '--port') {
      port = parsePort(inline ?? argv[++i], '--port');
    } else {
      throw new Error(
        `Unknown option ${JSON.stringify(arg)}. Usage: npm run preview:web [-- --port N]`,
      );
    }
  }
  return { help: false, port };
}

/** The one line we print when the port is taken (the listen error alone says only EADDRINUSE). */
export function portInUseMessage(port: number): string {
  return `Port ${port} on 127.0.0.1 is already in use. Stop what is using it, or pick another port: npm run preview:web -- --port N (or KEEL_PREVIEW_PORT=N).`;
}
