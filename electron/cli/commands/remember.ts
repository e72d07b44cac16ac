// keel remember: records one intervention and prints its key. A record the store cannot take right
// now is kept in the durable outbox (and says so on stderr); it still succeeds. A record neither the
// store nor the outbox could keep is lost: no key, the reason on stderr, exit 1.
import { z } from 'zod';
import { LIMITS, OutcomeSchema, STRATEGY_IDS, StrategyIdSchema } from '../../../shared/domain';
import {
  USER_OPTION,
  UserFlagSchema,
  announceTruncation,
  line,
  noPositionals,
  parseCommandArgs,
  withCore,
} from '../args';
import type { CliCommand } from '../command';

const OPTIONS = {
  ...USER_OPTION,
  task: { type: 'string', short: 't' },
  context: { type: 'string', short: 'c' },
  intervention: { type: 'string', short: 'i' },
  outcome: { type: 'string', short: 'o' },
  strategy: { type: 'string', short: 's' },
} as const;

// Only presence and the closed vocabularies are checked here; lengths and cleaning are the
// service's InterventionInputSchema (one source of truth) — the CLI only says when a text is cut.
// A strategy must be one the coach knows: a typo would otherwise be stored and never recalled
// as that strategy.
const FlagsSchema = z.object({
  user: UserFlagSchema,
  task: z.string({ message: 'is required' }),
  context: z.string().optional(),
  intervention: z.string({ message: 'is required' }),
  outcome: OutcomeSchema,
  strategy: StrategyIdSchema.optional(),
});

export const rememberCommand: CliCommand = {
  name: 'remember',
  summary: 'Record one intervention (prints its key)',
  usage: `keel remember [--user U] --task T [--context C] --intervention I --outcome O [--strategy S]

  --outcome    one of: ${OutcomeSchema.options.join(', ')}
  --strategy   one of: ${STRATEGY_IDS.join(', ')}
  --user       defaults to KEEL_USER or "me"`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, FlagsSchema);
    noPositionals(positionals);
    await announceTruncation(io, values, {
      task: LIMITS.task,
      context: LIMITS.context,
      intervention: LIMITS.intervention,
    });
    return withCore(io, { userId: values.user }, async (core) => {
      const result = await core.memory.record(core.config.userId, {
        task: values.task,
        context: values.context ?? '',
        intervention: values.intervention,
        outcome: values.outcome,
        strategy: values.strategy,
      });
      if (result.status === 'lost') {
        await line(io.stderr, `not saved: ${result.problem}`);
        return 1;
      }
      await line(io.stdout, result.key);
      if (result.status === 'queued') {
        await line(
          io.stderr,
          `queued in the local outbox (replayed when the store is back): ${result.problem}`,
        );
      }
      return 0;
    });
  },
};
