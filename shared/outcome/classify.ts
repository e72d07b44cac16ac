// Step 3: weigh the phrases of every clause and decide. Later clauses count more — most after a
// contrast ("I got distracted but I'm back now" → back) — and confidence comes from the margin
// between the best class and the runner-up. Too little evidence means `unclear`.
import { QUICK_REPLIES, type Classification, type QuickReplyId } from '../checkin';
import { LIMITS, clampText } from '../domain';
import type { LexiconClass } from './lexicon';
import { findPhrases, type PhraseMatch } from './match';
import { toClauses, type Clause } from './text';

/** How much more a clause counts than the one before it. */
const LINK_GAIN: Readonly<Record<Clause['link'], number>> = {
  start: 1,
  sequence: 1.2,
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

/** Classifies a free-text reply to a nudge. Pure, synchronous and safe for the renderer. */
export function classifyReply(reply: string): Classification {
  const clauses = toClauses(clampText(reply, LIMITS.reply));
  const phrases: WeighedPhrase[] = [];
  let clauseWeight = 1;
  let bareQuestions = 0;
  for (const clause of clauses) {
    clauseWeight *= LINK_GAIN[clause.link];
    const found = findPhrases(clause.tokens);
    if (clause.question && found.every((m) => m.cls === null)) bareQuestions += clauseWeight;
    for (const m of found) phrases.push({ ...m, clauseWeight: round(clauseWeight), clause });
  }

  // Resting after finishing is the reward, not a deferral: "done, taking a break now".
  const finished = phrases.some((m) => m.cls === 'task_completed');
  const counted = phrases.filter(
    (m) => m.cls !== null && !(finished && m.rest && m.cls === 'not_now'),
  );

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
  const dropped = phrases.filter(
    (m) => m.cls === null || (finished && m.rest && m.cls === 'not_now'),
  );
  for (const m of dropped)
    signals.push(
      m.cls === null
        ? `ignored (negated): "${m.text}"`
        : `rest after finishing, not a deferral: "${m.text}"`,
    );
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
