// Pacing: how many check-ins a day, how close together, and at which moments. It keeps a small
// log of the check-ins Keel opened and whether and how fast the person answered
// (`${dataDir}/pacing.json`, owner-only), so the burden budget holds across restarts and timing can
// learn from it.
//
// - Burden budget: at most `dailyCheckInCap` scheduled check-ins per local day and never two closer
//   than `minCheckInGapMinutes`. The cap is spread over the working day (the interval stretches when
//   the check-ins left would otherwise run out before the day ends), so it never runs out at lunch. A focus session started by hand keeps its own pace: its check-ins do
//   not use up the daily cap (the minimum gap still applies), and they are never moved.
// - Timing that learns: for each hour of the day and each gap since the previous check-in, the share
//   of check-ins that got an answer (a "not now" counts half: the person saw it but could not use
//   it), shrunk toward the person's overall rate so a few answers never swing it. When a scheduled
//   check-in comes due, Keel may wait (up to one interval, at most an hour, never past working
//   hours) for a moment that answers markedly better; waiting has a cost, so with no evidence it
//   opens on time. In an hour that almost never gets an answer (well established) it waits the whole
//   window, so such hours get half as many check-ins — still some, so a changed habit is noticed.
//   It never comes earlier than the interval and never more often than the settings allow.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { WorkingHours } from '../../shared/settings';
import type { Logger } from '../base/logger';
import { describeError } from '../base/redact';
import { writeFileDurable } from '../base/durable-file';
import { currentWindow } from './working-hours';

export const PACING_FILE = 'pacing.json';
const MINUTE_MS = 60_000;
/** Entries older than this are dropped: habits change, and the file stays small. */
const KEEP_DAYS = 42;
const KEEP_ENTRIES = 3000;

export const ReplyKindSchema = z.enum(['answered', 'snoozed', 'timed_out']);
export type ReplyKind = z.infer<typeof ReplyKindSchema>;

const EntrySchema = z.object({
  openedAt: z.number(),
  /** Scheduled by Keel (true) or asked for by the person (tray, window). */
  scheduled: z.boolean(),
  /** Opened during a focus session started by hand. */
  focus: z.boolean(),
  /** Minutes since the previous check-in opened (null for the first one). */
  gapMinutes: z.number().nullable(),
  reply: ReplyKindSchema.nullable(),
  latencyMs: z.number().nullable(),
});
export type PacingEntry = z.infer<typeof EntrySchema>;
const PacingFileSchema = z.object({ version: z.literal(1), entries: z.array(EntrySchema) });

export interface PacingSettings {
  dailyCheckInCap: number;
  minCheckInGapMinutes: number;
  adaptiveTiming: boolean;
}

export type BudgetCheck =
  | { ok: true }
  | { ok: false; reason: 'daily_cap'; until: number; cap: number }
  | { ok: false; reason: 'min_gap'; until: number };

function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
function startOfNextLocalDay(ms: number): number {
  const d = new Date(startOfLocalDay(ms));
  d.setDate(d.getDate() + 1);
  return d.getTime();
}

/**
 * The gap never exceeds the interval: someone who asks for a check-in every 5 minutes gets one every
 * 5 minutes; the gap is there for snoozes, focus sessions and check-ins asked for by hand.
 */
export function effectiveGapMinutes(
  settings: PacingSettings & { checkInIntervalMinutes?: number },
): number {
  return Math.min(settings.minCheckInGapMinutes, settings.checkInIntervalMinutes ?? Infinity);
}

/** Whether another check-in may open now (pure). */
export function checkBudget(
  entries: readonly PacingEntry[],
  settings: PacingSettings & { checkInIntervalMinutes?: number },
  now: number,
  focus: boolean,
): BudgetCheck {
  const last = entries.at(-1);
  if (last) {
    const gapEnds = last.openedAt + effectiveGapMinutes(settings) * MINUTE_MS;
    if (now < gapEnds) return { ok: false, reason: 'min_gap', until: gapEnds };
  }
  if (focus) return { ok: true };
  if (scheduledToday(entries, now) >= settings.dailyCheckInCap) {
    return {
      ok: false,
      reason: 'daily_cap',
      until: startOfNextLocalDay(now),
      cap: settings.dailyCheckInCap,
    };
  }
  return { ok: true };
}

