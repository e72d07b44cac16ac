// keel export: every stored intervention, then every insight, as JSON lines with a "type" field
// (the format keel import reads). Vectors only with --with-embeddings.
import { z } from 'zod';
import { exportLine } from '../../../shared/domain';
import {
  USER_OPTION,
  UserFlagSchema,
  line,
  noPositionals,
  parseCommandArgs,
  withCore,
} from '../args';
import type { CliCommand } from '../command';

const OPTIONS = { ...USER_OPTION, 'with-embeddings': { type: 'boolean' } } as const;
const FlagsSchema = z.object({ user: UserFlagSchema, 'with-embeddings': z.boolean().optional() });

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export memory as JSON lines (interventions, then insights)',
  usage: `keel export [--user U] [--with-embeddings] > memory.jsonl

  Oldest first. Records still waiting in the outbox are replayed first; if the store cannot take
  them, a warning says how many are missing from the export.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, FlagsSchema);
    noPositionals(positionals);
    return withCore(io, { userId: values.user }, async (core) => {
      const user = core.config.userId;
      await core.memory.drain();
      const waiting = core.memory.outbox.pending(user).length;
      if (waiting)
        await line(
          io.stderr,
          `warning: ${waiting} record(s) still in the outbox are not in this export`,
        );

      const interventions = await core.store.listInterventions(user);
      const withVector = values['with-embeddings'] ?? false;
      for (const record of interventions.reverse()) {
        await line(io.stdout, exportLine({ type: 'intervention', record, withVector }));
      }
      const insights = await core.store.listInsights(user);
      for (const insight of insights.reverse()) {
        await line(io.stdout, exportLine({ type: 'insight', insight }));
      }
      await line(
        io.stderr,
        `exported ${interventions.length} intervention(s) and ${insights.length} insight(s)`,
      );
      return 0;
    });
  },
};
