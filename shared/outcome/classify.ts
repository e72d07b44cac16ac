// Step 3: weigh the phrases of every clause and decide. Later clauses count more — most after a
// contrast ("I got distracted but I'm back now" → back) — and confidence comes from the margin
// between the best class and the runner-up. Too little evidence means `unclear`.
import { QUICK_REPLIES, type Classification, type QuickReplyId } from '../checkin';
import { LIMITS, clampText } from '../domain';
import type { LexiconClass } from './lexicon';
import {
  formEvidence,
  isAboutTask,
  isGerund,
  onlyPart,
  pastBefore,
  plannedBefore,
  someoneElse,
  taskStems,
} from './grammar';
import { findPhrases, type PhraseMatch } from './match';
import { normaliseText, toClauses, type Clause } from './text';

/** How much more a clause counts than the one before it. */
const LINK_GAIN: Readonly<Record<Clause['link'], number>> = {
  start: 1,
  sequence: 1.2,
  then: 1.5,
  contrast: 2,
};
/** Below this much evidence for the best class the reply says nothing we can act on. */
const MIN_EVIDENCE = 1;
/** A clause that is only a question ("next?") with no phrase hints at confusion. */
const BARE_QUESTION_WEIGHT = 1;
/** On a tie the more cautious reading wins: a deferral or trouble over progress. */
const TIE_ORDER: readonly LexiconClass[] = [
  'not_now',
  'stuck',
  'distracted',
  'task_completed',
  're_engaged',
  'unclear',
];

const CLASS_LABEL: Readonly<Record<LexiconClass, string>> = {
  task_completed: 'completion',
  re_engaged: 're-engagement',
  distracted: 'distraction',
  stuck: 'stuck',
  not_now: 'deferral',
  unclear: 'unclear',
};

interface WeighedPhrase extends PhraseMatch {
  clauseWeight: number;
  clause: Clause;
  /** Why the phrase does not count, when it does not. */
  dropped?: string;
}

/** What the nudge was about; optional context that helps read a reply ("cleaned the kitchen"). */
export interface ReplyContext {
  task?: string;
}

