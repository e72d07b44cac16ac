// keel classify: outcome detection as a filter — one reply per stdin line in, one JSON line out.
// Useful for checking the classifier on real replies without the app: `keel classify < replies.txt`.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { LIMITS, clampText } from '../../../shared/domain';
import { classifyReply } from '../../../shared/outcome';
import { UsageError, type CliCommand } from '../command';

export const classifyCommand: CliCommand = {
  name: 'classify',
  summary: 'Detect the outcome of replies to a nudge (one per stdin line, JSON lines out)',
  usage: `keel classify < replies.txt

  Reads one reply per line on stdin and writes one JSON object per line to stdout:
  {"reply", "outcome", "confidence", "signals"}. Blank lines are skipped; replies longer than
  ${LIMITS.reply} characters are truncated (the "reply" field shows what was classified).`,
  async run(args, io) {
    // Kept free of ../args on purpose: classifying needs no configuration, Redis or Gemini.
    if (args.length > 0)
      throw new UsageError(`unexpected argument ${JSON.stringify(args[0])}: classify takes none`);
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const raw of lines) {
      const reply = clampText(raw, LIMITS.reply);
      if (!reply) continue;
      const { outcome, confidence, signals } = classifyReply(reply);
      // Respect backpressure so a large file piped through is never buffered whole.
      if (!io.stdout.write(JSON.stringify({ reply, outcome, confidence, signals }) + '\n'))
        await once(io.stdout, 'drain');
    }
    return 0;
  },
};
