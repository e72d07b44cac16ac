// keel import: loads interventions (and insights, as `keel export` writes them) from a JSON-lines
// file. Each line is validated on its own: bad lines are reported with their line number and
// skipped, good ones are imported in batches (one embedding call and one store write per batch).
import { constants, createReadStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import {
  InsightInputSchema,
  InterventionInputSchema,
  describeZodError,
  type InsightInput,
  type InterventionInput,
} from '../../../shared/domain';
import { EMBED_BATCH } from '../../memory/memory-service';
import { RecordLostError } from '../../memory/types';
import {
  USER_OPTION,
  UserFlagSchema,
  endProgress,
  line,
  parseCommandArgs,
  progressReporter,
  withCore,
} from '../args';
import { UsageError, type CliCommand } from '../command';

const OPTIONS = { ...USER_OPTION } as const;
const FlagsSchema = z.object({ user: UserFlagSchema });

/** A line is an intervention unless it says `"type": "insight"`. Extra fields (key, embedding) are ignored. */
const LineSchema = z.discriminatedUnion('type', [
  InterventionInputSchema.extend({ type: z.literal('intervention') }),
  InsightInputSchema.extend({ type: z.literal('insight') }),
]);

/** Lines longer than this are refused before parsing (a single record is a few kB at most). */
const MAX_LINE = 100_000;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import interventions from a JSON-lines file',
  usage: `keel import [--user U] FILE.jsonl

  Each line: {"task", "context", "intervention", "outcome", "strategy"?, "timestamp"? (ms)}
  or an insight as written by keel export: {"type": "insight", "text", "sessionId", "timestamp"?}.
  Bad lines are reported (with their line number) and skipped; the exit code is 1 if any were, or
  if any record was lost (neither the store nor the outbox could keep it, e.g. a full disk).
  Records with a timestamp get a key derived from their content, so importing the same file twice
  does not store them twice (records without one are new each time).`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, FlagsSchema);
    if (positionals.length !== 1) throw new UsageError('exactly one FILE is required');
    const file = positionals[0]!;
    // Fail before building the core when the file cannot be read.
    try {
      await access(file, constants.R_OK);
      if (!(await stat(file)).isFile()) throw new Error('not a regular file');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const input = createReadStream(file, { encoding: 'utf8' });

    return withCore(io, { userId: values.user }, async (core) => {
      const user = core.config.userId;
      const progress = progressReporter(io, 'import');
      let batch: InterventionInput[] = [];
      let stored = 0;
      let queued = 0;
      let lost = 0;
      let lostProblem: string | undefined;
      let insights = 0;
      let bad = 0;
      const flush = async (): Promise<void> => {
        if (!batch.length) return;
        for (const r of await core.memory.recordMany(user, batch)) {
          if (r.status === 'stored') stored++;
          else if (r.status === 'queued') queued++;
          else {
            lost++;
            lostProblem ??= r.problem;
          }
        }
        batch = [];
        progress(stored + queued + lost);
      };

      let lineNo = 0;
      for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
        lineNo++;
        const text = raw.trim();
        if (!text) continue;
        const parsed = parseLine(text);
        if (!parsed.ok) {
          bad++;
          await line(io.stderr, `${file}:${lineNo}: ${parsed.error} (skipped)`);
          continue;
        }
        if (parsed.kind === 'insight') {
          try {
            await core.memory.addInsight(user, parsed.value);
            insights++;
          } catch (error) {
            if (!(error instanceof RecordLostError)) throw error;
            lost++;
            lostProblem ??= error.message;
          }
          continue;
        }
        batch.push(parsed.value);
        if (batch.length >= EMBED_BATCH) await flush();
      }
      await flush();
      endProgress(io);
      await line(
        io.stdout,
        `imported ${stored + queued} intervention(s) (${stored} stored, ${queued} queued in the outbox) and ${insights} insight(s); skipped ${bad} bad line(s)${lost ? `; ${lost} lost` : ''}`,
      );
      if (lost) await line(io.stderr, `${lost} record(s) could not be saved: ${lostProblem}`);
      return bad || lost ? 1 : 0;
    });
  },
};

type ParsedLine =
  | { ok: true; kind: 'intervention'; value: InterventionInput }
  | { ok: true; kind: 'insight'; value: InsightInput }
  | { ok: false; error: string };

function parseLine(text: string): ParsedLine {
  if (text.length > MAX_LINE) return { ok: false, error: `line is over ${MAX_LINE} characters` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'expected a JSON object' };
  }
  const withType = { type: 'intervention', ...json };
  const result = LineSchema.safeParse(withType);
  if (!result.success) return { ok: false, error: describeZodError(result.error) };
  const { type, ...value } = result.data;
  return type === 'insight'
    ? { ok: true, kind: 'insight', value: value as InsightInput }
    : { ok: true, kind: 'intervention', value: value as InterventionInput };
}