function scheduledToday(entries: readonly PacingEntry[], now: number): number {
  const dayStart = startOfLocalDay(now);
  let today = 0;
  for (let i = entries.length - 1; i >= 0 && entries[i]!.openedAt >= dayStart; i--) {
    if (entries[i]!.scheduled && !entries[i]!.focus) today++;
  }
  return today;
}

/**
 * The interval after the check-in at `anchor`: the person's, stretched so that the check-ins left
 * today last until the end of today's working hours (pure). With timing that learns, the day is
 * measured in "answering time" rather than clock time: the remaining check-ins are spread in
 * proportion to how often the person answers at each hour, so a slump gets fewer of them and a
 * good morning more — never closer than the person's interval. Without evidence every hour weighs
 * the same and this is an even spread. A focus session keeps the person's interval.
 */
export function pacedIntervalMinutes(input: {
  entries: readonly PacingEntry[];
  settings: PacingSettings & { checkInIntervalMinutes: number; workingHours: WorkingHours };
  anchor: number;
  focus: boolean;
  receptivity: Receptivity | null;
}): number {
  const { entries, settings, anchor, focus, receptivity } = input;
  const interval = settings.checkInIntervalMinutes;
  if (focus) return interval;
  const window = currentWindow(anchor, settings.workingHours);
  const left = settings.dailyCheckInCap - scheduledToday(entries, anchor);
  if (!window || left <= 0) return interval;
  const weight = (at: number) => (receptivity ? receptivity.byHour[new Date(at).getHours()]! : 1);
  // Minute by minute: a working day is a few hundred steps.
  let total = 0;
  for (let at = anchor; at < window.end; at += MINUTE_MS) total += weight(at);
  // Half a share is kept for the end of the day, so the last check-in does not fall on closing time.
  const share = total / (left + 0.5);
  let acc = 0;
  let at = anchor;
  while (at < window.end && acc < share) {
    acc += weight(at);
    at += MINUTE_MS;
  }
  return Math.max(interval, (at - anchor) / MINUTE_MS);
}

/** A reply's value for learning when to ask. */
function replyValue(reply: ReplyKind | null): number | null {
  if (reply === 'answered') return 1;
  if (reply === 'snoozed') return 0.5;
  if (reply === 'timed_out') return 0;
  return null;
}

export const GAP_BUCKETS = [20, 40, 90, Infinity] as const;
function gapBucket(minutes: number | null): number {
  if (minutes === null) return GAP_BUCKETS.length - 1;
  return GAP_BUCKETS.findIndex((limit) => minutes < limit);
}

/** Prior weight (in check-ins) that pulls an hour's or a gap's rate toward the overall rate. */
const SHRINK = 4;

export interface Receptivity {
  overall: number;
  /** Estimated answer rate per local hour 0–23 (shrunk toward `overall`). */
  byHour: number[];
  /** Observed check-ins per hour (scheduled ones with a known reply). */
  seenByHour: number[];
  answeredByHour: number[];
  /** Rate by gap bucket (see GAP_BUCKETS), relative to `overall` (1 = no effect). */
  gapFactor: number[];
  /** Estimated answer rate for a check-in opened at `at` after `gapMinutes`. */
  rateAt(at: number, gapMinutes: number | null): number;
}

