// The keel CLI while another live process (standing in for the desktop app) has the embedded store
// open and writes to it: remember, import, recall, export and forget all work at the same time,
// nothing waits in the outbox, and each process sees the other's records.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WriterProcess } from '../memory/stores/embedded/writer-process';
import { offlineCliEnv, runInProcess } from './cli-harness';

let dataDir: string | null = null;
let app: WriterProcess | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

const REMEMBER = [
  'remember',
  '--user',
  'alice',
  '--task',
  'write the grant report',
  '--intervention',
  'Write one ugly sentence about the budget.',
  '--outcome',
  'task_completed',
];

describe('keel CLI next to the running app', () => {
  it('remembers, imports, recalls, exports and forgets while another process writes the store', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keel-cli-mp-'));
    const env = offlineCliEnv(dataDir);
    // The app writes its own user's records (made with another model, so they stay apart from alice's).
    app = await WriterProcess.start(join(dataDir, 'memory'), 'holder', 64);
    await app.send('put 0 3');

    const remembered = await runInProcess(REMEMBER, env);
    expect(remembered).toMatchObject({ code: 0, stderr: '' });
    const key = remembered.stdout.trim();
    expect(key).toMatch(/^user:alice:intervention:/);

    // The app keeps writing while the CLI has written.
    await app.send('put 3 2');
    const file = join(dataDir, 'import.jsonl');
    writeFileSync(
      file,
      [1, 2]
        .map((n) =>
          JSON.stringify({
            task: `plan week ${n}`,
            context: '',
            intervention: `List three things for week ${n}.`,
            outcome: 're_engaged',
            timestamp: 1_700_000_000_000 + n,
          }),
        )
        .join('\n') + '\n',
    );
    const imported = await runInProcess(['import', '--user', 'alice', file], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout + imported.stderr).toMatch(/imported 2 intervention/);

    const recalled = await runInProcess(
      ['recall', '--user', 'alice', '--json', 'the grant report'],
      env,
    );
    expect(recalled.code).toBe(0);
    expect((JSON.parse(recalled.stdout) as Array<{ key: string }>)[0]?.key).toBe(key);

    const exported = await runInProcess(['export', '--user', 'alice'], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim().split('\n')).toHaveLength(3);
    expect(readdirSync(join(dataDir, 'outbox')).filter((n) => n.endsWith('.json'))).toEqual([]);

    const forgot = await runInProcess(['forget', '--user', 'alice', '--yes'], env);
    expect(forgot.code).toBe(0);
    const after = await runInProcess(['export', '--user', 'alice'], env);
    expect(after.stdout).toBe('');
    // The app can still write after the CLI forgot, and none of its records were touched.
    await app.send('put 10 1');
    const theirs = await runInProcess(['export', '--user', 'holder'], env);
    expect(theirs.stdout.trim().split('\n')).toHaveLength(6);
  });
});
