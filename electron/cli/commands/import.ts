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
  STRATEGY_IDS,
  StrategyIdSchema,
  describeZodError,
  type InsightInput,
  type InterventionInput,
} from '../../../shared/domain';
import { EMBED_BATCH } from '../../memory/memory-service';
import { RecordLostError } from '../../memory/types';
import {
  USER_OPTION,
  UserFlagSchema,
  line,
  parseCommandArgs,
  progressBar,
  withCore,
} from '../args';
import { UsageError, type CliCommand } from '../command';
import type { KeelCore } from '../../memory/create-core';

const OPTIONS = { ...USER_OPTION } as const;
const FlagsSchema = z.object({ user: UserFlagSchema });

/**
 * A line is an intervention unless it says `"type": "insight"`. Extra fields (key, embedding) are
 * ignored. A strategy must be one the coach knows (as for `keel remember`).
 */
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
  Bad lines are reported (with their line number) and skipped; the exit code is 1 if any were.
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
    // The total for the progress bar: one quick pass over the file (only drawn on a terminal).
    const total = io.stderrIsTTY ? await countLines(file) : undefined;
    const input = createReadStream(file, { encoding: 'utf8' });

    return withCore(io, { userId: values.user }, async (core) => {
      const user = core.config.userId;
      const progress = progressBar(io, 'import');
      // What is already stored, to tell new records from ones a previous import brought in (a
      // record with a timestamp keeps its content-derived key). Unknown if the store is away.
      const present = await existingKeys(core, user);
      const counts = { new: 0, present: 0, queued: 0, refused: 0, insights: 0, lost: 0 };
      let lostProblem: string | undefined;
      let batch: InterventionInput[] = [];
      let lineNo = 0;
      const flush = async (): Promise<void> => {
        if (!batch.length) return;
        for (const r of await core.memory.recordMany(user, batch)) {
          // Kept neither in the store nor in the outbox: reported as lost, never as imported.
          if (r.status === 'lost') {
            counts.lost++;
            lostProblem ??= r.problem;
            continue;
          }
          if (present.has(r.key)) counts.present++;
          else counts.new++;
          if (r.status === 'queued') counts.queued++;
          present.add(r.key);
        }
        batch = [];
      };

      for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
        lineNo++;
        const text = raw.trim();
        if (text) {
          const parsed = parseLine(text);
          if (!parsed.ok) {
            counts.refused++;
            await line(io.stderr, `${file}:${lineNo}: ${parsed.error} (skipped)`);
          } else if (parsed.kind === 'insight') {
            try {
              await core.memory.addInsight(user, parsed.value);
              counts.insights++;
            } catch (error) {
              if (!(error instanceof RecordLostError)) throw error;
              counts.lost++;
              lostProblem ??= error.message;
            }
          } else {
            batch.push(parsed.value);
            if (batch.length >= EMBED_BATCH) await flush();
          }
        }
        if (batch.length === 0) progress.update(lineNo, total);
      }
      await flush();
      progress.update(lineNo, total);
      progress.end();
      await line(io.stdout, importSummary(counts));
      if (counts.lost)
        await line(io.stderr, `${counts.lost} record(s) could not be saved: ${lostProblem}`);
      return counts.refused || counts.lost ? 1 : 0;
    });
  },
};

/** One line: what was new, what was already there, what was refused, and what waits. */
export function importSummary(counts: {
  new: number;
  present: number;
  queued: number;
  refused: number;
  insights: number;
  lost?: number;
}): string {
  const interventions = counts.new + counts.present;
  const waiting = counts.queued
    ? ` (${counts.queued} wait in the outbox until the store is back)`
    : '';
  return (
    `imported ${interventions} intervention(s): ${counts.new} new, ${counts.present} already present` +
    `${waiting}; ${counts.refused} line(s) refused; ${counts.insights} insight(s)` +
    (counts.lost ? `; ${counts.lost} lost` : '')
  );
}

async function existingKeys(core: KeelCore, user: string): Promise<Set<string>> {
  try {
    return new Set((await core.store.listInterventions(user)).map((r) => r.key));
  } catch {
    return new Set();
  }
}

async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = '\n';
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    const text = chunk as string;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    if (text.length) last = text[text.length - 1]!;
  }
  return last === '\n' ? lines : lines + 1;
}

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
  const strategy = 'strategy' in value ? value.strategy : undefined;
  if (strategy !== undefined && !StrategyIdSchema.safeParse(strategy).success)
    return {
      ok: false,
      error: `unknown strategy ${JSON.stringify(strategy)}; use one of: ${STRATEGY_IDS.join(', ')}`,
    };
  return type === 'insight'
    ? { ok: true, kind: 'insight', value: value as InsightInput }
    : { ok: true, kind: 'intervention', value: value as InterventionInput };
}