/** Learns answer rates by hour and by gap from the log (pure). */
export function learnReceptivity(entries: readonly PacingEntry[]): Receptivity {
  const sumH = new Array<number>(24).fill(0);
  const nH = new Array<number>(24).fill(0);
  const answeredH = new Array<number>(24).fill(0);
  const sumG = new Array<number>(GAP_BUCKETS.length).fill(0);
  const nG = new Array<number>(GAP_BUCKETS.length).fill(0);
  let sum = 0;
  let n = 0;
  for (const entry of entries) {
    const value = replyValue(entry.reply);
    if (value === null || !entry.scheduled) continue;
    const hour = new Date(entry.openedAt).getHours();
    sumH[hour]! += value;
    nH[hour]! += 1;
    if (entry.reply === 'answered') answeredH[hour]! += 1;
    const g = gapBucket(entry.gapMinutes);
    sumG[g]! += value;
    nG[g]! += 1;
    sum += value;
    n += 1;
  }
  // With no evidence at all the overall rate is a neutral 0.5 and every hour equals it.
  const overall = (sum + 1) / (n + 2);
  // Neighbouring hours share half their evidence: habits run in blocks, not in single hours.
  const byHour = sumH.map((_, h) => {
    const s = sumH[h]! + 0.5 * (sumH[(h + 23) % 24]! + sumH[(h + 1) % 24]!);
    const c = nH[h]! + 0.5 * (nH[(h + 23) % 24]! + nH[(h + 1) % 24]!);
    return (s + SHRINK * overall) / (c + SHRINK);
  });
  const gapFactor = sumG.map((s, g) => {
    const rate = (s + SHRINK * overall) / (nG[g]! + SHRINK);
    return Math.min(1.5, Math.max(0.5, rate / overall));
  });
  return {
    overall,
    byHour,
    seenByHour: nH,
    answeredByHour: answeredH,
    gapFactor,
    rateAt: (at, gapMinutes) =>
      Math.min(1, byHour[new Date(at).getHours()]! * gapFactor[gapBucket(gapMinutes)]!),
  };
}

/** What waiting costs, per half interval: small, so only a clearly better moment is worth it. */
const WAIT_COST = 0.08;
/** Candidate moments are this far apart. */
const STEP_MS = 5 * MINUTE_MS;
/** Keel never waits longer than this for a better moment. */
export const MAX_SHIFT_MINUTES = 60;
/** An hour whose estimated answer rate is below this, on this much evidence, is a quiet hour. */
export const QUIET_RATE = 0.25;
export const QUIET_EVIDENCE = 6;

export interface MomentChoice {
  /** Open now (true), or wait until `waitUntil` for a better moment. */
  openNow: boolean;
  waitUntil: number | null;
  /** The estimated answer rates now and at the chosen moment (for the explanation). */
  rateNow: number;
  rateBest: number;
}

/**
 * A scheduled check-in is due (its interval is up at `dueAt`): open now, or wait for a better moment
 * no later than `dueAt + min(interval / 2, MAX_SHIFT)` and inside `allowed` (working hours). Pure.
 */
export function chooseMoment(input: {
  receptivity: Receptivity;
  now: number;
  dueAt: number;
  intervalMinutes: number;
  lastOpenedAt: number | null;
  allowed: (at: number) => boolean;
}): MomentChoice {
  const { receptivity, now, dueAt, intervalMinutes, lastOpenedAt, allowed } = input;
  const shiftMs = Math.min(intervalMinutes, MAX_SHIFT_MINUTES) * MINUTE_MS;
  const latest = dueAt + shiftMs;
  const gapAt = (at: number) => (lastOpenedAt === null ? null : (at - lastOpenedAt) / MINUTE_MS);
  const score = (at: number) =>
    receptivity.rateAt(at, gapAt(at)) - (WAIT_COST * Math.max(0, at - now)) / (shiftMs || 1);
  const rateNow = receptivity.rateAt(now, gapAt(now));
  let best = now;
  let bestScore = score(now);
  let bestRate = rateNow;
  let lastAllowed = now;
  for (let at = now + STEP_MS; at <= latest; at += STEP_MS) {
    if (!allowed(at)) break;
    lastAllowed = at;
    const rate = receptivity.rateAt(at, gapAt(at));
    bestRate = Math.max(bestRate, rate);
    const s = score(at);
    if (s > bestScore + 1e-9) {
      best = at;
      bestScore = s;
    }
  }
  // A quiet hour through the whole window: wait it out (once; the check-in then opens).
  const hour = new Date(now).getHours();
  if (
    best === now &&
    bestRate < QUIET_RATE &&
    receptivity.seenByHour[hour]! >= QUIET_EVIDENCE &&
    lastAllowed > now
  ) {
    best = lastAllowed;
  }
  return best === now
    ? { openNow: true, waitUntil: null, rateNow, rateBest: rateNow }
    : { openNow: false, waitUntil: best, rateNow, rateBest: receptivity.rateAt(best, gapAt(best)) };
}

