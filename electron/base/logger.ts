// A tiny levelled logger that redacts secrets before anything is written. Quiet by default:
// KEEL_LOG=debug|info|warn|error|silent chooses the level (default warn).
import { redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const knownSecrets = new Set<string>();

/** Registers a secret value so that it is blanked out of every log line. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 4) knownSecrets.add(value);
}

export function createLogger(
  scope: string,
  options: { level?: LogLevel; sink?: (line: string) => void } = {},
): Logger {
  const level = options.level ?? (process.env.KEEL_LOG as LogLevel | undefined) ?? 'warn';
  const threshold = ORDER[level] ?? ORDER.warn;
  const sink = options.sink ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (lvl: Exclude<LogLevel, 'silent'>, message: string) => {
    if (ORDER[lvl] < threshold) return;
    sink(`[keel:${scope}] ${lvl}: ${redact(message, [...knownSecrets])}`);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
