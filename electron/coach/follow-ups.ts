// What Keel says after a reply: congratulate, encourage, refocus, offer a smaller step, snooze, or
// close the block. Several kind wordings each, chosen with the engine's seedable random.
import type { FollowUp } from '../../shared/checkin';
import type { Outcome } from '../../shared/domain';
import { pick, type Random } from './random';
import { fillPhrasing } from './strategies';

const CONGRATULATE = [
  'Nice work, that one is done! Take a second to notice it.',
  'You finished it. That is a real win.',
  'Done! Well done for seeing {task} through.',
];
const ENCOURAGE = [
  'Great, you are back on it. I will check in again later.',
  'Lovely, keep going at your own pace.',
  'Good to hear. {task} is in good hands.',
];
const REFOCUS = [
  'That happens to everyone. Whenever you are ready, one small step back into {task} is plenty.',
  "Drifting off is normal. Let's gently come back to {task}, starting with something small.",
  'No harm done. Close one distraction and return to {task} when you can.',
];
const UNCLEAR = [
  'Thanks for letting me know. I will check back in a little while.',
  'Got it. I am here if you want a hand with {task}.',
];
const NO_RESPONSE = [
  'No worries, I will check in again later.',
  'No reply needed. I will try again in a bit.',
];
const SNOOZE = [
  'No problem. I will check back in {minutes} minutes.',
  'Sure, taking a break from nudges for {minutes} minutes.',
];
const SMALLER_INTRO = [
  "No problem, let's go smaller.",
  "Okay, let's make it smaller.",
  "That is fine, let's try a smaller step.",
];
const END = [
  'That is the end of this focus block. Thank you for showing up for {task}.',
  'Your focus block is over. Whatever you got done counts.',
];

export interface FollowUpInput {
  outcome: Outcome;
  task: string;
  random: Random;
  /** The planned focus block has ended: close it instead of planning the next check-in. */
  sessionOver: boolean;
  snoozeMinutes: number;
  /** For `stuck`: the smaller step to offer (already worded). */
  smallerStep?: string;
}

function say(templates: readonly string[], input: FollowUpInput): string {
  return fillPhrasing(pick(templates, input.random), input.task).replaceAll(
    '{minutes}',
    String(input.snoozeMinutes),
  );
}

export function followUpFor(input: FollowUpInput): FollowUp {
  if (input.sessionOver) {
    const closing = say(END, input);
    return {
      kind: 'end',
      text: input.outcome === 'task_completed' ? `Done, well done! ${closing}` : closing,
    };
  }
  switch (input.outcome) {
    case 'task_completed':
      return { kind: 'congratulate', text: say(CONGRATULATE, input) };
    case 're_engaged':
      return { kind: 'encourage', text: say(ENCOURAGE, input) };
    case 'distracted':
      return { kind: 'refocus', text: say(REFOCUS, input) };
    case 'stuck':
      return {
        kind: 'smaller_step',
        text: input.smallerStep
          ? `${pick(SMALLER_INTRO, input.random)} ${input.smallerStep}`
          : say(REFOCUS, input),
      };
    case 'not_now':
      return { kind: 'snooze', text: say(SNOOZE, input), snoozeMinutes: input.snoozeMinutes };
    case 'no_response':
      return { kind: 'encourage', text: say(NO_RESPONSE, input) };
    case 'unclear':
      return { kind: 'encourage', text: say(UNCLEAR, input) };
  }
}

/** Every follow-up template, for the tone tests. */
export const FOLLOW_UP_TEMPLATES: readonly string[] = [
  ...CONGRATULATE,
  ...ENCOURAGE,
  ...REFOCUS,
  ...UNCLEAR,
  ...NO_RESPONSE,
  ...SNOOZE,
  ...SMALLER_INTRO,
  ...END,
];