/** The pacing log's one owner: appends, settles replies, persists. */
export class PacingLog {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string | null,
    private entries: PacingEntry[],
    private readonly logger: Logger,
  ) {}

  /** Opens `${dataDir}/pacing.json`; a missing or damaged file starts an empty log. */
  static async open(dataDir: string | null, logger: Logger): Promise<PacingLog> {
    if (dataDir === null) return new PacingLog(null, [], logger);
    const path = join(dataDir, PACING_FILE);
    let entries: PacingEntry[] = [];
    try {
      const parsed = PacingFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      if (parsed.success) entries = parsed.data.entries;
      else logger.warn(`${path} is not a valid pacing file; starting a new one`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        logger.warn(`reading ${path} failed (${describeError(error)}); starting a new one`);
    }
    return new PacingLog(path, entries, logger);
  }

  all(): readonly PacingEntry[] {
    return this.entries;
  }

  lastOpenedAt(): number | null {
    return this.entries.at(-1)?.openedAt ?? null;
  }

  opened(at: number, how: { scheduled: boolean; focus: boolean }): void {
    const last = this.lastOpenedAt();
    this.entries.push({
      openedAt: at,
      scheduled: how.scheduled,
      focus: how.focus,
      gapMinutes: last === null ? null : Math.round((at - last) / MINUTE_MS),
      reply: null,
      latencyMs: null,
    });
    const keepFrom = at - KEEP_DAYS * 24 * 60 * MINUTE_MS;
    this.entries = this.entries.filter((e) => e.openedAt >= keepFrom).slice(-KEEP_ENTRIES);
    this.persist();
  }

  /** The open check-in got a reply (or timed out); only the first settles it. */
  settle(at: number, reply: ReplyKind): void {
    const last = this.entries.at(-1);
    if (!last || last.reply !== null) return;
    last.reply = reply;
    last.latencyMs = reply === 'timed_out' ? null : Math.max(0, at - last.openedAt);
    this.persist();
  }

  /** Resolves when every write so far is on disk (tests, quitting). */
  flush(): Promise<void> {
    return this.writing;
  }

  private persist(): void {
    if (this.path === null) return;
    const path = this.path;
    const content = JSON.stringify({ version: 1, entries: this.entries });
    this.writing = this.writing
      .then(() => writeFileDurable(path, content))
      .catch((error: unknown) =>
        this.logger.warn(`saving ${path} failed (${describeError(error)})`),
      );
  }
}

/** When check-ins get answers, per hour, for History. */
export function answerTimes(
  entries: readonly PacingEntry[],
): Array<{ hour: number; opened: number; answered: number; medianLatencySeconds: number | null }> {
  const rows = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    opened: 0,
    answered: 0,
    latencies: [] as number[],
  }));
  for (const e of entries) {
    if (e.reply === null) continue;
    const row = rows[new Date(e.openedAt).getHours()]!;
    row.opened++;
    if (e.reply !== 'timed_out') {
      row.answered++;
      if (e.latencyMs !== null) row.latencies.push(e.latencyMs);
    }
  }
  return rows
    .filter((r) => r.opened > 0)
    .map(({ hour, opened, answered, latencies }) => {
      latencies.sort((a, b) => a - b);
      const mid = latencies.length ? latencies[Math.floor(latencies.length / 2)]! : null;
      return {
        hour,
        opened,
        answered,
        medianLatencySeconds: mid === null ? null : Math.round(mid / 1000),
      };
    });
}
