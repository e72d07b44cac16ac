// `keel checkin` driven through piped stdin: in-process via runCli with streams, and once as a real
// child process (`tsx electron/cli/index.ts`), asserting the printed transcript and what was stored.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCheckInInput } from '../../electron/cli/commands/checkin';
import { runCli } from '../../electron/cli/index';
import { resolveConfig } from '../../electron/base/config';
import { createKeelCore } from '../../electron/memory/create-core';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function env(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'keel-checkin-'));
  dirs.push(dir);
  // No API key and no Redis: the offline embedder, the embedded store and library wording.
  return { KEEL_DATA_DIR: dir, KEEL_USER: 'sam', KEEL_LOG: 'silent', PATH: process.env.PATH };
}

async function run(args: string[], input: string, environment = env()) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  stdin.end(input);
  const code = await runCli(args, { stdin, stdout, stderr, env: environment, isTTY: false });
  return { code, out, err, env: environment };
}

async function stored(environment: NodeJS.ProcessEnv) {
  const core = await createKeelCore(resolveConfig({ env: environment }));
  try {
    return {
      recent: await core.memory.listRecent('sam'),
      insights: await core.memory.listInsights('sam', 5),
    };
  } finally {
    await core.close();
  }
}

describe('parseCheckInInput', () => {
  it('reads numbers, quick-reply words, quit words and free text', () => {
    expect(parseCheckInInput('1')).toEqual({ kind: 'reply', reply: { kind: 'quick', id: 'done' } });
    expect(parseCheckInInput(' On  It ')).toEqual({
      kind: 'reply',
      reply: { kind: 'quick', id: 'on_it' },
    });
    expect(parseCheckInInput('not now')).toEqual({
      kind: 'reply',
      reply: { kind: 'quick', id: 'not_now' },
    });
    expect(parseCheckInInput('5')).toEqual({
      kind: 'reply',
      reply: { kind: 'quick', id: 'not_now' },
    });
    expect(parseCheckInInput('stuck')).toEqual({
      kind: 'reply',
      reply: { kind: 'quick', id: 'stuck' },
    });
    expect(parseCheckInInput('QUIT')).toEqual({ kind: 'quit' });
    expect(parseCheckInInput('   ')).toEqual({ kind: 'skip' });
    expect(parseCheckInInput('done with the intro')).toEqual({
      kind: 'reply',
      reply: { kind: 'text', text: 'done with the intro' },
    });
  });
});

describe('keel checkin (piped stdin)', () => {
  it('runs a conversation, prints outcomes and follow-ups, stores the check-ins and the insight', async () => {
    const input = [
      'stuck',
      'ugh, I keep checking slack',
      '2',
      'not now',
      '',
      'finished the intro!',
      'q',
      '',
    ].join('\n');
    const {
      code,
      out,
      err,
      env: e,
    } = await run(['checkin', '--task', 'write the grant summary', '--minutes', '50'], input);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(
      'Keel check-in: write the grant summary (50-minute focus block, offline)',
    );
    expect(out.match(/^Nudge \(.+\): .+/gm)?.length).toBe(6);
    const outcomes = [...out.matchAll(/^Outcome: (\w+) \((\w+)/gm)].map((m) => `${m[1]}/${m[2]}`);
    expect(outcomes).toEqual([
      'stuck/quick_reply',
      'distracted/rules',
      're_engaged/quick_reply',
      'not_now/quick_reply',
      'task_completed/rules',
    ]);
    expect(out).toMatch(/^Keel: .*smaller/m);
    expect(out).toMatch(/^Keel: .*15 minutes/m);
    expect(out).toContain('> ugh, I keep checking slack');
    expect(out).toContain('Session over: 5 check-ins.');
    const insight = /^Insight: (.+)$/m.exec(out)?.[1];
    expect(insight).toContain('This session: 5 check-ins, 2 went well');

    const after = await stored(e);
    expect(after.recent.map((r) => r.outcome).sort()).toEqual(
      ['distracted', 'not_now', 're_engaged', 'stuck', 'task_completed'].sort(),
    );
    expect(after.insights.map((i) => i.text)).toContain(insight);
  });

  it('shows what worked before on the next run, and ends at the end of input', async () => {
    // Two nudges that worked (two wordings: nothing repeats in a session), so one of them differs
    // from the next run's nudge, which is never listed as its own "what worked before".
    const first = await run(['checkin', '--task', 'tidy the inbox'], '2\n2\nq\n');
    expect(first.code).toBe(0);
    const second = await run(['checkin', '--task', 'tidy the inbox'], '3\n', first.env);
    expect(second.code).toBe(0);
    expect(second.out).toContain('What worked before:');
    expect(second.out).toMatch(/^ {2}- .+\((re[- ]engaged|on it), similarity 0\.\d\d\)$/im);
    expect(second.out).toContain('Session over: 1 check-in.');
  });

  it('refuses bad arguments with exit code 2 and the usage', async () => {
    const missing = await run(['checkin'], '');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--task');
    expect(missing.err).toContain('Usage: keel checkin');
    const short = await run(['checkin', '--task', 'x', '--minutes', '2'], '');
    expect(short.code).toBe(2);
    expect(short.err).toContain('--minutes: must be at least 5');
    const badUser = await run(['checkin', '--task', 'x', '--user', '../etc'], '');
    expect(badUser.code).toBe(2);
  });

  it('works as a real process with piped stdin (npm run keel -- checkin)', async () => {
    const e = env();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/cli/index.ts', 'checkin', '--task', 'read chapter 3'],
      {
        cwd: join(import.meta.dirname, '../..'),
        env: e,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdin.end('on it\nI finished it\nend\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect([...out.matchAll(/^Outcome: (\w+)/gm)].map((m) => m[1])).toEqual([
      're_engaged',
      'task_completed',
    ]);
    expect(out).toMatch(/^Insight: .+/m);
  });
});
