// The `keel` command line (`npm run keel -- <command>`): dispatches to the commands in
// commands/index.ts. Exit codes: 0 ok, 1 failure (one redacted line, never a stack trace),
// 2 bad arguments or input (message + usage).
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { InvalidInputError } from '../../shared/domain';
import { describeError } from '../base/redact';
import { UsageError, type CliCommand, type CliIo } from './command';
import { COMMANDS } from './commands';

const HELP_NAMES = new Set(['help', '--help', '-h']);

export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP_NAMES.has(name)) {
    const topic = rest[0] && commands.find((c) => c.name === rest[0]);
    io.stdout.write(topic ? `${topic.summary}\n\nUsage: ${topic.usage}\n` : overview(commands));
    return rest[0] && !topic ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`keel: unknown command ${JSON.stringify(name)}\n\n${overview(commands)}`);
    return 2;
  }
  if (rest.some((a) => HELP_NAMES.has(a))) {
    io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const known = [
      io.env.GOOGLE_API_KEY,
      io.env.GEMINI_API_KEY,
      io.env.REDIS_URL,
      io.env.WANDB_API_KEY,
    ];
    if (error instanceof UsageError) {
      io.stderr.write(`keel ${name}: ${error.message}\n\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof InvalidInputError) {
      io.stderr.write(`keel ${name}: ${describeError(error, known)}\n`);
      return 2;
    }
    io.stderr.write(`keel ${name}: ${describeError(error, known).split('\n')[0]}\n`);
    return 1;
  }
}

function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'Keel — a calm focus coach that remembers what worked for you.',
    '',
    'Usage: keel <command> [options]   (keel help <command> for details)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  Show this help, or a command's usage`,
    '',
    'Configuration comes from the environment: KEEL_DATA_DIR, KEEL_USER, REDIS_URL, GOOGLE_API_KEY,',
    'KEEL_GEMINI_BASE_URL, KEEL_EMBEDDER=gemini|offline (default: gemini when a key is set).',
    '',
  ].join('\n');
}

/**
 * Runs `keel` on this process's arguments and standard streams, and exits with its code. Called
 * when this file is the entry point, by scripts/keel.mjs (the checkout's launcher) and by the
 * installed app's `keel` command.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  // A reader that goes away (`keel recall … | head -2`) is not an error: stop quietly, exit 0.
  for (const stream of [process.stdout, process.stderr]) {
    // Any other failure of our own output cannot be reported on it: stop with exit 1.
    stream.on('error', (error: NodeJS.ErrnoException) =>
      process.exit(error.code === 'EPIPE' ? 0 : 1),
    );
  }
  const code = await runCli(argv, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: Boolean(process.stdin.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  });
  // Exit once everything written has been handed to the OS (a large export must not be cut off),
  // without waiting for optional libraries' background timers.
  return new Promise<never>(() => process.stdout.write('', () => process.exit(code)));
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
