// After a session (end of a focus block or of the day) Keel writes ONE short insight: with Gemini,
// from the reference prompt over the transcript and previous insights; offline or on any failure, a
// rule-based sentence grounded in this session's and the past week's statistics. The insight is
// stored with memory.addInsight, so it feeds later nudges through the memory context.
import {
  clampText,
  LIMITS,
  type Insight,
  type InterventionSummary,
  type Outcome,
  type StrategyId,
} from '../../shared/domain';
import { describeError } from '../base/redact';
import type { Logger } from '../base/logger';
import type { Memory } from '../memory/types';
import { cleanModelText, generateWithin } from './model-text';
import {
  bestAndWorst,
  countsAsTry,
  isSuccess,
  tallyByStrategy,
  type StrategyTally,
} from './session-stats';
import { getStrategy, isStrategyId, strategyLabel } from './strategies';
import { countSentences, shamingPhrases } from './tone';
import type { TextGenerator } from '../gemini/text-generator';

export const DEFAULT_REFLECTION_TIMEOUT_MS = 8000;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_INSIGHT_CHARS = 400;

/** One check-in of the session, as the reflection sees it. */
export interface TranscriptEntry {
  at: number;
  task: string;
  strategy: string;
  nudge: string;
  /** null when no reply came (no_response). */
  reply: string | null;
  outcome: Outcome;
  /** After `stuck`: the concrete step the follow-up offered (not credited with anything). */
  offered?: string;
  /** The stored record's key, once it is stored (History corrections find the entry by it). */
  key?: string;
  /** The reply was in the person's own words (not a button): a correction of it teaches. */
  typed?: true;
}

/** The reference design's prompt (redis-memory-technical-reference.md, "Gemini Reflection Generation"). */
export function buildReflectionPrompt(
  transcript: readonly TranscriptEntry[],
  previous: readonly Insight[],
): string {
  const transcriptStr = transcript
    .map(
      (e) =>
        `Keel (${strategyLabel(e.strategy)}): ${clampText(e.nudge, 300)}\n` +
        `User: ${e.reply === null ? '(no reply)' : clampText(e.reply, 300)}\nOutcome: ${e.outcome}` +
        (e.offered ? `\nKeel then offered a smaller step (${strategyLabel(e.offered)})` : ''),
    )
    .join('\n\n');
  const previousStr = previous.length
    ? previous.map((i) => `- ${i.text}`).join('\n')
    : '(none yet)';
  return `Analyze this support session for someone with ADHD/autism.

SESSION TRANSCRIPT:
${transcriptStr}

PREVIOUS INSIGHTS ABOUT THIS USER:
${previousStr}

Generate ONE brief insight (1-2 sentences) about what we learned from this session.
Credit a strategy only with the outcome of its own check-in; not_now and no_response say nothing
about a strategy. Do not suggest something this session already tried.
Focus on:
- What intervention styles worked or didn't work
- User's preferences or patterns you noticed
- What to do differently next time

Keep it specific and actionable.`;
}

