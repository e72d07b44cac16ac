// Words a nudge. With a text generator (Gemini) the nudge is written for this person and moment from
// the task, the recent conversation, the chosen strategy and what worked before; the reply is
// validated and, on any failure, timeout or bad reply, the library wording is used. A nudge is never
// empty, broken or slow, and each check-in makes at most one generation call.
import type { Outcome, SimilarIntervention, StrategyId } from '../../shared/domain';
import { clampText } from '../../shared/domain';
import { describeError } from '../base/redact';
import type { Logger } from '../base/logger';
import { cleanModelText, generateWithin } from './model-text';
import type { Random } from './random';
import { getStrategy, libraryNudge, saidKey } from './strategies';
import { countEmoji, countSentences, shamingPhrases } from './tone';
import type { TextGenerator } from '../gemini/text-generator';

/** How long a check-in waits for Gemini before using the library wording. */
export const DEFAULT_WORDING_TIMEOUT_MS = 4000;
/** Longest acceptable nudge from the model, in characters. */
export const MAX_NUDGE_CHARS = 240;
const MAX_CONTEXT_CHARS = 1500;

/** One earlier exchange in this session. */
export interface ConversationTurn {
  nudge: string;
  reply: string | null;
  outcome: Outcome | null;
}

export interface NudgeRequest {
  task: string;
  strategy: StrategyId;
  /** The last few nudges and replies of this session, oldest first. */
  recent: readonly ConversationTurn[];
  /** Similar past interventions that worked, best first. */
  worked: readonly SimilarIntervention[];
  /** memory.getContextForPrompt: insights and what has worked. */
  memoryContext: string;
  /** What this session has already said (saidKey form): the nudge must be new. */
  said?: ReadonlySet<string>;
}

export interface WordedNudge {
  text: string;
  source: 'gemini' | 'library';
  /** Why the library wording was used although a generator exists. */
  problem?: string;
}

export function buildNudgePrompt(request: NudgeRequest): string {
  const strategy = getStrategy(request.strategy);
  const recent = request.recent
    .slice(-3)
    .map(
      (t) =>
        `- Keel: ${t.nudge}\n  Person: ${t.reply ?? '(no reply)'}${t.outcome ? ` [${t.outcome}]` : ''}`,
    )
    .join('\n');
  const worked = request.worked
    .slice(0, 3)
    .map(
      (w) => `- "${clampText(w.intervention, 200)}" (task: ${clampText(w.task, 80)}; ${w.outcome})`,
    )
    .join('\n');
  return [
    'You are Keel, a calm, kind focus coach for someone with ADHD or autism.',
    'Write ONE check-in nudge about their current task.',
    '',
    `TASK: ${clampText(request.task, 300)}`,
    '',
    `STRATEGY TO USE: ${strategy.label} — ${strategy.rationale}`,
    '',
    'RECENT CONVERSATION (oldest first):',
    recent || '- (this is the first check-in of the session)',
    '',
    'PAST NUDGES THAT WORKED FOR THIS PERSON IN SIMILAR MOMENTS:',
    worked || '- (none yet)',
    '',
    'WHAT WE KNOW ABOUT THIS PERSON:',
    clampText(request.memoryContext, MAX_CONTEXT_CHARS) || '(nothing yet)',
    '',
    'Rules: at most 2 short sentences; warm and specific; never shame or blame (no "should have", "again?", ',
    '"why haven\'t you", "lazy"); no emoji; plain text only, no markdown, no quotes around the reply.',
  ].join('\n');
}

export type NudgeCheck = { ok: true; text: string } | { ok: false; reason: string };

/** Cleans a model reply and checks it is a usable nudge. */
export function validateNudge(raw: string): NudgeCheck {
  const text = cleanModelText(raw);
  if (!text) return { ok: false, reason: 'empty reply' };
  if (!/[A-Za-z]/.test(text)) return { ok: false, reason: 'reply has no words' };
  if (text.length > MAX_NUDGE_CHARS)
    return { ok: false, reason: `reply is ${text.length} characters (max ${MAX_NUDGE_CHARS})` };
  const sentences = countSentences(text);
  if (sentences > 2) return { ok: false, reason: `reply has ${sentences} sentences (max 2)` };
  const shaming = shamingPhrases(text);
  if (shaming.length > 0)
    return { ok: false, reason: `reply contains shaming wording: ${shaming.join(', ')}` };
  if (countEmoji(text) > 1) return { ok: false, reason: 'reply has more than one emoji' };
  if (/[{}<>]/.test(text))
    return { ok: false, reason: 'reply contains template or markup characters' };
  return { ok: true, text };
}

export interface WordingOptions {
  generator: TextGenerator | null;
  random: Random;
  timeoutMs?: number;
  logger?: Logger;
}

/** Words the nudge: Gemini when available and well-behaved, the library otherwise. One call at most. */
export async function wordNudge(
  request: NudgeRequest,
  options: WordingOptions,
): Promise<WordedNudge> {
  // The library wording is picked first so the random sequence does not depend on the model's luck.
  const said = request.said ?? new Set<string>();
  const library = libraryNudge(request.strategy, request.task, options.random, said);
  if (!options.generator) return { text: library, source: 'library' };
  return wordWithModel(request, library, { ...options, generator: options.generator });
}

/**
 * The one generation call for a nudge whose library wording (`library`) is already chosen: the
 * model's text when it is valid and on time, otherwise `library` with the reason. Never throws.
 */
export async function wordWithModel(
  request: NudgeRequest,
  library: string,
  options: WordingOptions & { generator: TextGenerator },
): Promise<WordedNudge> {
  const said = request.said ?? new Set<string>();
  let problem: string;
  try {
    const raw = await generateWithin(options.generator, buildNudgePrompt(request), {
      timeoutMs: options.timeoutMs ?? DEFAULT_WORDING_TIMEOUT_MS,
      maxOutputTokens: 256,
    });
    const checked = validateNudge(raw);
    if (checked.ok && said.has(saidKey(checked.text)))
      problem = 'reply repeats something already said in this session';
    else if (checked.ok) return { text: checked.text, source: 'gemini' };
    else problem = checked.reason;
  } catch (error) {
    problem = describeError(error);
  }
  options.logger?.warn(`nudge wording fell back to the library: ${problem}`);
  return { text: library, source: 'library', problem };
}
