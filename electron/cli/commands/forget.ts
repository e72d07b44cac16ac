// keel forget: deletes every record of one user (keys, index, meta and queued outbox entries).
// Destructive, so --user is required and a terminal asks for the user id to be typed back.
import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { UserIdSchema } from '../../../shared/domain';
import { USER_OPTION, line, noPositionals, parseCommandArgs, withCore } from '../args';
import { UsageError, type CliCommand, type CliIo } from '../command';

const OPTIONS = { ...USER_OPTION, yes: { type: 'boolean', short: 'y' } } as const;
const FlagsSchema = z.object({
  user: z
    .string({ message: 'is required (forget never guesses whose memory to delete)' })
    .pipe(UserIdSchema),
  yes: z.boolean().optional(),
});

export const forgetCommand: CliCommand = {
  name: 'forget',
  summary: "Delete all of a user's memory",
  usage: `keel forget --user U [--yes]

  Asks for confirmation on a terminal; without a terminal, --yes is required.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, FlagsSchema);
    noPositionals(positionals);
    const user = values.user;
    if (!values.yes && !io.isTTY)
      throw new UsageError('refusing to delete without confirmation: pass --yes');
    return withCore(io, { userId: user }, async (core) => {
      if (!values.yes) {
        const counts = await core.store.counts(user);
        const question = `Delete all Keel memory of "${user}" (${counts.interventions} interventions, ${counts.insights} insights)? Type the user id to confirm: `;
        if ((await ask(io, question)).trim() !== user) {
          await line(io.stderr, 'Not deleted.');
          return 1;
        }
      }
      const deleted = await core.memory.forget(user);
      await line(io.stdout, `deleted ${deleted} record(s) of ${user}`);
      return 0;
    });
  },
};

async function ask(io: CliIo, question: string): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: false });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
