// The outcome detection of the original reference (../shared/reference, "Outcome Detection
// Patterns"), reproduced only as a baseline for the quality test: lower-case the message and look
// for keyword substrings. It has no notion of words, negation or clauses — "ok" is found in "book",
// "done" in "not done yet" — and no stuck or not-now lists at all.
import type { Outcome } from '../../shared/domain';

const COMPLETION = [
  'done',
  'finished',
  'completed',
  'all done',
  'finished it',
  'got it done',
  'accomplished',
  'finished the task',
];
const REENGAGEMENT = [
  'okay',
  'ok',
  'sounds good',
  "let's do it",
  'yes',
  'yeah',
  'sure',
  'alright',
  'ready',
  "let's go",
  "i'll do it",
];
const DISTRACTION = [
  'wait',
  'hold on',
  'what was i doing',
  'lost track',
  'forgot',
  'distracted',
  'off track',
];

/** Checks completion, then distraction, then re-engagement, as the reference's detectors are listed. */
export function keywordBaseline(reply: string): Outcome {
  const message = reply.toLowerCase();
  const has = (keywords: string[]) => keywords.some((k) => message.includes(k));
  if (has(COMPLETION)) return 'task_completed';
  if (has(DISTRACTION)) return 'distracted';
  if (has(REENGAGEMENT)) return 're_engaged';
  return 'unclear';
}
