// A simulated working week through the real app (application layer, coach, embedded memory) with an
// injected clock and availability readers that follow a simulated person's calendar: calls (the
// microphone in use), Do Not Disturb blocks, a lunch away from the desk, and hours at which they
// usually answer or usually don't. It counts what the person lived through — check-ins held,
// opened, answered, timed out, and any opened while they were unavailable — for two weeks without
// timing that learns, and two weeks with it (the second week of each is reported: by then the
// learner has had a week of evidence).
//
//   npm run sim:timing [-- --seeds 5] [--json]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckInView } from '../shared/checkin';
import type { IpcChannel, IpcRequest, IpcResponse } from '../shared/ipc';
import type { SignalReader, SignalReading } from '../electron/app/availability/signals';
import { createKeelApp } from '../electron/app/keel-app';
import { MemorySecretStore } from '../electron/secrets/secret-store';
import { seededRandom } from '../electron/coach/random';

const MIN = 60_000;

/** The coach's seeded generator (mulberry32): the same seed gives the same run. */
const rng = seededRandom;

/** The simulated person: how likely they answer at each hour, and their calendar. */
export interface Person {
  answerRate(hour: number): number;
  inCall(at: Date): boolean;
  doNotDisturb(at: Date): boolean;
  away(at: Date): boolean;
}

const minutesOfDay = (d: Date) => d.getHours() * 60 + d.getMinutes();
const between = (d: Date, from: string, to: string) => {
  const [fh, fm] = from.split(':').map(Number);
  const [th, tm] = to.split(':').map(Number);
  const m = minutesOfDay(d);
  return m >= fh! * 60 + fm! && m < th! * 60 + tm!;
};

/** Mornings are good, the early afternoon is a slump, late afternoon recovers. */
export const TYPICAL_PERSON: Person = {
  answerRate: (hour) =>
    ({ 9: 0.8, 10: 0.85, 11: 0.75, 12: 0.55, 13: 0.12, 14: 0.15, 15: 0.75, 16: 0.7, 17: 0.45 })[
      hour
    ] ?? 0.3,
  // A daily stand-up, and longer meetings on Tuesday and Thursday afternoons.
  inCall: (d) =>
    between(d, '09:30', '09:45') || ([2, 4].includes(d.getDay()) && between(d, '15:00', '15:50')),
  // A Do Not Disturb focus block on Monday, Wednesday and Friday mornings.
  doNotDisturb: (d) => [1, 3, 5].includes(d.getDay()) && between(d, '10:30', '11:15'),
  away: (d) => between(d, '12:30', '13:15'),
};

export interface WeekFigures {
  opened: number;
  answered: number;
  timedOut: number;
  /** Check-ins that came due while the person was unavailable and were held. */
  held: number;
  /** Check-ins that opened while the person was in a call or in Do Not Disturb (must be 0). */
  openedWhileUnavailable: number;
  /** Held check-ins that opened within the grace period after the call or DND ended (must be 0). */
  openedInGrace: number;
  answerRate: number;
}

function reading(busy: boolean, what: string): SignalReading {
  return busy ? { state: 'busy', detail: what } : { state: 'free', detail: `no ${what}` };
}

