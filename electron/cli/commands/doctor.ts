// keel doctor: checks the whole memory pipeline against the real store and embedder and says how
// to fix what is wrong, and shows the availability signals Keel can read on this machine (for
// information: they never fail the check). Exit code 1 when any memory check fails.
import { z } from 'zod';
import { createAvailability, platformReaders } from '../../app/availability/index';
import {
  USER_OPTION,
  UserFlagSchema,
  line,
  noPositionals,
  parseCommandArgs,
  withCore,
} from '../args';
import type { CliCommand } from '../command';

const OPTIONS = { ...USER_OPTION, json: { type: 'boolean' } } as const;
const FlagsSchema = z.object({ user: UserFlagSchema, json: z.boolean().optional() });

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Check the store, index, embedder and outbox, and say how to fix problems',
  usage: `keel doctor [--user U] [--json]`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, FlagsSchema);
    noPositionals(positionals);
    return withCore(io, { userId: values.user }, async (core) => {
      const [report, availability] = await Promise.all([
        core.memory.doctor(core.config.userId),
        createAvailability({
          clock: Date.now,
          readers: platformReaders(process.platform, io.env),
        }).check(),
      ]);
      const status = core.memory.status();
      if (values.json) {
        await line(
          io.stdout,
          JSON.stringify(
            { ...report, status, dataDir: core.config.dataDir, availability },
            null,
            2,
          ),
        );
      } else {
        await line(
          io.stdout,
          `Keel memory for "${core.config.userId}" — data dir ${core.config.dataDir}`,
        );
        await line(
          io.stdout,
          `store: ${status.store} (${status.reason}); embedder: ${status.embedder.kind} ${status.embedder.model} (${status.embedder.dim})`,
        );
        for (const check of report.checks) {
          await line(
            io.stdout,
            `${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(10)} ${check.detail}`,
          );
          if (!check.ok && check.fix)
            await line(io.stdout, `      ${''.padEnd(10)} fix: ${check.fix}`);
        }
        await line(io.stdout, report.ok ? 'All checks passed.' : 'Some checks failed.');
        await line(io.stdout, 'Good moments (check-ins wait while one of these says busy):');
        for (const signal of availability.signals) {
          await line(
            io.stdout,
            `${signal.state.padEnd(7)} ${signal.label.padEnd(18)} ${signal.detail}${signal.expired ? ' (busy for hours: no longer waited for)' : ''} [${signal.source}]`,
          );
        }
      }
      return report.ok ? 0 : 1;
    });
  },
};
