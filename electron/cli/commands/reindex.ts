// keel reindex: rebuilds a user's memory for the current embedder after a model or dimension
// change (recall is refused until then). Progress on stderr.
import { z } from 'zod';
import {
  USER_OPTION,
  UserFlagSchema,
  line,
  noPositionals,
  parseCommandArgs,
  progressBar,
  withCore,
} from '../args';
import type { CliCommand } from '../command';

const FlagsSchema = z.object({ user: UserFlagSchema });

export const reindexCommand: CliCommand = {
  name: 'reindex',
  summary: 'Re-embed stored records with the current embedder (after a model change)',
  usage: `keel reindex [--user U]

  Re-embeds every record made with another model or dimension, rebuilds the index, and replays
  records that were waiting in the outbox. Safe to run again if interrupted.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, USER_OPTION, FlagsSchema);
    noPositionals(positionals);
    return withCore(io, { userId: values.user }, async (core) => {
      const progress = progressBar(io, 'reindex');
      const result = await core.memory.reindex(core.config.userId, (p) =>
        progress.update(p.done, p.total),
      );
      progress.end();
      const space = `${core.embedder.model} (${core.embedder.dim})`;
      await line(
        io.stdout,
        `reindexed ${result.total} record(s) for ${space}; ${result.reembedded} re-embedded`,
      );
      return 0;
    });
  },
};
