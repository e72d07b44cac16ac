// `npm run preview:web [-- --port N]`: the Keel UI in a normal browser, for development and the
// end-to-end tests (Electron cannot run everywhere). It serves the built renderer and a bridge to
// the real core. Secrets are kept in memory only; data goes to KEEL_DATA_DIR or a preview folder.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeelApp } from '../app/keel-app';
import { defaultDataDir } from '../base/config';
import { describeError } from '../base/redact';
import { MemorySecretStore } from '../secrets/secret-store';
import { PREVIEW_USAGE, parsePreviewArgs, portInUseMessage } from './args';
import { EventStreamHub } from './event-stream';
import { startPreviewServer } from './server';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<number> {
  let args: ReturnType<typeof parsePreviewArgs>;
  try {
    args = parsePreviewArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(describeError(error));
    return 2;
  }
  if (args.help) {
    console.log(PREVIEW_USAGE);
    return 0;
  }
  const { port } = args;
  // KEEL_PREVIEW_RENDERER_DIR serves another build (tests that must run before `npm run build`).
  const rendererDir =
    process.env.KEEL_PREVIEW_RENDERER_DIR?.trim() || join(projectRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(
      `The renderer is not built (${rendererDir} has no index.html). Run \`npm run build\` first.`,
    );
    return 1;
  }
  // Kept apart from the desktop app's data unless KEEL_DATA_DIR says otherwise.
  const dataDir = process.env.KEEL_DATA_DIR?.trim() || join(defaultDataDir(), 'preview');
  const token = randomBytes(32).toString('base64url');
  const events = new EventStreamHub();
  const app = await createKeelApp({
    host: 'preview',
    dataDir,
    secrets: new MemorySecretStore(),
    emit: events.emit,
  });
  let server: Awaited<ReturnType<typeof startPreviewServer>>;
  try {
    server = await startPreviewServer({
      app,
      events,
      rendererDir,
      token,
      port,
      testHooks: process.env.KEEL_PREVIEW_TEST_HOOKS === '1',
    });
  } catch (error) {
    await app.close();
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.error(portInUseMessage(port));
    return 1;
  }
  console.log(`Keel preview running at ${server.url} (data: ${dataDir}). Press Ctrl+C to stop.`);

  const stop = async () => {
    await server.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
    // --help: nothing is listening, so the process ends by itself.
  },
  (error: unknown) => {
    console.error(`The preview could not start: ${describeError(error)}`);
    process.exit(1);
  },
);
