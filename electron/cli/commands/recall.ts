// keel recall: similar past interventions for a piece of text, as a table or JSON.
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { OutcomeSchema, type SimilarIntervention } from '../../../shared/domain';
import {
  USER_OPTION,
  UserFlagSchema,
  line,
  listFlag,
  numberFlag,
  parseCommandArgs,
  withCore,
} from '../args';
import { UsageError, type CliCommand } from '../command';

const OPTIONS = {
  ...USER_OPTION,
  k: { type: 'string', short: 'k' },
  outcomes: { type: 'string' },
  'min-similarity': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const OutcomesFlagSchema = listFlag(OutcomeSchema.options, true);

const FlagsSchema = z.object({
  user: UserFlagSchema,
  k: numberFlag(1, 100, true).optional(),
  outcomes: OutcomesFlagSchema.optional(),
  'min-similarity': numberFlag(-1, 1).optional(),
  json: z.boolean().optional(),
});

export const recallCommand: CliCommand = {
  name: 'recall',
  summary: 'Find similar past interventions for some text',
  usage: `keel recall [--user U] [--k 5] [--outcomes a,b | any] [--min-similarity x] [--json] TEXT

  --outcomes        default task_completed,re_engaged (what worked); "any" includes failures
  --min-similarity  -1..1 (default: the minSimilarity setting, else 0.55 with Gemini, 0.1 offline)
  --json            a JSON array of {key, intervention, context, task, outcome, strategy, timestamp, similarity}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, FlagsSchema);
    const text = positionals.join(' ').trim();
    if (!text) throw new UsageError('TEXT to recall for is required');
    return withCore(io, { userId: values.user }, async (core) => {
      const result = await core.memory.findSimilar(core.config.userId, text, {
        k: values.k,
        outcomes: values.outcomes,
        minSimilarity: values['min-similarity'],
      });
      if (result.degraded) await line(io.stderr, `warning: ${result.degraded}`);
      if (values.json) await line(io.stdout, JSON.stringify(result.matches.map(toJson), null, 2));
      else await printTable(io.stdout, result.matches);
      // A refused recall (space mismatch) is an error; partial results from the outbox are not.
      return core.memory.spaceMismatch(core.config.userId) ? 1 : 0;
    });
  },
};

function toJson(m: SimilarIntervention) {
  return {
    key: m.key,
    intervention: m.intervention,
    context: m.context,
    task: m.task,
    outcome: m.outcome,
    strategy: m.strategy ?? null,
    timestamp: m.timestamp,
    similarity: Number(m.similarity.toFixed(4)),
  };
}

async function printTable(out: Writable, matches: SimilarIntervention[]): Promise<void> {
  if (!matches.length) return line(out, 'No similar interventions found.');
  await line(
    out,
    `${'SIM'.padEnd(6)} ${'OUTCOME'.padEnd(15)} ${'STRATEGY'.padEnd(24)} INTERVENTION (task)`,
  );
  for (const m of matches) {
    await line(
      out,
      `${m.similarity.toFixed(3).padEnd(6)} ${m.outcome.padEnd(15)} ${(m.strategy ?? '-').padEnd(24)} ${clip(m.intervention, 60)} (${clip(m.task, 40)})`,
    );
  }
}

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}
