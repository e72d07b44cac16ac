#!/usr/bin/env node
// `npm start` after the build: runs the desktop app with the Electron binary, fetching it first
// when it is missing (Electron 42+ downloads it on first use, not at install). Where it cannot be
// fetched (no internet, a proxy, a blocked GitHub) this ends with one paragraph that says why and
// what works without Electron, instead of the electron package's two stack traces.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The binary's path, or why we could not get one (the download's output is kept, not shown). */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (probe.status === 0 && probe.stdout) return { path: probe.stdout };
  const output = `${probe.stdout}\n${probe.stderr}`;
  const offline =
    /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo/i.test(output);
  return {
    problem: offline
      ? 'could not be downloaded (no connection to its download server)'
      : 'could not be installed',
  };
}

function cannotStartMessage(problem) {
  const text =
    `Keel's desktop app cannot start here: the Electron runtime it needs ${problem}. ` +
    'Everything else works without it: `npm run preview:web` shows the same interface in your ' +
    'browser, and `npm run keel -- help` lists the command line. With internet access, ' +
    '`npm start` downloads Electron once and opens the app.';
  // One paragraph, wrapped for an 80-column terminal.
  return text.replace(/(.{1,78})(\s+|$)/g, '$1\n').trimEnd();
}

function main() {
  const electron = electronBinary();
  if (!electron.path) {
    console.error(`\n${cannotStartMessage(electron.problem)}\n`);
    process.exit(1);
  }
  const child = spawn(electron.path, ['.', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`\n${cannotStartMessage(`could not be run (${error.message})`)}\n`);
    process.exit(1);
  });
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
