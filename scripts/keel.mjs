#!/usr/bin/env node
// `npm run keel -- <command>` in a source checkout: runs the built CLI (out/cli/index.js, made by
// `npm run build`) when it is newer than every source file it is built from, and the TypeScript
// sources through tsx otherwise, so an edit is never hidden behind a stale bundle. The bundle
// starts in a fraction of the time tsx needs to compile the sources on every run.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'out', 'cli', 'index.js');
const SOURCES = ['electron', 'shared', 'package.json', 'vite.cli.config.ts'];

/** The newest modification time under the given paths (files and folders, recursively). */
function newest(paths) {
  let latest = 0;
  for (const path of paths) {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) continue;
    latest = Math.max(latest, stats.mtimeMs);
    if (stats.isDirectory())
      latest = Math.max(latest, newest(readdirSync(path).map((name) => join(path, name))));
  }
  return latest;
}

function bundleIsFresh() {
  const built = statSync(bundle, { throwIfNoEntry: false });
  return !!built && built.mtimeMs >= newest(SOURCES.map((p) => join(root, p)));
}

const useBundle = process.env.KEEL_CLI_FROM_SOURCE !== '1' && bundleIsFresh();
// KEEL_CLI_TRACE=1 says which one runs (for tests and for "why is my change not showing?").
if (process.env.KEEL_CLI_TRACE === '1')
  process.stderr.write(
    `keel: running ${useBundle ? 'out/cli (built bundle)' : 'the sources (tsx)'}\n`,
  );
if (useBundle) {
  const { main } = await import(pathToFileURL(bundle).href);
  await main(process.argv.slice(2));
} else {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'electron', 'cli', 'index.ts'), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
