// keel checkin: an interactive check-in loop in the terminal, driven by the same coach engine as the
// desktop app. Works with piped stdin (one reply per line), so it can be scripted and tested.
import { createInterface } from 'node:readline';
import { z } from 'zod';
import {
  QUICK_REPLIES,
  QuickReplyIdSchema,
  type CheckInReply,
  type CheckInView,
} from '../../../shared/checkin';
import { InvalidInputError, LIMITS, describeZodError, requiredText } from '../../../shared/domain';
import { createCoachEngine } from '../../coach/session-engine';
import type { CoachEngine } from '../../coach/engine-types';
import { createLogger } from '../../base/logger';
import {
  USER_OPTION,
  UserFlagSchema,
  line,
  noPositionals,
  numberFlag,
  parseCommandArgs,
  withCore,
} from '../args';
import type { CliCommand, CliIo } from '../command';

const OPTIONS = {
  ...USER_OPTION,
  task: { type: 'string', short: 't' },
  minutes: { type: 'string', short: 'm' },
  offline: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const FlagsSchema = z.object({
  user: UserFlagSchema,
  task: requiredText(LIMITS.task, '--task'),
  minutes: numberFlag(5, 600, true).optional(),
  offline: z.boolean().optional(),
  json: z.boolean().optional(),
});

const QUIT_WORDS = new Set(['q', 'quit', 'end', 'exit']);
/** Typed shortcuts for the quick-reply buttons, besides their numbers 1-5. */
const QUICK_WORDS: Record<string, CheckInReply> = Object.fromEntries(
  QUICK_REPLIES.flatMap((q, i) => {
    const reply: CheckInReply = { kind: 'quick', id: q.id };
    return [
      [String(i + 1), reply],
      [q.id, reply],
      [q.id.replace('_', ' '), reply],
      [q.label.toLowerCase(), reply],
    ];
  }),
);

export type ParsedInput =
  { kind: 'quit' } | { kind: 'skip' } | { kind: 'reply'; reply: CheckInReply };

/** What one typed line means: quit, nothing, a quick reply (1-5 or its words) or free text. */
export function parseCheckInInput(raw: string): ParsedInput {
  const text = raw.trim();
  if (!text) return { kind: 'skip' };
  const key = text.toLowerCase().replace(/\s+/g, ' ');
  if (QUIT_WORDS.has(key)) return { kind: 'quit' };
  const quick = QUICK_WORDS[key];
  if (quick) return { kind: 'reply', reply: quick };
  return { kind: 'reply', reply: { kind: 'text', text } };
}

const HELP_LINE = `Reply in your own words, or ${QUICK_REPLIES.map((q, i) => `${i + 1} ${q.label.toLowerCase()}`).join(', ')}. q to finish.`;

export const checkinCommand: CliCommand = {
  name: 'checkin',
  summary: 'Run interactive check-ins for a task in the terminal',
  usage: `keel checkin --task "TASK" [--user U] [--minutes M] [--offline] [--json]

  --task      what you are working on (required)
  --minutes   length of the focus block, 5-600 (default: open-ended)
  --offline   built-in wording and the offline embedder even when GOOGLE_API_KEY is set
  --json      JSON lines for scripts (see the README): out nudge / heard / follow_up /
              session_end / error; in a line of reply text, {"quick":"done"} or {"end":true}

  Reply with free text or a quick reply: 1 / done, 2 / on it, 3 / distracted, 4 / stuck, 5 / not now.
  q, quit or end (or the end of input) finishes the session and prints its insight.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, FlagsSchema);
    noPositionals(positionals);
    return withCore(
      io,
      { userId: values.user, ...(values.offline ? { embedder: 'offline' as const } : {}) },
      async (core) => {
        const engine = createCoachEngine({
          userId: core.config.userId,
          memory: core.memory,
          generator: values.offline ? null : core.generator,
          logger: createLogger('coach'),
        });
        await engine.startSession({ task: values.task, minutes: values.minutes });
        if (values.json) {
          await converseJson(engine, io);
          const { insight, session } = await engine.endSession();
          await emit(io, {
            type: 'session_end',
            checkIns: session.checkIns,
            insight: insight?.text ?? null,
          });
          return 0;
        }
        const block = values.minutes
          ? `${values.minutes}-minute focus block`
          : 'open-ended session';
        await line(
          io.stdout,
          `Keel check-in: ${values.task} (${block}, ${core.generator && !values.offline ? 'Gemini wording' : 'offline'})`,
        );
        await line(io.stdout, HELP_LINE);
        await converse(engine, io);
        const { insight, session } = await engine.endSession();
        await line(io.stdout, '');
        await line(
          io.stdout,
          `Session over: ${session.checkIns} check-in${session.checkIns === 1 ? '' : 's'}.`,
        );
        await line(
          io.stdout,
          insight ? `Insight: ${insight.text}` : 'No insight this time (no check-ins).',
        );
        return 0;
      },
    );
  },
};

/** The loop: show a check-in, read a line, answer, show outcome and follow-up, repeat. */
async function converse(engine: CoachEngine, io: CliIo): Promise<void> {
  const rl = createInterface({ input: io.stdin, terminal: false, crlfDelay: Infinity });
  const lines = rl[Symbol.asyncIterator]();
  const read = async (): Promise<string | null> => {
    if (io.isTTY) io.stdout.write('> ');
    const next = await lines.next();
    if (next.done) return null;
    // Piped input is echoed so the printed transcript reads like a conversation.
    if (!io.isTTY) await line(io.stdout, `> ${next.value}`);
    return next.value;
  };
  try {
    for (;;) {
      // A terminal shows each check-in once, so it waits for the final wording.
      const view = await engine.wordingSettled((await engine.checkInNow()).id);
      await showCheckIn(view, io);
      let input: ParsedInput;
      do {
        const text = await read();
        input = text === null ? { kind: 'quit' } : parseCheckInInput(text);
      } while (input.kind === 'skip');
      if (input.kind === 'quit') return;

      const result = await engine.answer(view.id, input.reply);
      const c = result.classification;
      await line(
        io.stdout,
        `Outcome: ${c.outcome} (${c.source}, confidence ${c.confidence.toFixed(2)})`,
      );
      await line(io.stdout, `Keel: ${result.followUp.text}`);
      if (result.followUp.kind === 'end') return;
      if (result.followUp.kind === 'snooze') {
        await line(
          io.stdout,
          'Press Enter for the next check-in when you are ready (q to finish).',
        );
        const next = await read();
        if (next === null || parseCheckInInput(next).kind === 'quit') return;
      }
    }
  } finally {
    rl.close();
  }
}

async function showCheckIn(view: CheckInView, io: CliIo): Promise<void> {
  await line(io.stdout, '');
  await line(io.stdout, `Nudge (${view.strategyLabel}): ${view.nudge}`);
  if (view.similar.length) {
    await line(io.stdout, 'What worked before:');
    for (const s of view.similar) {
      await line(
        io.stdout,
        `  - ${s.intervention} (${s.outcome.replace('_', ' ')}, similarity ${s.similarity.toFixed(2)})`,
      );
    }
  }
}

// ---- JSON lines (--json) ------------------------------------------------------------------------

/** A JSON input line: a quick reply, a reply text, or the end of the session. */
const JsonInputSchema = z.union([
  z.object({ quick: QuickReplyIdSchema }).strict(),
  z.object({ text: z.string() }).strict(),
  z.object({ end: z.literal(true) }).strict(),
]);

export type JsonInput = { kind: 'end' } | { kind: 'reply'; reply: CheckInReply };

/** One input line of the JSON protocol; throws InvalidInputError with a message for the script. */
export function parseJsonInput(raw: string): JsonInput {
  const text = raw.trim();
  if (!text)
    throw new InvalidInputError('empty line: send reply text, {"quick":…} or {"end":true}');
  if (!text.startsWith('{')) return { kind: 'reply', reply: { kind: 'text', text } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError('not valid JSON (a line starting with "{" must be a JSON object)');
  }
  const parsed = JsonInputSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidInputError(
      `expected {"quick":"done"|"on_it"|"distracted"|"stuck"|"not_now"}, {"text":"…"} or {"end":true}: ${describeZodError(parsed.error)}`,
    );
  }
  const data = parsed.data;
  if ('end' in data) return { kind: 'end' };
  if ('quick' in data) return { kind: 'reply', reply: { kind: 'quick', id: data.quick } };
  return { kind: 'reply', reply: { kind: 'text', text: data.text } };
}

function emit(io: CliIo, message: Record<string, unknown>): Promise<void> {
  return line(io.stdout, JSON.stringify(message));
}

/** The JSON-lines loop: a nudge, then input lines until one is a valid reply; repeat until end. */
async function converseJson(engine: CoachEngine, io: CliIo): Promise<void> {
  const rl = createInterface({ input: io.stdin, terminal: false, crlfDelay: Infinity });
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (;;) {
      // The last answer is stored before the next choice, so a fast script sees the learner learn.
      await engine.flush();
      const view = await engine.checkInNow();
      await emit(io, {
        type: 'nudge',
        checkInId: view.id,
        task: view.task,
        strategy: view.strategy,
        text: view.nudge,
        ...(view.why ? { why: view.why } : {}),
        similar: view.similar.map((s) => ({
          intervention: s.intervention,
          outcome: s.outcome,
          similarity: Number(s.similarity.toFixed(3)),
        })),
      });
      for (;;) {
        const next = await lines.next();
        if (next.done) return;
        let input: JsonInput;
        try {
          input = parseJsonInput(next.value);
          if (input.kind === 'end') return;
          const result = await engine.answer(view.id, input.reply);
          const c = result.classification;
          await emit(io, {
            type: 'heard',
            outcome: c.outcome,
            confidence: Number(c.confidence.toFixed(2)),
            source: c.source,
          });
          await emit(io, {
            type: 'follow_up',
            kind: result.followUp.kind,
            text: result.followUp.text,
          });
          if (result.followUp.kind === 'end') return;
          break;
        } catch (error) {
          if (!(error instanceof InvalidInputError)) throw error;
          await emit(io, { type: 'error', message: error.message });
        }
      }
    }
  } finally {
    rl.close();
  }
}
