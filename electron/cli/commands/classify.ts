// keel classify: outcome detection as a filter — one reply per stdin line in, one JSON line out.
// Useful for checking the classifier on real replies without the app: `keel classify < replies.txt`.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Classification } from '../../../shared/checkin';
import { LIMITS, clampText } from '../../../shared/domain';
import { classifyReply } from '../../../shared/outcome';
import { createModelAssistedClassifier } from '../../coach/model-classifier';
import { resolveConfig } from '../../base/config';
import { createTextGenerator } from '../../gemini/text-generator';
import { UsageError, type CliCommand } from '../command';

/** The local rules, or (with --model) the rules plus a Gemini pass on low-confidence replies. */
function chooseClassifier(args: string[], env: NodeJS.ProcessEnv) {
  const unknown = args.find((a) => a !== '--model');
  if (unknown !== undefined)
    throw new UsageError(
      `unexpected argument ${JSON.stringify(unknown)}: classify takes only --model`,
    );
  if (!args.includes('--model'))
    return async (reply: string): Promise<Classification> => classifyReply(reply);
  const generator = createTextGenerator(resolveConfig({ env }), { retry: { attempts: 1 } });
  if (!generator) throw new UsageError('--model needs a Gemini API key: set GOOGLE_API_KEY');
  return createModelAssistedClassifier(generator);
}

export const classifyCommand: CliCommand = {
  name: 'classify',
  summary: 'Detect the outcome of replies to a nudge (one per stdin line, JSON lines out)',
  usage: `keel classify [--model] < replies.txt

  Reads one reply per line on stdin and writes one JSON object per line to stdout:
  {"reply", "outcome", "confidence", "signals"}. Blank lines are skipped; replies longer than
  ${LIMITS.reply} characters are truncated (the "reply" field shows what was classified).
  --model  with GOOGLE_API_KEY, Gemini settles the replies the local rules are unsure of
           (the rules' reading is kept on any model failure).`,
  async run(args, io) {
    // Kept free of ../args on purpose: classifying needs no store; only --model needs Gemini.
    const classify = chooseClassifier(args, io.env);
    // Typed at a terminal, a silent wait for input looks like a hang: say what to do.
    if (io.isTTY)
      io.stderr.write(
        'Type one reply per line, then Ctrl+D to finish (or pipe a file: keel classify < replies.txt).\n',
      );
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const raw of lines) {
      const reply = clampText(raw, LIMITS.reply);
      if (!reply) continue;
      const { outcome, confidence, signals } = await classify(reply);
      // Respect backpressure so a large file piped through is never buffered whole.
      if (!io.stdout.write(JSON.stringify({ reply, outcome, confidence, signals }) + '\n'))
        await once(io.stdout, 'drain');
    }
    return 0;
  },
};