function describe(m: WeighedPhrase): string {
  const as = m.cls ? CLASS_LABEL[m.cls] : 'nothing';
  const base = m.negatedBy
    ? `negated ${CLASS_LABEL[m.lexiconClass]} → ${as}: "${m.text}"`
    : `${as}: "${m.text}"`;
  return m.clause.link === 'contrast'
    ? `${base} (after "${m.clause.linkWord}", weighted ×${m.clauseWeight})`
    : base;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A reply with no letter, digit or emoji says nothing at all ("...", "-", ""). */
const HAS_CONTENT = /[\p{L}\p{N}]/u;

/**
 * Reads one clause's phrases against each other, marking those that do not count:
 * - a detour or deferral word that is the task itself ("cooking" when the task is dinner);
 * - an act someone else did is not the person's ("my sister called");
 * - a finished part is progress, not the end ("the first few pages are done");
 * - what was done instead of the task is a detour, even a finished chore ("cleaned my room instead");
 * - a time or event said with a finished act is when it happened or what it was for, not a deferral;
 * - actions in a clause that names a time still to come are the plan for then ("I'll do it tomorrow");
 * - a finish after "will" or "going to" is a plan ("I'll get it done by friday");
 * - actions with an inability are what cannot be done ("no idea how to start", "went to start and couldn't").
 */
function readClause(found: WeighedPhrase[], task: ReadonlySet<string>): void {
  const live = () => found.filter((m) => m.cls !== null && !m.dropped);
  for (const m of live())
    if ((m.cls === 'distracted' || m.cls === 'not_now') && isAboutTask(m, m.clause.tokens, task)) {
      // "watching the lecture" when the lecture is the task: doing it, not a detour.
      const word = m.end - m.start === 1 ? m.clause.tokens[m.start]! : '';
      if (isGerund(word)) {
        m.cls = 're_engaged';
        m.text = `${m.text} (doing the task)`;
      } else m.dropped = 'part of the task';
    }
  // "I was making a snack": a reason to stop that is over is no deferral now.
  for (const m of live())
    if (
      m.cls === 'not_now' &&
      !m.negatedBy &&
      !/^(?:not|no) /.test(m.text) &&
      pastBefore(m.clause.tokens, m.start)
    )
      m.dropped = 'in the past, not a deferral';
  // "I'll get it done by friday": a finish still to come is a plan.
  for (const m of live())
    if (m.cls === 'task_completed' && plannedBefore(m.clause.tokens, m.start))
      m.dropped = 'a plan, not done yet';
  for (const m of live())
    if (m.tag === 'past' && someoneElse(m.clause.tokens, m.start, true))
      m.dropped = 'done by someone else';
  if (onlyPart(found[0]?.clause.tokens ?? []))
    for (const m of live())
      if (m.cls === 'task_completed') {
        m.cls = 're_engaged';
        m.text = `${m.text} (only part of it)`;
      }
  for (const m of live())
    if (m.tag === 'detour')
      for (const act of live())
        if (
          (act.cls === 're_engaged' || act.cls === 'task_completed') &&
          !isAboutTask(act, act.clause.tokens, task)
        )
          act.dropped = 'done instead of the task';
  if (live().some((m) => m.cls === 'task_completed'))
    for (const m of live())
      if (m.cls === 'not_now' && !m.rest) m.dropped = 'what was done, or when, not a deferral';
  if (live().some((m) => m.cls === 'not_now' && m.tag === 'when'))
    for (const m of live()) if (m.cls === 're_engaged') m.dropped = 'planned for later';
  for (const m of live())
    if (m.tag === 'aspect' && live().some((n) => n.start === m.end && n.cls !== 're_engaged'))
      m.dropped = 'the start of what follows';
  if (live().some((m) => m.cls === 'stuck' && m.tag === 'unable'))
    for (const m of live()) if (m.cls === 're_engaged') m.dropped = 'what cannot be done yet';
}

function noWords(): Classification {
  return {
    outcome: 'no_response',
    confidence: 1,
    signals: ['no words: an empty or punctuation-only reply counts as no reply'],
    source: 'rules',
  };
}

/**
 * Classifies a free-text reply to a nudge. Pure, synchronous and safe for the renderer.
 * `context.task` (the nudge's task) is optional: it only sharpens replies that name the task.
 */
export function classifyReply(reply: string, context: ReplyContext = {}): Classification {
  const text = clampText(reply, LIMITS.reply);
  if (!HAS_CONTENT.test(normaliseText(text))) return noWords();
  const clauses = toClauses(text);
  const task = taskStems(context.task);
  const phrases: WeighedPhrase[] = [];
  let clauseWeight = 1;
  let bareQuestions = 0;
  for (const clause of clauses) {
    clauseWeight *= LINK_GAIN[clause.link];
    const { phrases: listed, taken } = findPhrases(clause.tokens);
    const found = [...listed, ...formEvidence(clause.tokens, taken, task)].map(
      (m): WeighedPhrase => ({ ...m, clauseWeight: round(clauseWeight), clause }),
    );
    readClause(found, task);
    // "ok?" asks rather than agrees.
    if (clause.question && found.every((m) => m.cls === null || m.dropped || m.tag === 'ack'))
      for (const m of found) if (m.tag === 'ack') m.dropped = 'a yes asked as a question';
    if (clause.question && found.every((m) => m.cls === null || m.dropped))
      bareQuestions += clauseWeight;
    phrases.push(...found);
  }

  // Resting after finishing is the reward, not a deferral: "done, taking a break now".
  const finished = phrases.some((m) => m.cls === 'task_completed' && !m.dropped);
  for (const m of phrases)
    if (finished && m.rest && m.cls === 'not_now' && !m.dropped)
      m.dropped = 'rest after finishing, not a deferral';
  // A yes or ok only counts when nothing else is said: "yeah the PR got merged" is about the PR.
  const said = phrases.some((m) => m.cls !== null && !m.dropped && m.tag !== 'ack');
  for (const m of phrases)
    if (said && m.tag === 'ack' && !m.dropped) m.dropped = 'a yes with more said';
  const counted = phrases.filter((m) => m.cls !== null && !m.dropped);

  const scores = new Map<LexiconClass, number>();
  for (const m of counted)
    scores.set(m.cls!, (scores.get(m.cls!) ?? 0) + m.weight * m.clauseWeight);
  if (bareQuestions > 0)
    scores.set('unclear', (scores.get('unclear') ?? 0) + BARE_QUESTION_WEIGHT * bareQuestions);

  const ranked = [...scores.entries()].sort(
    (a, b) => b[1] - a[1] || TIE_ORDER.indexOf(a[0]) - TIE_ORDER.indexOf(b[0]),
  );
  const [best, runnerUp] = ranked;
  if (!best || best[1] < MIN_EVIDENCE) {
    const why = clauses.length === 0 ? 'no words to read' : 'no outcome phrases found';
    return {
      outcome: 'unclear',
      confidence: 0.5,
      signals: [why, ...counted.map(describe)],
      source: 'rules',
    };
  }
  const [outcome, top] = best;
  const second = runnerUp?.[1] ?? 0;
  const margin = (top - second) / top;
  const strength = Math.min(1, top / 3);
  const confidence = round(Math.min(0.98, 0.3 + 0.45 * margin + 0.25 * strength));

  const signals = counted.filter((m) => m.cls === outcome).map(describe);
  if (outcome === 'unclear' && bareQuestions > 0) signals.push('a question with no outcome words');
  for (const m of phrases) {
    if (m.cls === null) signals.push(`ignored (negated): "${m.text}"`);
    else if (m.dropped) signals.push(`${m.dropped}: "${m.text}"`);
  }
  if (runnerUp)
    signals.push(`outweighed ${CLASS_LABEL[runnerUp[0]]} (${round(top)} vs ${round(second)})`);
  return { outcome, confidence, signals, source: 'rules' };
}

/** The classification of a quick-reply button: the button says it, so confidence is 1. */
export function classifyQuickReply(id: QuickReplyId): Classification {
  const button = QUICK_REPLIES.find((q) => q.id === id);
  if (!button) throw new RangeError(`Unknown quick reply "${String(id)}"`);
  return {
    outcome: button.outcome,
    confidence: 1,
    signals: [`quick reply: ${button.label}`],
    source: 'quick_reply',
  };
}
