// macOS: a meeting, a presentation or a full-screen video keeps the display awake, and the app that
// does so is listed by `pmset -g assertions` (Zoom: "PreventUserIdleDisplaySleep"; Keynote's
// playback), readable without any permission. Focus is read from the Do Not Disturb database only
// where macOS lets Keel read it (it needs Full Disk Access on recent versions); otherwise unknown.
// Whether the microphone is in use needs Core Audio, which Keel does not load: unknown.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RunCommand, SignalReader, SignalReading } from './signals';
import { shortError } from './signals';

const unknown = (detail: string): SignalReading => ({ state: 'unknown', detail });

const DISPLAY_ASSERTIONS = /\b(PreventUserIdleDisplaySleep|NoDisplaySleepAssertion)\b/;

/** Apps holding a display-sleep assertion, from `pmset -g assertions`'s per-process lines. */
export function appsKeepingDisplayAwake(output: string, ownPid?: number): string[] {
  const apps: string[] = [];
  for (const line of output.split('\n')) {
    const match =
      /^\s*pid (\d+)\(([^)]+)\):.*?(PreventUserIdleDisplaySleep|NoDisplaySleepAssertion)/.exec(
        line,
      );
    if (!match || !DISPLAY_ASSERTIONS.test(line)) continue;
    if (ownPid !== undefined && Number(match[1]) === ownPid) continue;
    if (!apps.includes(match[2]!)) apps.push(match[2]!);
  }
  return apps;
}

/** The Do Not Disturb database lists one assertion record per Focus turned on by hand. */
export function focusFromAssertions(json: string): boolean | null {
  try {
    const parsed = JSON.parse(json) as { data?: Array<{ storeAssertionRecords?: unknown[] }> };
    if (!Array.isArray(parsed.data)) return null;
    return parsed.data.some(
      (entry) =>
        Array.isArray(entry.storeAssertionRecords) && entry.storeAssertionRecords.length > 0,
    );
  } catch {
    return null;
  }
}

export function macosReaders(
  run: RunCommand,
  readText: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): SignalReader[] {
  return [
    {
      id: 'do_not_disturb',
      source: 'Focus (Do Not Disturb database, where readable)',
      read: async () => {
        try {
          const on = focusFromAssertions(
            await readText(join(homedir(), 'Library', 'DoNotDisturb', 'DB', 'Assertions.json')),
          );
          if (on === null) return unknown('the Focus database has an unknown shape');
          return on
            ? { state: 'busy', detail: 'a Focus is on' }
            : { state: 'free', detail: 'no Focus is on' };
        } catch (error) {
          return unknown(`macOS does not let Keel read Focus (${shortError(error)})`);
        }
      },
    },
    {
      id: 'microphone',
      source: 'not detectable without Core Audio',
      read: async () => unknown('Keel cannot see microphone use on macOS'),
    },
    {
      id: 'presenting',
      source: 'apps keeping the display awake (pmset)',
      read: async () => {
        try {
          const apps = appsKeepingDisplayAwake(
            await run('pmset', ['-g', 'assertions']),
            process.pid,
          );
          return apps.length > 0
            ? { state: 'busy', detail: `${apps.join(', ')} is keeping the screen on` }
            : { state: 'free', detail: 'no app is keeping the screen on' };
        } catch (error) {
          return unknown(`pmset did not answer (${shortError(error)})`);
        }
      },
    },
    {
      id: 'fullscreen',
      source: 'covered by presenting on macOS',
      read: async () => unknown('macOS does not tell other apps about full-screen windows'),
    },
  ];
}
