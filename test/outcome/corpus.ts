// Loads the labelled reply corpus and scores a classifier on it: accuracy, macro-F1 and a
// confusion matrix, so quality is a number the tests can hold a floor on.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OutcomeSchema, type Outcome } from '../../shared/domain';

/** The classes every set must cover. */
export const CLASSES = [
  'task_completed',
  're_engaged',
  'distracted',
  'stuck',
  'not_now',
  'unclear',
] as const;
/** Scored too: a reply with no words at all ("...", "-") is `no_response`. */
const SCORED = [...CLASSES, 'no_response'] as const;

const RowSchema = z.object({
  reply: z.string().min(1),
  outcome: OutcomeSchema,
  /** The task the nudge was about, when the reply only makes sense with it ("cleaned the kitchen"). */
  task: z.string().min(1).optional(),
});
export type CorpusRow = z.infer<typeof RowSchema>;

export const CORPUS_NAMES = [
  'dev',
  'holdout',
  'independent',
  'phrasings-dev',
  'phrasings-holdout',
  'late-holdout',
] as const;
export type CorpusName = (typeof CORPUS_NAMES)[number];

/** Reads test/fixtures/corpus/NAME.jsonl, refusing any malformed line with its line number. */
export function loadCorpus(name: CorpusName): CorpusRow[] {
  const path = fileURLToPath(new URL(`../fixtures/corpus/${name}.jsonl`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      const parsed = RowSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${name}.jsonl line ${i + 1}: ${parsed.error.message}`);
      return [parsed.data];
    });
}

export interface Scores {
  accuracy: number;
  macroF1: number;
  perClassF1: Record<string, number>;
  /** confusion[gold][predicted] = count */
  confusion: Record<string, Record<string, number>>;
  misses: Array<{ reply: string; gold: Outcome; predicted: Outcome }>;
}

export function score(
  rows: CorpusRow[],
  classify: (reply: string, task?: string) => Outcome,
): Scores {
  const confusion: Record<string, Record<string, number>> = {};
  for (const g of SCORED) confusion[g] = Object.fromEntries(SCORED.map((p) => [p, 0]));
  const misses: Scores['misses'] = [];
  let correct = 0;
  for (const row of rows) {
    const predicted = classify(row.reply, row.task);
    const cell = confusion[row.outcome]!;
    cell[predicted] = (cell[predicted] ?? 0) + 1;
    if (predicted === row.outcome) correct++;
    else misses.push({ reply: row.reply, gold: row.outcome, predicted });
  }
  const perClassF1: Record<string, number> = {};
  // Macro-F1 over the six classes, plus no_response where the set or the classifier has it.
  const present = SCORED.filter(
    (c) =>
      (CLASSES as readonly string[]).includes(c) ||
      SCORED.some((g) => (confusion[g]![c] ?? 0) + (confusion[c]![g] ?? 0) > 0),
  );
  for (const c of present) {
    const tp = confusion[c]![c]!;
    const goldCount = Object.values(confusion[c]!).reduce((a, b) => a + b, 0);
    const predictedCount = SCORED.reduce((sum, g) => sum + (confusion[g]![c] ?? 0), 0);
    const precision = predictedCount ? tp / predictedCount : 0;
    const recall = goldCount ? tp / goldCount : 0;
    perClassF1[c] = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  }
  const macroF1 = present.reduce((sum, c) => sum + perClassF1[c]!, 0) / present.length;
  return { accuracy: correct / rows.length, macroF1, perClassF1, confusion, misses };
}

const SHORT: Record<string, string> = {
  task_completed: 'done',
  re_engaged: 'reeng',
  distracted: 'distr',
  stuck: 'stuck',
  not_now: 'notnow',
  unclear: 'uncl',
  no_response: 'none',
};

/** A printable report: headline figures, then the confusion matrix (rows = gold, columns = predicted). */
export function formatScores(title: string, s: Scores): string {
  const pad = (t: string | number) => String(t).padStart(7);
  const lines = [
    `${title}: accuracy ${s.accuracy.toFixed(3)}, macro-F1 ${s.macroF1.toFixed(3)}`,
    `  gold\\pred ${SCORED.map((c) => pad(SHORT[c]!)).join('')}`,
    ...SCORED.map(
      (g) => `  ${SHORT[g]!.padEnd(9)}${SCORED.map((p) => pad(s.confusion[g]![p]!)).join('')}`,
    ),
  ];
  return lines.join('\n');
}
