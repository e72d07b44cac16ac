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

  Oldest first. Records still waiting in the outbox are replayed first; those the store cannot
  take yet, and those waiting for another store, are exported too (a note on stderr counts them).`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, FlagsSchema);
    noPositionals(positionals);
    return withCore(io, { userId: values.user }, async (core) => {
      const user = core.config.userId;
      await core.memory.drain();
      // What the store holds, then what still waits in the outbox (for it or another store): the
      // export is everything Keel keeps for the person. A replayed key counts once.
      const queued = core.memory.outbox.all(user);
      const stored = await core.store.listInterventions(user);
      const storedKeys = new Set(stored.map((r) => r.key));
      const waiting = queued.flatMap((e) =>
        e.kind === 'intervention' && !storedKeys.has(e.record.key) ? [e.record] : [],
      );
      const interventions = [...stored, ...waiting].sort((a, b) => a.timestamp - b.timestamp);
      const withVector = values['with-embeddings'] ?? false;
      for (const record of interventions) {
        await line(io.stdout, exportLine({ type: 'intervention', record, withVector }));
      }
      const storedInsights = await core.store.listInsights(user);
      const insightKeys = new Set(storedInsights.map((i) => i.key));
      const waitingInsights = queued.flatMap((e) =>
        e.kind === 'insight' && !insightKeys.has(e.insight.key) ? [e.insight] : [],
      );
      const insights = [...storedInsights, ...waitingInsights].sort(
        (a, b) => a.timestamp - b.timestamp,
      );
      for (const insight of insights) {
        await line(io.stdout, exportLine({ type: 'insight', insight }));
      }
      const notYetStored = waiting.length + waitingInsights.length;
      if (notYetStored)
        await line(
          io.stderr,
          `note: ${notYetStored} of these record(s) still wait in the outbox (not yet in the store)`,
        );
      await line(
        io.stderr,
        `exported ${interventions.length} intervention(s) and ${insights.length} insight(s)`,
      );
      return 0;
    });
  },
};
