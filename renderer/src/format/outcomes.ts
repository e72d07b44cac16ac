// How outcomes are named and coloured in the renderer. The palette is Okabe-Ito (readable with the
// common colour-vision deficiencies) and every colour is paired with a text label somewhere.
import type { Outcome } from '../../../shared/domain';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  task_completed: 'Done',
  re_engaged: 'Back on it',
  distracted: 'Got distracted',
  stuck: 'Stuck',
  not_now: 'Not now',
  no_response: 'No reply',
  unclear: 'Unclear',
};

export const OUTCOME_COLORS: Record<Outcome, string> = {
  task_completed: '#009E73',
  re_engaged: '#56B4E9',
  distracted: '#E69F00',
  stuck: '#D55E00',
  not_now: '#CC79A7',
  no_response: '#999999',
  unclear: '#F0E442',
};

export function outcomeLabel(outcome: Outcome): string {
  return OUTCOME_LABELS[outcome];
}

const SOURCE_LABELS = {
  quick_reply: 'from the button you chose',
  rules: 'from your words',
  model: 'from your words (Gemini)',
  timeout: 'no reply came',
  correction: 'as you told me',
} as const;

export function classificationSourceLabel(source: keyof typeof SOURCE_LABELS): string {
  return SOURCE_LABELS[source];
}
