// The real entry point end to end: `node --import tsx electron/cli/index.ts ...` as child processes against
// the embedded store in a temp KEEL_DATA_DIR.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { offlineCliEnv, runSpawned } from './cli-harness';

const dir = mkdtempSync(join(tmpdir(), 'keel-cli-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const e = offlineCliEnv(dir, null);

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
];

describe('keel CLI (spawned)', () => {
  it('runs remember → recall --json → export → forget as real processes', async () => {
    const remembered = await runSpawned(REMEMBER, e);
    expect(remembered.stderr).toBe('');
    expect(remembered.code).toBe(0);
    const key = remembered.stdout.trim();

    const recalled = await runSpawned(
      ['recall', '--user', 'alice', '--json', 'grant report budget'],
      e,
    );
    expect(recalled.code).toBe(0);
    expect((JSON.parse(recalled.stdout) as Array<{ key: string }>).map((m) => m.key)).toEqual([
      key,
    ]);

    const exported = await runSpawned(['export', '--user', 'alice'], e);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout.trim())).toMatchObject({ type: 'intervention', key });

    const forgot = await runSpawned(['forget', '--user', 'alice', '--yes'], e);
    expect(forgot.code).toBe(0);
    expect((await runSpawned(['export', '--user', 'alice'], e)).stdout).toBe('');
    // Five real processes: on a machine busy with other jobs each start can take several seconds,
    // so the limit is generous (it only catches a hang; nothing here is timed).
  }, 240_000);
});