/** Cleans a model insight; keeps the first two sentences; null when unusable. */
export function acceptInsight(raw: string): string | null {
  let text = cleanModelText(raw);
  if (!/[A-Za-z]/.test(text)) return null;
  if (countSentences(text) > 2) {
    const sentences = text.split(/(?<=[.!?])\s+/);
    text = sentences.slice(0, 2).join(' ');
  }
  if (text.length > MAX_INSIGHT_CHARS || shamingPhrases(text).length > 0) return null;
  return text;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function pluralOf(t: StrategyTally): string {
  return isStrategyId(t.strategy) ? getStrategy(t.strategy).plural : t.strategy;
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function times(n: number): string {
  return n === 1 ? 'time' : 'times';
}

/** Whether the session already offered small steps (after `stuck`) or got stuck on one. */
function smallStepsTried(session: readonly TranscriptEntry[]): boolean {
  return session.some(
    (e) =>
      e.offered !== undefined ||
      (isStrategyId(e.strategy) && getStrategy(e.strategy).size === 1 && e.outcome === 'stuck'),
  );
}

/** Kinds of help that are not "a smaller step", in the order they are suggested. */
const OTHER_KINDS_OF_HELP: readonly StrategyId[] = [
  'body_doubling',
  'movement_break',
  'change_environment',
  'reward_pairing',
  'self_compassion',
];

/**
 * Something this session did not try (neither as a nudge nor as an offered step): the week's best
 * strategy when it is one, else `preferred`, else the first untried other kind of help.
 */
function untriedHelp(
  session: readonly TranscriptEntry[],
  best: StrategyTally | null,
  preferred?: StrategyId,
): string {
  const used = new Set<string>(
    session.flatMap((e) => (e.offered ? [e.strategy, e.offered] : [e.strategy])),
  );
  if (best && !used.has(best.strategy)) return pluralOf(best);
  const candidates = [...(preferred ? [preferred] : []), ...OTHER_KINDS_OF_HELP];
  const next = candidates.find((id) => !used.has(id)) ?? candidates[0]!;
  return next === 'tiny_first_step' ? 'a tiny first step' : getStrategy(next).plural;
}

/**
 * The offline insight, from statistics only:
 * "Tiny first steps worked 4 of 5 times this week; time-boxes 0 of 3. This session: 3 check-ins, 2 went well."
 */
export function ruleBasedInsight(
  session: readonly TranscriptEntry[],
  week: ReadonlyArray<Pick<InterventionSummary, 'strategy' | 'outcome'>>,
): string {
  const { best, worst } = bestAndWorst(tallyByStrategy(week));
  const sentences: string[] = [];
  if (best) {
    let s = `${pluralOf(best)} worked ${best.successes} of ${best.tries} ${times(best.tries)} this week`;
    if (worst) s += `; ${lowerFirst(pluralOf(worst))} ${worst.successes} of ${worst.tries}`;
    sentences.push(`${s}.`);
  }
  // Each check-in speaks only for its own strategy, and a snooze or no reply for none at all.
  const tries = session.filter((e) => countsAsTry(e.outcome));
  const wentWell = tries.filter((e) => isSuccess(e.outcome)).length;
  const stuck = tries.filter((e) => e.outcome === 'stuck').length;
  let summary = `This session: ${session.length} check-in${session.length === 1 ? '' : 's'}, ${wentWell} went well`;
  if (tries.length === 0) {
    summary = `This session: ${session.length} check-in${session.length === 1 ? '' : 's'}, none answered yet, which is fine`;
  } else if (stuck >= 2) {
    summary += `, stuck ${stuck} ${times(stuck)}`;
    // Never advise what was just done: after smaller steps, suggest a different kind of help.
    summary += smallStepsTried(session)
      ? `, even with smaller steps, so try ${lowerFirst(untriedHelp(session, best))} next time`
      : ', so smaller first steps may help next time';
  } else if (wentWell === 0) {
    // Nothing landed: say what to do differently, not just the score.
    const tried = [...new Set(tries.map((e) => lowerFirst(strategyLabel(e.strategy))))];
    summary += `; ${joinAnd(tried)} did not land today, so try ${lowerFirst(untriedHelp(session, best, 'tiny_first_step'))} next time`;
  } else if (!best) {
    const worked = [
      ...new Set(
        tries.filter((e) => isSuccess(e.outcome)).map((e) => lowerFirst(strategyLabel(e.strategy))),
      ),
    ];
    if (worked.length) summary += `; ${joinAnd(worked)} helped`;
  }
  sentences.push(`${summary}.`);
  return sentences.join(' ');
}

export interface ReflectOptions {
  memory: Memory;
  userId: string;
  generator: TextGenerator | null;
  sessionId: string;
  transcript: readonly TranscriptEntry[];
  now: number;
  timeoutMs?: number;
  logger?: Logger;
}

/** Writes and stores the session's insight; null when the session had no check-ins. */
export async function reflectOnSession(options: ReflectOptions): Promise<Insight | null> {
  if (options.transcript.length === 0) return null;
  const { memory, userId, logger } = options;
  let text: string | null = null;
  if (options.generator) {
    try {
      const previous = await memory.listInsights(userId, 5);
      const raw = await generateWithin(
        options.generator,
        buildReflectionPrompt(options.transcript, previous),
        {
          timeoutMs: options.timeoutMs ?? DEFAULT_REFLECTION_TIMEOUT_MS,
        },
      );
      text = acceptInsight(raw);
      if (!text)
        logger?.warn('reflection: the model insight was unusable; using the rule-based insight');
    } catch (error) {
      logger?.warn(`reflection fell back to the rule-based insight: ${describeError(error)}`);
    }
  }
  if (!text) {
    let week: InterventionSummary[];
    try {
      week = await memory.listRecent(userId, { sinceMs: options.now - WEEK_MS, limit: 1000 });
    } catch (error) {
      logger?.warn(
        `reflection: could not read the past week (${describeError(error)}); using this session only`,
      );
      week = options.transcript.map((e, i) => ({
        ...e,
        key: String(i),
        context: '',
        intervention: e.nudge,
        timestamp: e.at,
      }));
    }
    text = ruleBasedInsight(options.transcript, week);
  }
  return memory.addInsight(userId, {
    text: clampText(text, LIMITS.insight),
    sessionId: options.sessionId,
    timestamp: options.now,
  });
}
