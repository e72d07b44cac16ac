// Helpers shared by the `keel` commands: strict argument parsing (node:util parseArgs + zod), the
// core's lifetime around a command, and small output helpers that respect stream backpressure.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { UserIdSchema, clampText } from '../../shared/domain';
import { resolveConfig, type ConfigOverrides } from '../base/config';
import { createLogger, type LogLevel, type Logger } from '../base/logger';
import type { KeelCore } from '../memory/create-core';
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
      result.error.issues.map((issue) => describeFlagIssue(issue, parsed.values)).join('; '),
    );
  }
  return { values: result.data, positionals: parsed.positionals };
}

/**
 * One flag problem in words a person can act on: a missing flag "is required", a value outside a
 * closed list names the valid ones, anything else keeps the schema's message after the flag.
 */
function describeFlagIssue(issue: z.core.$ZodIssue, given: Record<string, unknown>): string {
  const key = issue.path[0];
  if (typeof key !== 'string') return issue.message;
  const flag = `--${key}`;
  if (given[key] === undefined) return `${flag} is required`;
  if (issue.code === 'invalid_value') {
    const valid = issue.values.map(String).join(', ');
    return `${flag} ${JSON.stringify(given[key])} is not one of: ${valid}`;
  }
  return `${flag}: ${issue.message}`;
}

/**
 * A comma-separated list of values from a closed set (e.g. --outcomes), or the single word `any`
 * when allowed. Unknown entries are named together with the valid values.
 */
export function listFlag<const T extends string>(valid: readonly T[], allowAny: boolean) {
  return z.string().transform((s, ctx): T[] | 'any' => {
    const items = s
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    if (allowAny && items.length === 1 && items[0] === 'any') return 'any';
    const unknown = items.filter((i) => !(valid as readonly string[]).includes(i));
    if (!items.length || unknown.length) {
      ctx.addIssue({
        code: 'custom',
        message: `${unknown.length ? `unknown ${unknown.map((u) => JSON.stringify(u)).join(', ')}; ` : ''}use a comma-separated list of: ${valid.join(', ')}${allowAny ? ' (or "any")' : ''}`,
      });
      return z.NEVER;
    }
    return items as T[];
  });
}

/** Tells the person when a text flag is longer than what is kept (it is cut, not refused). */
export async function announceTruncation(
  io: CliIo,
  values: Record<string, unknown>,
  limits: Record<string, number>,
): Promise<void> {
  for (const [key, max] of Object.entries(limits)) {
    const value = values[key];
    if (typeof value === 'string' && clampText(value, max) !== clampText(value, Infinity))
      await line(io.stderr, `--${key} was cut to ${max} characters`);
  }
}

/** Rejects positionals for commands that take none. */
export function noPositionals(positionals: string[]): void {
  if (positionals.length)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
}

/** Builds the core from the environment (and flags), runs `fn`, and always closes it. */
export async function withCore<T>(
  io: CliIo,
  overrides: ConfigOverrides,
  fn: (core: KeelCore) => Promise<T>,
): Promise<T> {
  const config = resolveConfig({ env: io.env, overrides: dropUndefined(overrides) });
  // The core (store, embedder, memory service) is loaded only by the commands that use it, so
  // `keel help` and argument errors answer at once.
  const { createKeelCore } = await import('../memory/create-core');
  const core = await createKeelCore(config, { logger: cliLogger(io) });
  try {
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

export interface Progress {
  update(done: number, total?: number): void;
  /** Ends the bar so the next output starts on its own line. */
  end(): void;
}

const BAR_WIDTH = 24;

/**
 * A progress bar on stderr — done/total, percent and rate — redrawn at most every 100 ms, and only
 * when stderr is a terminal: in a pipe or a log file it would be noise, so it prints nothing.
 */
export function progressBar(io: CliIo, label: string, clock: () => number = Date.now): Progress {
  const started = clock();
  let drawn = false;
  let lastDraw = 0;
  const draw = (done: number, total: number | undefined, force: boolean) => {
    const now = clock();
    if (!io.stderrIsTTY || (!force && now - lastDraw < 100)) return;
    lastDraw = now;
    drawn = true;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const rate = `${Math.round(done / seconds)}/s`;
    if (total === undefined || total <= 0) {
      io.stderr.write(`\r${label} ${done} ${rate}\x1b[K`);
      return;
    }
    const share = Math.min(done / total, 1);
    const filled = Math.round(share * BAR_WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    io.stderr.write(
      `\r${label} ${bar} ${String(Math.round(share * 100)).padStart(3)}% ${done}/${total} ${rate}\x1b[K`,
    );
  };
  let last: [number, number | undefined] = [0, undefined];
  return {
    update(done, total) {
      last = [done, total];
      draw(done, total, done === total);
    },
    end() {
      if (!io.stderrIsTTY) return;
      if (!drawn || last[0] !== last[1]) draw(last[0], last[1], true);
      io.stderr.write('\n');
    },
  };
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
