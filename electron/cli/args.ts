// Helpers shared by the `keel` commands: strict argument parsing (node:util parseArgs + zod), the
// core's lifetime around a command, and small output helpers that respect stream backpressure.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { UserIdSchema } from '../../shared/domain';
import { resolveConfig, type ConfigOverrides } from '../core/config';
import { createLogger, type LogLevel, type Logger } from '../core/logger';
import type { KeelCore } from '../core/create-core';
import { StoreUnavailableError } from '../memory/stores/types';
import { UsageError, type CliIo } from './command';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The `--user` flag every memory command takes (validated: it becomes part of Redis keys). */
export const USER_OPTION = {
  user: { type: 'string', short: 'u' },
} as const satisfies OptionsConfig;
export const UserFlagSchema = UserIdSchema.optional();

/**
 * Parses `args` strictly (unknown flags and missing values are usage errors), then validates the
 * flag values with `schema`. Every failure becomes a UsageError with a readable message.
 */
export function parseCommandArgs<S extends z.ZodType>(
  args: string[],
  options: OptionsConfig,
  schema: S,
): { values: z.output<S>; positionals: string[] } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    // parseArgs' messages are already good ("Unknown option '--kk'"); drop its hint about '--'.
    throw new UsageError((error as Error).message.split('. To specify')[0]!);
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    throw new UsageError(
      result.error.issues
        .map((i) => (i.path.length ? `--${i.path.join('.')}: ${i.message}` : i.message))
        .join('; '),
    );
  }
  return { values: result.data, positionals: parsed.positionals };
}

/** Rejects positionals for commands that take none. */
export function noPositionals(positionals: string[]): void {
  if (positionals.length)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
}

/** Builds the core from the environment (and flags), runs `fn`, and always closes it. */
export function withCore<T>(
  io: CliIo,
  overrides: ConfigOverrides,
  fn: (core: KeelCore) => Promise<T>,
): Promise<T> {
  return runWithCore(io, overrides, fn, false);
}

/**
 * withCore for commands that write (remember, import, forget, reindex, checkin): they stop with one
 * clear line when the store is only open read-only because the app holds it, rather than leave
 * records waiting in the outbox with no one there to see them.
 */
export function withWritableCore<T>(
  io: CliIo,
  overrides: ConfigOverrides,
  fn: (core: KeelCore) => Promise<T>,
): Promise<T> {
  return runWithCore(io, overrides, fn, true);
}

async function runWithCore<T>(
  io: CliIo,
  overrides: ConfigOverrides,
  fn: (core: KeelCore) => Promise<T>,
  writes: boolean,
): Promise<T> {
  const config = resolveConfig({ env: io.env, overrides: dropUndefined(overrides) });
  // The core (store, embedder, memory service) is loaded only by the commands that use it, so
  // `keel help` and argument errors answer at once.
  const [{ createKeelCore }, { readOnlyMessage }] = await Promise.all([
    import('../core/create-core'),
    import('../memory/stores/select-store'),
  ]);
  const core = await createKeelCore(config, { logger: cliLogger(io) });
  try {
    const refusal = writes ? readOnlyMessage(core.store) : null;
    if (refusal) throw new StoreUnavailableError(refusal);
    return await fn(core);
  } finally {
    await core.close();
  }
}

/**
 * Logs go to the command's stderr. Quieter than the app by default (errors only): commands report
 * degraded states themselves ("queued in the outbox"), so warnings would say it twice.
 */
function cliLogger(io: CliIo): Logger {
  const level = (io.env.KEEL_LOG as LogLevel | undefined) ?? 'error';
  return createLogger('memory', { level, sink: (text) => io.stderr.write(text + '\n') });
}

/** Writes text, waiting when the stream asks for it (so a large export never buffers it all). */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export function line(stream: Writable, text = ''): Promise<void> {
  return write(stream, text + '\n');
}

/** Progress on stderr: one updating line on a terminal, plain lines otherwise. */
export function progressReporter(io: CliIo, label: string): (done: number, total?: number) => void {
  return (done, total) => {
    const text = `${label}: ${done}${total !== undefined ? `/${total}` : ''}`;
    io.stderr.write(io.isTTY ? `\r${text}` : `${text}\n`);
  };
}

/** Ends a terminal progress line so the next output starts on its own line. */
export function endProgress(io: CliIo): void {
  if (io.isTTY) io.stderr.write('\n');
}

/** Flag values arrive as strings: a number with bounds, or a usage error naming the flag. */
export function numberFlag(min: number, max: number, integer = false) {
  const base = z.number({ message: 'must be a number' });
  const bounded = (integer ? base.int('must be a whole number') : base)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
  return z
    .string()
    .transform((s) => (s.trim() === '' ? NaN : Number(s)))
    .pipe(bounded);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
