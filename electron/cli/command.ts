// The shape of one `keel` CLI command. Each command lives in its own file under commands/ and is
// listed in commands/index.ts. Commands return an exit code; they never let a stack trace reach the
// person: bad arguments print a clear message to stderr and return 2.
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** Whether stdin is an interactive terminal (prompts only then). */
  isTTY: boolean;
  /** Whether stderr is a terminal: progress bars are drawn only then (absent: not a terminal). */
  stderrIsTTY?: boolean;
}

export interface CliCommand {
  name: string;
  /** One line for `keel help`. */
  summary: string;
  /** Usage text shown for `keel help NAME` and on bad arguments. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown for bad arguments; the CLI prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
