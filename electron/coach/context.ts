// Describes the moment of a check-in in a few words: time of day, how far into the focus block,
// which check-in this is, and what the person said just before. The same text is embedded for
// recall and stored with the record, so similar moments (late afternoon, deep into a block, just
// got distracted) find each other.
import { clampText, type Outcome } from '../../shared/domain';

export interface MomentFacts {
  now: number;
  /** When the focus block started (null = no session). */
  sessionStartedAt: number | null;
  /** Planned length of the block in minutes (null = open-ended). */
  plannedMinutes: number | null;
  /** 1 for the first check-in of the session. */
  checkInNumber: number;
  /** The person's previous reply in this session, if any. */
  lastReply: { text: string; outcome: Outcome } | null;
}

const DAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
/** How much of the previous reply goes into the context (it is quoted, not summarised). */
const LAST_REPLY_MAX = 160;

/** "early morning" … "night", from the local hour. */
export function partOfDay(hour: number): string {
  if (hour >= 5 && hour < 8) return 'early morning';
  if (hour >= 8 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 14) return 'midday';
  if (hour >= 14 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 21) return 'evening';
  return 'night';
}

/** e.g. `Tuesday afternoon (14:05); 25 min into a 50-min focus block; check-in 2; just before: "ugh, email" (distracted)`. */
export function describeMoment(facts: MomentFacts): string {
  const date = new Date(facts.now);
  const hh = String(date.getHours()).padStart(2, '0');
  const mm = String(date.getMinutes()).padStart(2, '0');
  const parts = [`${DAYS[date.getDay()]} ${partOfDay(date.getHours())} (${hh}:${mm})`];
  if (facts.sessionStartedAt !== null) {
    const into = Math.max(0, Math.round((facts.now - facts.sessionStartedAt) / 60_000));
    parts.push(
      facts.plannedMinutes
        ? `${into} min into a ${facts.plannedMinutes}-min focus block`
        : `${into} min into an open-ended focus session`,
    );
  }
  parts.push(`check-in ${facts.checkInNumber}`);
  if (facts.lastReply) {
    const said = clampText(facts.lastReply.text.replace(/\s+/g, ' '), LAST_REPLY_MAX);
    parts.push(
      said
        ? `just before: "${said}" (${facts.lastReply.outcome})`
        : `just before: ${facts.lastReply.outcome}`,
    );
  }
  return parts.join('; ');
}
