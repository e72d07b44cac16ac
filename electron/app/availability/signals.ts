// Availability: can Keel open a check-in now, and if not, why. Each platform reader turns what the
// system says (Do Not Disturb, a microphone in use, a full-screen window or a presentation) into a
// reading; this module combines them. Every reader fails safe: an error, a missing tool or a slow
// answer reads as `unknown`, and `unknown` never holds a check-in. A reading that says "busy" for
// longer than its signal's hold limit stops holding too, so a stuck signal never blocks forever.
import { execFile } from 'node:child_process';

export type SignalId = 'do_not_disturb' | 'microphone' | 'presenting' | 'fullscreen';

export type SignalState = 'busy' | 'free' | 'unknown';

export interface SignalReading {
  state: SignalState;
  /** What was read, in plain words ("notifications are silenced", "2 apps are recording"). */
  detail: string;
}

export interface SignalReader {
  id: SignalId;
  /** What the reader looks at on this platform, for doctor and Settings. */
  source: string;
  read(): Promise<SignalReading>;
}

/** How a signal is shown and how long its "busy" is trusted. */
export const SIGNALS: Readonly<
  Record<SignalId, { label: string; heldBecause: string; maxHoldMinutes: number }>
> = {
  do_not_disturb: {
    label: 'Do Not Disturb',
    heldBecause: 'Do Not Disturb is on',
    // Turned on on purpose: trusted all day, but not beyond it.
    maxHoldMinutes: 12 * 60,
  },
  microphone: {
    label: 'Microphone in use',
    heldBecause: "you're in a call",
    // Some apps keep the microphone open all day (voice assistants, a forgotten recorder).
    maxHoldMinutes: 3 * 60,
  },
  presenting: {
    label: 'Presenting',
    heldBecause: "you're presenting",
    maxHoldMinutes: 4 * 60,
  },
  fullscreen: {
    label: 'Full-screen window',
    heldBecause: 'a full-screen window is in front',
    maxHoldMinutes: 3 * 60,
  },
};

export interface SignalStatus extends SignalReading {
  id: SignalId;
  label: string;
  source: string;
  /** Busy, but for longer than the signal's hold limit: shown, no longer holding. */
  expired: boolean;
}

export interface AvailabilityReport {
  available: boolean;
  /** The first signal that holds check-ins, with a short reason ("you're in a call"). */
  heldBy: { id: SignalId; reason: string } | null;
  signals: SignalStatus[];
  checkedAt: number;
}

/** Each read gets this long; a slower one reads as unknown (a hung tool must not stall the loop). */
export const READ_TIMEOUT_MS = 2_000;

export interface AvailabilityOptions {
  readers: readonly SignalReader[];
  clock: () => number;
  timeoutMs?: number;
}

/** Reads every signal (in parallel, each with a time limit) and combines them. */
export class Availability {
  /** When each signal was first seen busy in the current run of busy readings. */
  private readonly busySince = new Map<SignalId, number>();
  private last: AvailabilityReport | null = null;

  constructor(private readonly options: AvailabilityOptions) {}

  get readers(): readonly SignalReader[] {
    return this.options.readers;
  }

  /** The last report, without reading again (null before the first check). */
  latest(): AvailabilityReport | null {
    return this.last;
  }

  async check(): Promise<AvailabilityReport> {
    const timeoutMs = this.options.timeoutMs ?? READ_TIMEOUT_MS;
    const readings = await Promise.all(
      this.options.readers.map((reader) => readSafely(reader, timeoutMs)),
    );
    const now = this.options.clock();
    const signals: SignalStatus[] = this.options.readers.map((reader, i) => {
      const reading = readings[i]!;
      const meta = SIGNALS[reader.id];
      let expired = false;
      if (reading.state === 'busy') {
        const since = this.busySince.get(reader.id) ?? now;
        this.busySince.set(reader.id, since);
        expired = now - since > meta.maxHoldMinutes * 60_000;
      } else {
        this.busySince.delete(reader.id);
      }
      return { id: reader.id, label: meta.label, source: reader.source, ...reading, expired };
    });
    const holding = signals.find((s) => s.state === 'busy' && !s.expired);
    this.last = {
      available: !holding,
      heldBy: holding ? { id: holding.id, reason: SIGNALS[holding.id].heldBecause } : null,
      signals,
      checkedAt: now,
    };
    return this.last;
  }
}

async function readSafely(reader: SignalReader, timeoutMs: number): Promise<SignalReading> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<SignalReading>((resolve) => {
    timer = setTimeout(
      () => resolve({ state: 'unknown', detail: `no answer within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      reader.read().catch((error: unknown): SignalReading => ({
        state: 'unknown',
        detail: `could not be read (${error instanceof Error ? error.message : String(error)})`,
      })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a command without a shell; resolves with stdout, rejects on a non-zero exit or time-out. */
export type RunCommand = (file: string, args: readonly string[]) => Promise<string>;

export const commandRunner =
  (env: NodeJS.ProcessEnv = process.env): RunCommand =>
  (file, args) =>
    new Promise((resolve, reject) => {
      execFile(
        file,
        [...args],
        { env, timeout: READ_TIMEOUT_MS, maxBuffer: 1024 * 1024, windowsHide: true },
        (error, stdout, stderr) => {
          if (error) {
            const code = (error as NodeJS.ErrnoException).code;
            reject(
              new Error(
                code === 'ENOENT'
                  ? `${file} is not installed`
                  : (String(stderr).trim().split('\n')[0] ?? error.message) || error.message,
              ),
            );
          } else resolve(String(stdout));
        },
      );
    });

/** The first line of a command's failure, short enough for a status row. */
export function shortError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 120);
}
