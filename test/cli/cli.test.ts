// The keel CLI in-process: real embedded store, real offline embedder, temp KEEL_DATA_DIR.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { offlineCliEnv, runInProcess } from './cli-harness';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function env(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
  dirs.push(dir);
  return offlineCliEnv(dir);
}

const REMEMBER = [
  'remember',
  '--user',
  'alice',
  '--task',
  'write the grant report',
  '--context',
  'report.docx open, blank page',
  '--intervention',
  'Write one ugly sentence about the budget.',
  '--outcome',
  'task_completed',
  '--strategy',
  'tiny_first_step',
];

describe('keel CLI (in-process)', () => {
  it('prints help and refuses unknown commands with exit 2', async () => {
    const help = await runInProcess(['help'], env());
    expect(help.code).toBe(0);
    for (const name of ['doctor', 'remember', 'recall', 'import', 'export', 'forget', 'reindex']) {
      expect(help.stdout).toContain(name);
    }
    const unknown = await runInProcess(['remmeber'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "remmeber"/);
  });

  it('rejects bad arguments with a message, the usage and exit 2 — never a stack trace', async () => {
    const cases: string[][] = [
      ['recall', '--user', 'alice', '--k', 'zero', 'some text'],
      ['recall', '--user', 'alice', '--outcomes', 'great', 'some text'],
      ['recall', '--user', 'alice'],
      ['remember', '--user', 'alice', '--intervention', 'x', '--outcome', 'stuck'],
      [
        'remember',
        '--user',
        'bad user!',
        '--task',
        't',
        '--intervention',
        'x',
        '--outcome',
        'stuck',
      ],
      ['export', '--user', 'alice', '--bogus'],
      ['forget', '--yes'],
    ];
    for (const argv of cases) {
      const run = await runInProcess(argv, env());
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toMatch(/Usage: keel/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    const k = await runInProcess(['recall', '--user', 'alice', '--k', 'zero', 'x'], env());
    expect(k.stderr).toMatch(/--k: must be a number/);
  });

  it('recall --json lists only similar moments: nothing unrelated with similarity 0', async () => {
    const e = env();
    expect((await runInProcess(REMEMBER, e)).code).toBe(0);
    const recalled = await runInProcess(['recall', '--user', 'alice', '--json', 'emails'], e);
    expect(recalled.code).toBe(0);
    const matches = JSON.parse(recalled.stdout) as Array<{ similarity: number }>;
    expect(matches.filter((m) => m.similarity <= 0)).toEqual([]);
    // Asking for everything is still possible, and shows what the floor kept out.
    const all = await runInProcess(
      ['recall', '--user', 'alice', '--json', '--min-similarity=-1', 'emails'],
      e,
    );
    expect(JSON.parse(all.stdout)).toHaveLength(1);
  });

  it('remember → recall --json → export → import → forget', async () => {
    const e = env();
    const remembered = await runInProcess(REMEMBER, e);
    expect(remembered.code).toBe(0);
    const key = remembered.stdout.trim();
    expect(key).toMatch(/^user:alice:intervention:\d+-[0-9a-z]{6}$/);

    const recalled = await runInProcess(
      ['recall', '--user', 'alice', '--json', 'the grant report'],
      e,
    );
    expect(recalled.code).toBe(0);
    const matches = JSON.parse(recalled.stdout) as Array<Record<string, unknown>>;
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      key,
      outcome: 'task_completed',
      strategy: 'tiny_first_step',
      task: 'write the grant report',
    });
    expect(Object.keys(matches[0]!).sort()).toEqual(
      [
        'context',
        'intervention',
        'key',
        'outcome',
        'similarity',
        'strategy',
        'task',
        'timestamp',
      ].sort(),
    );

    const exported = await runInProcess(['export', '--user', 'alice', '--with-embeddings'], e);
    expect(exported.code).toBe(0);
    const lines = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: 'intervention', key, embeddingDim: 64 });
    expect((lines[0]!.embedding as number[]).length).toBe(64);

    // The export imports into another user.
    const file = join(e.KEEL_DATA_DIR!, 'export.jsonl');
    writeFileSync(file, exported.stdout);
    const imported = await runInProcess(['import', '--user', 'bob', file], e);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/imported 1 intervention/);
    // Importing the same export again rewrites the same keys: no duplicates.
    const again = await runInProcess(['import', '--user', 'bob', file], e);
    expect(again.code).toBe(0);

    const forgot = await runInProcess(['forget', '--user', 'alice', '--yes'], e);
    expect(forgot.code).toBe(0);
    const after = await runInProcess(['export', '--user', 'alice'], e);
    expect(after.stdout).toBe('');
    const bob = await runInProcess(['export', '--user', 'bob'], e);
    expect(bob.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('imports good lines, reports bad ones with line numbers, and exits 1', async () => {
    const e = env();
    const good = (n: number) =>
      JSON.stringify({
        task: `task ${n}`,
        context: 'ctx',
        intervention: `nudge ${n}`,
        outcome: 're_engaged',
      });
    const file = join(e.KEEL_DATA_DIR!, 'in.jsonl');
    const lines = [
      good(1),
      '{not json',
      good(2),
      JSON.stringify({ task: 't', intervention: 'i', outcome: 'meh' }),
      '',
      good(3),
    ];
    for (let n = 4; n <= 205; n++) lines.push(good(n)); // more than one embedding batch
    lines.push(JSON.stringify({ type: 'insight', text: 'Mornings work best.', sessionId: 's-1' }));
    writeFileSync(file, lines.join('\n'));

    const run = await runInProcess(['import', '--user', 'carol', file], e);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/in\.jsonl:2: not valid JSON/);
    expect(run.stderr).toMatch(/in\.jsonl:4: outcome: /);
    expect(run.stdout).toMatch(
      /imported 205 intervention\(s\): 205 new, 0 already present; 2 line\(s\) refused; 1 insight\(s\)/,
    );

    const exported = await runInProcess(['export', '--user', 'carol'], e);
    const types = exported.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types.filter((t) => t === 'intervention')).toHaveLength(205);
    expect(types.at(-1)).toBe('insight');

    const missing = await runInProcess(
      ['import', '--user', 'carol', join(e.KEEL_DATA_DIR!, 'nope.jsonl')],
      e,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
  });

  it('forget asks on a terminal and deletes only after the user id is typed back', async () => {
    const e = env();
    await runInProcess(REMEMBER, e);
    const declined = await runInProcess(['forget', '--user', 'alice'], e, {
      isTTY: true,
      stdin: 'no\n',
    });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toMatch(/1 interventions.*Type the user id/s);
    expect((await runInProcess(['export', '--user', 'alice'], e)).stdout).not.toBe('');

    const confirmed = await runInProcess(['forget', '--user', 'alice'], e, {
      isTTY: true,
      stdin: 'alice\n',
    });
    expect(confirmed.code).toBe(0);
    expect((await runInProcess(['export', '--user', 'alice'], e)).stdout).toBe('');
  });

  it('doctor reports every check and passes on a healthy setup', async () => {
    const e = env();
    await runInProcess(REMEMBER, e);
    const run = await runInProcess(['doctor', '--user', 'alice', '--json'], e);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      checks: Array<{ name: string; ok: boolean }>;
      status: { store: string };
    };
    expect(report.ok).toBe(true);
    expect(report.status.store).toBe('embedded');
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['store', 'space', 'records', 'embedding', 'outbox']),
    );
    const human = await runInProcess(['doctor', '--user', 'alice'], e);
    expect(human.stdout).toMatch(/All checks passed/);
  });

  it('refuses recall after an embedding change and recovers with reindex', async () => {
    const e = env();
    await runInProcess(REMEMBER, e);
    const changed = { ...e, KEEL_EMBEDDING_DIM: '32' };
    const refused = await runInProcess(['recall', '--user', 'alice', 'grant report'], changed);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/keel reindex --user alice/);
    const doctor = await runInProcess(['doctor', '--user', 'alice'], changed);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/fix: run: keel reindex --user alice/);

    const reindexed = await runInProcess(['reindex', '--user', 'alice'], changed);
    expect(reindexed.code).toBe(0);
    // No progress bar outside a terminal: stderr stays clean for logs and pipes.
    expect(reindexed.stderr).toBe('');
    const recalled = await runInProcess(
      ['recall', '--user', 'alice', '--json', 'grant report'],
      changed,
    );
    expect(recalled.code).toBe(0);
    expect(JSON.parse(recalled.stdout)).toHaveLength(1);
  });
});
