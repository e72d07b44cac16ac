// The keel CLI while another live process (standing in for the desktop app) holds the embedded
// store: recall, export and doctor read it read-only; the commands that write stop with one clear
// line and exit 1, and nothing is queued or changed.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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

const env = (dir: string): NodeJS.ProcessEnv => offlineCliEnv(dir);

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

describe('keel CLI with the store held by the app', () => {
  it('recall, export and doctor work read-only; remember and forget refuse with exit 1', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keel-cli-ro-'));
    const e = env(dataDir);
    const remembered = await runInProcess(REMEMBER, e);
    expect(remembered.code).toBe(0);
    const key = remembered.stdout.trim();

    app = await WriterProcess.start(join(dataDir, 'memory'), 'holder', 64);
    const refusal = `The Keel app is using this memory (process ${app.pid}); it is open read-only here. Quit Keel to change it, or use the app.`;

    const recalled = await runInProcess(
      ['recall', '--user', 'alice', '--json', 'the grant report'],
      e,
    );
    expect(recalled.code).toBe(0);
    expect(recalled.stderr).toBe('');
    expect((JSON.parse(recalled.stdout) as Array<{ key: string }>).map((m) => m.key)).toEqual([
      key,
    ]);

    const exported = await runInProcess(['export', '--user', 'alice'], e);
    expect(exported.code).toBe(0);
    expect(
      exported.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { key: string }),
    ).toEqual([expect.objectContaining({ type: 'intervention', key })]);

    const doctor = await runInProcess(['doctor', '--user', 'alice'], e);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain(`(read-only: the Keel app, process ${app.pid}, holds it)`);

    const refused = await runInProcess(REMEMBER, e);
    expect(refused).toEqual({ code: 1, stdout: '', stderr: `keel remember: ${refusal}\n` });
    const forgot = await runInProcess(['forget', '--user', 'alice', '--yes'], e);
    expect(forgot).toEqual({ code: 1, stdout: '', stderr: `keel forget: ${refusal}\n` });

    // Nothing was queued for later, and the memory is as it was.
    expect(readdirSync(join(dataDir, 'outbox')).filter((n) => n.endsWith('.json'))).toEqual([]);
    const again = await runInProcess(['recall', '--user', 'alice', '--json', 'grant report'], e);
    expect((JSON.parse(again.stdout) as unknown[]).length).toBe(1);

    // Once the app has quit, the same command writes again.
    await app.stop();
    app = null;
    expect((await runInProcess(REMEMBER, e)).code).toBe(0);
  });
});
