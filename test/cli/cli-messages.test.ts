// Messages a person can act on, checked on the real process (`node scripts/keel.mjs`): missing
// and invalid flags, unknown strategies, announced truncation, a reader that goes away, import
// counts, per-command help; and, in-process where a terminal is needed, the classify hint and the
// import progress bar.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OUTCOMES, STRATEGY_IDS } from '../../shared/domain';
import { COMMANDS } from '../../electron/cli/commands';
import { ROOT, offlineCliEnv, runInProcess, runSpawned } from './cli-harness';

const dir = mkdtempSync(join(tmpdir(), 'keel-cli-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = offlineCliEnv(dir);

const REMEMBER = ['remember', '--user', 'mia', '--context', 'desk', '--outcome', 'stuck'];

describe('keel messages (spawned)', () => {
  it('names a missing flag, lists valid outcomes, and refuses unknown strategies', async () => {
    const missing = await runSpawned([...REMEMBER, '--intervention', 'One line.'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--task is required/);
    expect(missing.stderr).not.toMatch(/Invalid input|received undefined/);

    const outcome = await runSpawned(
      ['remember', '--task', 't', '--intervention', 'i', '--outcome', 'done'],
      env,
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(`--outcome "done" is not one of: ${OUTCOMES.join(', ')}`);

    const outcomes = await runSpawned(['recall', '--outcomes', 'done,stuck', 'report'], env);
    expect(outcomes.code).toBe(2);
    expect(outcomes.stderr).toMatch(/unknown "done"/);
    expect(outcomes.stderr).toContain(OUTCOMES.join(', '));

    const strategy = await runSpawned(
      [...REMEMBER, '--task', 't', '--intervention', 'i', '--strategy', 'pomodoro'],
      env,
    );
    expect(strategy.code).toBe(2);
    expect(strategy.stderr).toContain(
      `--strategy "pomodoro" is not one of: ${STRATEGY_IDS.join(', ')}`,
    );
    expect((await runSpawned(['export', '--user', 'mia'], env)).stdout).toBe('');
  }, 60_000);

  it('says when a long text is cut, and keeps the record', async () => {
    const long = 'Open the file and read the first line. '.repeat(1300); // ~50 kB
    const run = await runSpawned([...REMEMBER, '--task', 'read', '--intervention', long], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('--intervention was cut to 1000 characters');
    const exported = await runSpawned(['export', '--user', 'mia'], env);
    const record = JSON.parse(exported.stdout.trim()) as { intervention: string };
    expect(Array.from(record.intervention)).toHaveLength(1000);
  }, 60_000);

  it('ends quietly with exit 0 when the reader closes the pipe', () => {
    // classify writes one line per reply; `head -2` goes away after two.
    const replies = join(dir, 'replies.txt');
    writeFileSync(replies, 'I got distracted by email\n'.repeat(20_000));
    const run = spawnSync(
      'bash',
      [
        '-o',
        'pipefail',
        '-c',
        `${JSON.stringify(process.execPath)} scripts/keel.mjs classify < ${JSON.stringify(replies)} | head -n 2`,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } },
    );
    expect(run.stderr).not.toMatch(/EPIPE|Error/);
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
    expect(run.status).toBe(0);
  }, 60_000);

  it('tells new records from ones already present on a second import', async () => {
    const file = join(dir, 'again.jsonl');
    const lines = [1, 2, 3].map((n) =>
      JSON.stringify({
        task: `task ${n}`,
        intervention: `step ${n}`,
        outcome: 'task_completed',
        timestamp: 1_700_000_000_000 + n,
      }),
    );
    lines.push(JSON.stringify({ task: 't', intervention: 'i', outcome: 'stuck', strategy: 'nap' }));
    writeFileSync(file, lines.join('\n') + '\n');
    const first = await runSpawned(['import', '--user', 'imp', file], env);
    expect(first.stdout).toMatch(
      /imported 3 intervention\(s\): 3 new, 0 already present; 1 line\(s\) refused/,
    );
    expect(first.stderr).toMatch(
      /:4: unknown strategy "nap"; use one of: implementation_intention/,
    );
    const second = await runSpawned(['import', '--user', 'imp', file], env);
    expect(second.stdout).toMatch(/imported 3 intervention\(s\): 0 new, 3 already present/);
    // Not a terminal: no progress bar in the captured stderr.
    expect(second.stderr).not.toMatch(/%|\/s/);
  }, 60_000);

  it('answers --help for every command', async () => {
    for (const command of COMMANDS) {
      for (const argv of [
        [command.name, '--help'],
        ['help', command.name],
        [command.name, '-h'],
      ]) {
        const run = await runInProcess(argv, env);
        expect(run.code, argv.join(' ')).toBe(0);
        expect(run.stdout).toContain(`Usage: keel ${command.name}`);
      }
    }
    const spawned = await runSpawned(['import', '--help'], env);
    expect(spawned.code).toBe(0);
    expect(spawned.stdout).toContain('Usage: keel import');
  }, 60_000);
});

describe('keel messages on a terminal (in-process)', () => {
  it('classify explains itself when stdin is a terminal, and not in a pipe', async () => {
    const tty = await runInProcess(['classify'], env, { isTTY: true, stdin: '' });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/one reply per line.*Ctrl\+D.*keel classify < replies\.txt/);
    const piped = await runInProcess(['classify'], env, { stdin: 'done\n' });
    expect(piped.stderr).toBe('');
  });

  it('import draws a progress bar with total and rate on a terminal', async () => {
    const file = join(dir, 'bar.jsonl');
    const lines = Array.from({ length: 40 }, (_, n) =>
      JSON.stringify({ task: `bar ${n}`, intervention: `do ${n}`, outcome: 're_engaged' }),
    );
    writeFileSync(file, lines.join('\n') + '\n');
    const run = await runInProcess(['import', '--user', 'bar', file], env, { stderrIsTTY: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/import [█░]{24} 100% 40\/40 \d+\/s/);
    expect(run.stderr.endsWith('\n')).toBe(true);
  });
});
