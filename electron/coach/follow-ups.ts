// What Keel says after a reply: name what was done and offer the next step, encourage, refocus,
// offer one smaller step, snooze, or close the block. Several kind wordings each, chosen with the
// engine's seedable random, never one already said in this session while another is left.
//
// Every message is at most two sentences, whatever parts it is made of: a closing line plus a
// congratulation is written as one template, and a smaller step after `stuck` is one short intro
// sentence plus one single-sentence step (SMALLER_STEPS, not the two-sentence nudge phrasings).
// Only the snooze promises when Keel comes back, because only a snooze holds the schedule.
import type { FollowUp } from '../../shared/checkin';
import type { Outcome, StrategyId } from '../../shared/domain';
import type { Random } from './random';
import { fillPhrasing, pickUnsaid, saidKey } from './strategies';

/** The task is done and the block goes on: name it and offer what could come next. */
const CONGRATULATE = [
  'Nice work, {task} is done. What next: a new task, a short break, or ending this session?',
  'You finished {task}, and that is a real win. Would you like a new task, a break, or to stop here?',
  '{task} is done, well done for seeing it through. You can set a new task, take a break, or end the session.',
  'Well done, {task} is finished. Pick what comes next: a new task, a break, or the end of this session.',
];
const ENCOURAGE = [
  'Great, you are back on it.',
  'Lovely, keep going at your own pace.',
  'Good to hear. {task} is in good hands.',
  'Nice, you are on your way with {task}.',
  'Good, carry on with {task} in your own way.',
  'That is good to hear. One step at a time is enough.',
];
const REFOCUS = [
  'That happens to everyone. Whenever you are ready, one small step back into {task} is plenty.',
  "Drifting off is normal. Let's gently come back to {task}, starting with something small.",
  'No harm done. Close one distraction and return to {task} when you can.',
  'Attention wanders, and that is fine. Go back to {task} with the next small thing.',
  'Thanks for noticing. Put one distraction out of sight and come back to {task}.',
  'It is okay to drift. A slow breath, then back to {task} at your own pace.',
];
const UNCLEAR = [
  'Thanks for letting me know.',
  'Got it. I am here if you want a hand with {task}.',
  'Thank you for the reply.',
  'Okay, noted. Tap Stuck or Done any time if that is easier.',
  'Thanks. Tell me more whenever you like.',
  'Noted, thank you.',
];
const NO_RESPONSE = [
  'No worries, no reply is needed.',
  'That is fine. Answer whenever it suits you.',
  'No reply needed, carry on.',
  'All good, no answer needed.',
  'That is okay, you can ignore these when you are busy.',
  'No problem, keep doing what you are doing.',
];
const SNOOZE = [
  'No problem. I will check back in {minutes} minutes.',
  'Sure, no nudges for the next {minutes} minutes.',
  'Okay, I will wait {minutes} minutes before the next check-in.',
  'Of course. The next check-in comes in about {minutes} minutes.',
  'Fine by me. Talk in {minutes} minutes.',
  'Sure thing, {minutes} minutes of quiet from me.',
];
/** For `stuck` when no smaller step can be offered. */
const STUCK = [
  'Being stuck is okay, it happens to everyone. Tell me if you want a smaller step for {task}.',
  'That is okay. Sometimes stepping away for a minute makes {task} easier to start.',
  'Thanks for saying so. Stuck is a normal part of {task}, not a problem with you.',
];
const SMALLER_INTRO = [
  "No problem, let's go smaller.",
  "Okay, let's make it smaller.",
  "That is fine, let's try a smaller step.",
];
/** One-sentence steps for the follow-up to `stuck`, per concrete-step strategy. */
export const SMALLER_STEPS: Readonly<Partial<Record<StrategyId, readonly string[]>>> = {
  tiny_first_step: [
    'Try just two minutes on {task}, then decide whether to go on.',
    'Do the very first bit of {task} for two minutes, nothing more.',
    'Give {task} one minute and then stop if you want to.',
  ],
  next_physical_action: [
    'Open the file or page you need for {task} and put it in front of you.',
    'Name one thing your hands will do first for {task}, and do only that.',
    'Put the one thing you need for {task} within reach, and stop there.',
  ],
  easiest_piece: [
    'Pick the part of {task} that needs the least thought and do only that.',
    'Start {task} with an easy part that takes a couple of minutes.',
    'Do the most boring, simple bit of {task} first.',
  ],
  break_down: [
    'Write down the first two steps of {task} and start with the first one.',
    'Pick one part of {task} you could finish in ten minutes.',
    'List three small parts of {task} and circle the smallest.',
  ],
};
/** The planned block has ended (with the task done, or not). */
const END_DONE = [
  'You finished {task}, and this focus block is over. Thank you for showing up.',
  'Nice work, {task} is done and so is this focus block. Enjoy a proper break.',
];
const END = [
  'That is the end of this focus block. Thank you for showing up for {task}.',
  'Your focus block is over. Whatever you got done counts.',
];

