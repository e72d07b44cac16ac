// How outcomes are named and coloured in the renderer. The colours live once, in base.css
// (--outcome-*), chosen to stay distinct with the common colour-vision deficiencies; every colour is
// paired with a text label somewhere.
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
  task_completed: 'var(--outcome-task_completed)',
  re_engaged: 'var(--outcome-re_engaged)',
  distracted: 'var(--outcome-distracted)',
  stuck: 'var(--outcome-stuck)',
  not_now: 'var(--outcome-not_now)',
  no_response: 'var(--outcome-no_response)',
  unclear: 'var(--outcome-unclear)',
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