/** Runs `weeks` simulated working weeks; returns the figures of each week. */
export async function simulateWeeks(options: {
  seed: number;
  weeks: number;
  adaptiveTiming: boolean;
  person?: Person;
}): Promise<WeekFigures[]> {
  const person = options.person ?? TYPICAL_PERSON;
  const random = rng(options.seed);
  const dataDir = await mkdtemp(join(tmpdir(), 'keel-sim-timing-'));
  let now = new Date(2026, 0, 5, 8, 0).getTime(); // a Monday
  const due: CheckInView[] = [];
  const readers: SignalReader[] = [
    {
      id: 'microphone',
      source: 'simulated calendar',
      read: async () => reading(person.inCall(new Date(now)), 'call'),
    },
    {
      id: 'do_not_disturb',
      source: 'simulated calendar',
      read: async () => reading(person.doNotDisturb(new Date(now)), 'Do Not Disturb'),
    },
  ];
  const app = await createKeelApp({
    host: 'preview',
    dataDir,
    secrets: new MemorySecretStore(),
    env: {},
    clock: () => now,
    emit: (event, payload) => {
      if (event === 'checkin:due') due.push(payload as CheckInView);
    },
    checkInTickMs: 0,
    replyTimeoutMs: 5 * MIN,
    availabilityReaders: readers,
  });
  const call = async <C extends IpcChannel>(
    channel: C,
    request: IpcRequest<C>,
  ): Promise<IpcResponse<C>> => {
    const result = await app.invoke(channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value;
  };

  try {
    await call('settings:update', { adaptiveTiming: options.adaptiveTiming });
    await call('onboarding:complete', { task: 'Write the quarterly report' });
    const weeks: WeekFigures[] = [];
    let unavailableUntil = 0;
    for (let week = 0; week < options.weeks; week++) {
      const figures: WeekFigures = {
        opened: 0,
        answered: 0,
        timedOut: 0,
        held: 0,
        openedWhileUnavailable: 0,
        openedInGrace: 0,
        answerRate: 0,
      };
      for (let day = 0; day < 7; day++) {
        const date = new Date(now);
        const dayStart = new Date(date.getFullYear(), date.getMonth(), date.getDate(), 8, 0);
        now = dayStart.getTime();
        const dayEnd = now + 10 * 60 * MIN;
        let pending: { id: string; answerAt: number | null } | null = null;
        let wasHeld = false;
        for (; now < dayEnd; now += MIN) {
          const at = new Date(now);
          const busy = person.inCall(at) || person.doNotDisturb(at);
          if (busy) unavailableUntil = now + MIN;
          app.setSystemState({ idleSeconds: person.away(at) ? 20 * 60 : 1 });
          if (pending?.answerAt !== null && pending && now >= pending.answerAt) {
            await call('checkin:answer', {
              checkInId: pending.id,
              reply: { kind: 'quick', id: 'on_it' },
            });
            figures.answered++;
            pending = null;
          }
          const before = due.length;
          const heldBefore = wasHeld;
          await app.checkSchedule();
          const status = await call('app:status', {});
          const heldNow = status.hold?.kind === 'availability';
          if (heldNow && !wasHeld) figures.held++;
          wasHeld = heldNow;
          if (pending && (await call('checkin:current', {}))?.state === 'timed_out') {
            figures.timedOut++;
            pending = null;
          }
          if (due.length > before) {
            const checkIn = due.at(-1)!;
            figures.opened++;
            if (busy) figures.openedWhileUnavailable++;
            else if (heldBefore && now - unavailableUntil < 2 * MIN) figures.openedInGrace++;
            const answers = random() < person.answerRate(at.getHours());
            pending = {
              id: checkIn.id,
              answerAt: answers ? now + Math.floor(1 + random() * 3) * MIN : null,
            };
          }
        }
        // The evening: an open check-in is closed by its deadline at the next look.
        now = dayEnd + 14 * 60 * MIN;
        await app.checkSchedule();
        if (pending) figures.timedOut++;
      }
      figures.answerRate = figures.opened ? figures.answered / figures.opened : 0;
      weeks.push(figures);
    }
    return weeks;
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / (values.length || 1);
}

export async function compareTiming(seeds: number): Promise<{
  fixed: WeekFigures;
  learning: WeekFigures;
  learningFirstWeek: WeekFigures;
}> {
  const fixed: WeekFigures[][] = [];
  const learning: WeekFigures[][] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    fixed.push(await simulateWeeks({ seed, weeks: 2, adaptiveTiming: false }));
    learning.push(await simulateWeeks({ seed, weeks: 2, adaptiveTiming: true }));
  }
  const average = (runs: WeekFigures[][], week: number): WeekFigures => {
    const pick = (k: keyof WeekFigures) => mean(runs.map((r) => r[week]![k]));
    return {
      opened: pick('opened'),
      answered: pick('answered'),
      timedOut: pick('timedOut'),
      held: pick('held'),
      openedWhileUnavailable: pick('openedWhileUnavailable'),
      openedInGrace: pick('openedInGrace'),
      answerRate: pick('answerRate'),
    };
  };
  return {
    fixed: average(fixed, 1),
    learning: average(learning, 1),
    learningFirstWeek: average(learning, 0),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seedsAt = args.indexOf('--seeds');
  const seeds = seedsAt >= 0 ? Number(args[seedsAt + 1]) : 5;
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > 100) {
    console.error('--seeds must be a whole number from 1 to 100');
    process.exit(2);
  }
  const result = await compareTiming(seeds);
  if (args.includes('--json')) {
    console.log(JSON.stringify({ seeds, ...result }));
    return;
  }
  const row = (name: string, f: WeekFigures) =>
    `${name.padEnd(34)}${f.opened.toFixed(1).padStart(8)}${f.answered.toFixed(1).padStart(10)}${f.timedOut
      .toFixed(1)
      .padStart(
        10,
      )}${f.held.toFixed(1).padStart(8)}${f.openedWhileUnavailable.toFixed(1).padStart(12)}${(
      f.answerRate * 100
    )
      .toFixed(1)
      .padStart(10)}%`;
  console.log(`Simulated working weeks (mean of ${seeds} seeds; the second week of each run)`);
  console.log(
    `${''.padEnd(34)}${'opened'.padStart(8)}${'answered'.padStart(10)}${'timed out'.padStart(10)}${'held'.padStart(8)}${'in call/DND'.padStart(12)}${'answered'.padStart(11)}`,
  );
  console.log(row('fixed interval', result.fixed));
  console.log(row('timing that learns, first week', result.learningFirstWeek));
  console.log(row('timing that learns, after a week', result.learning));
  const fewerTimeouts = result.fixed.timedOut - result.learning.timedOut;
  console.log(
    `Timing that learns: ${fewerTimeouts.toFixed(1)} fewer unanswered check-ins a week, answer rate ${(result.fixed.answerRate * 100).toFixed(1)}% → ${(result.learning.answerRate * 100).toFixed(1)}%.`,
  );
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  void main();
}