/** The concrete-step strategies with a step not yet said in this session (for `stuck`). */
export function strategiesWithFreshSteps(
  candidates: readonly StrategyId[],
  task: string,
  said: ReadonlySet<string>,
): StrategyId[] {
  return candidates.filter((id) =>
    (SMALLER_STEPS[id] ?? []).some((step) => !said.has(saidKey(fillPhrasing(step, task)))),
  );
}

export interface FollowUpInput {
  outcome: Outcome;
  task: string;
  random: Random;
  /** The planned focus block has ended: close it instead of planning the next check-in. */
  sessionOver: boolean;
  snoozeMinutes: number;
  /** For `stuck`: the concrete-step strategy whose one-sentence step to offer. */
  smallerStep?: StrategyId;
  /** Texts already said in this session (saidKey form): not said again while others are left. */
  said?: ReadonlySet<string>;
}

function say(templates: readonly string[], input: FollowUpInput): string {
  const filled = templates.map((t) =>
    fillPhrasing(t, input.task).replaceAll('{minutes}', String(input.snoozeMinutes)),
  );
  return pickUnsaid(filled, input.random, input.said ?? new Set());
}

/** A follow-up, and after `stuck` the step inside it (so the session never offers it again). */
export type ComposedFollowUp = FollowUp & { step?: string };

export function followUpFor(input: FollowUpInput): ComposedFollowUp {
  if (input.sessionOver) {
    const done = input.outcome === 'task_completed';
    return { kind: 'end', text: say(done ? END_DONE : END, input) };
  }
  switch (input.outcome) {
    case 'task_completed':
      return {
        kind: 'congratulate',
        text: say(CONGRATULATE, input),
        next: ['new_task', 'break', 'end_session'],
      };
    case 're_engaged':
      return { kind: 'encourage', text: say(ENCOURAGE, input) };
    case 'distracted':
      return { kind: 'refocus', text: say(REFOCUS, input) };
    case 'stuck': {
      const steps = input.smallerStep ? SMALLER_STEPS[input.smallerStep] : undefined;
      if (!steps) return { kind: 'smaller_step', text: say(STUCK, input) };
      const step = say(steps, input);
      return { kind: 'smaller_step', text: `${say(SMALLER_INTRO, input)} ${step}`, step };
    }
    case 'not_now':
      return { kind: 'snooze', text: say(SNOOZE, input), snoozeMinutes: input.snoozeMinutes };
    case 'no_response':
      return { kind: 'encourage', text: say(NO_RESPONSE, input) };
    case 'unclear':
      return { kind: 'encourage', text: say(UNCLEAR, input) };
  }
}

/** Every follow-up template by what it is for, for the tone and length tests. */
export const FOLLOW_UP_PARTS = {
  CONGRATULATE,
  ENCOURAGE,
  REFOCUS,
  UNCLEAR,
  NO_RESPONSE,
  SNOOZE,
  STUCK,
  SMALLER_INTRO,
  END_DONE,
  END,
} as const;

/** Every follow-up template, for the tone tests. */
export const FOLLOW_UP_TEMPLATES: readonly string[] = [
  ...Object.values(FOLLOW_UP_PARTS).flat(),
  ...Object.values(SMALLER_STEPS).flatMap((steps) => steps ?? []),
];
