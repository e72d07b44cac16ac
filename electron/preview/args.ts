// Command-line options of `npm run preview:web`: --port N (default 5199).
import { z } from 'zod';

export const DEFAULT_PREVIEW_PORT = 5199;

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

export interface PreviewArgs {
  port: number;
}

export function parsePreviewArgs(argv: readonly string[]): PreviewArgs {
  let port = DEFAULT_PREVIEW_PORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    if (flag === '--port') {
      const value = inline ?? argv[++i];
      const parsed = PortSchema.safeParse(value);
      if (!parsed.success) {
        throw new Error(`--port ${value ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      }
      port = parsed.data;
    } else {
      throw new Error(`Unknown option ${JSON.stringify(arg)}. Usage: preview:web [--port N]`);
    }
  }
  return { port };
}
