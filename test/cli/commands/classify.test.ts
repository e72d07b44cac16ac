// keel classify, run with in-memory streams: one JSON line per non-blank input line.
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/domain';
import { UsageError, type CliIo } from '../../../electron/cli/command';
import { classifyCommand } from '../../../electron/cli/commands/classify';
import { classifyReply } from '../../../shared/outcome';
import { startGeminiServer, type GeminiServer } from '../../fixtures/gemini-server';

async function runClassify(input: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const io: CliIo = { stdin: Readable.from([input]), stdout, stderr, env, isTTY: false };
  const code = await classifyCommand.run(args, io);
  const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
  return { code, results: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('keel classify', () => {
  it('writes one JSON object per reply and skips blank lines', async () => {
    const { code, results } = await runClassify(
      'done!\n\n   \nnot done yet\r\nsure, after lunch\n😩',
    );
    expect(code).toBe(0);
    expect(results.map((r) => [r.reply, r.outcome])).toEqual([
      ['done!', 'task_completed'],
      ['not done yet', 're_engaged'],
      ['sure, after lunch', 'not_now'],
      ['😩', 'stuck'],
    ]);
    for (const r of results) {
      expect(Object.keys(r).sort()).toEqual(['confidence', 'outcome', 'reply', 'signals']);
      expect(r.confidence).toBeGreaterThan(0);
      expect(Array.isArray(r.signals)).toBe(true);
    }
  });

  it('truncates an over-long line to the reply limit', async () => {
    const { results } = await runClassify('stuck ' + 'x'.repeat(LIMITS.reply * 3) + '\n');
    expect(results).toHaveLength(1);
    const reply = results[0]!.reply as string;
    expect(Array.from(reply).length).toBeLessThanOrEqual(LIMITS.reply);
    expect(reply.endsWith('…')).toBe(true);
    expect(results[0]!.outcome).toBe('stuck');
  });

  it('writes nothing for empty input', async () => {
    const { code, results } = await runClassify('');
    expect(code).toBe(0);
    expect(results).toEqual([]);
  });

  it('refuses arguments with a usage error', async () => {
    await expect(runClassify('done', ['--json'])).rejects.toThrow(UsageError);
    await expect(runClassify('done', ['extra'])).rejects.toThrow(/unexpected argument "extra"/);
  });
});

describe('keel classify --model', () => {
  let gemini: GeminiServer;
  beforeAll(async () => {
    gemini = await startGeminiServer();
  });
  afterAll(() => gemini.close());

  it('needs an API key', async () => {
    await expect(runClassify('done', ['--model'])).rejects.toThrow(/GOOGLE_API_KEY/);
  });

  it('asks Gemini only about replies the rules are unsure of', async () => {
    const unsure = 'so so';
    expect(classifyReply(unsure).confidence).toBeLessThan(0.6);
    gemini.reset();
    gemini.setGenerateText(
      '{"outcome":"re_engaged","confidence":0.8,"reason":"lukewarm but still at it"}',
    );
    const env = { GOOGLE_API_KEY: 'test-key', KEEL_GEMINI_BASE_URL: gemini.baseUrl };
    const { code, results } = await runClassify(`done!\n${unsure}\n`, ['--model'], env);
    expect(code).toBe(0);
    expect(results.map((r) => r.outcome)).toEqual(['task_completed', 're_engaged']);
    expect(gemini.generateRequests()).toHaveLength(1);
    expect(String((results[1]!.signals as string[])[0])).toMatch(/^model /);
  });
});
