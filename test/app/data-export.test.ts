// The app's export: the store's records (with the outbox's, as listRecent merges them) and those
// still waiting for another store, newest first, in one private JSONL file.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Insight, InterventionSummary } from '../../shared/domain';
import { exportUserData } from '../../electron/app/data-export';

const summary = (n: number): InterventionSummary => ({
  key: `user:dana:intervention:${n}`,
  intervention: `Nudge ${n}`,
  context: 'morning',
  task: 'write the report',
  outcome: 'task_completed',
  strategy: 'tiny_first_step',
  timestamp: 1_700_000_000_000 + n * 60_000,
});
const insight = (n: number): Insight => ({
  key: `user:dana:insight:${n}`,
  text: `Insight ${n}`,
  timestamp: 1_700_000_000_000 + n * 60_000,
  sessionId: `s${n}`,
});

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'keel-export-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('exportUserData', () => {
  it('includes what waits for another store, newest first, in a private file', async () => {
    const result = await exportUserData({
      memory: {
        listRecent: async () => [summary(3), summary(1)],
        listInsights: async () => [insight(2)],
        waitingElsewhere: () => ({ interventions: [summary(2)], insights: [insight(4)] }),
      },
      userId: 'dana',
      dir,
      now: 1_700_000_000_000,
    });
    expect(result).toMatchObject({ interventions: 3, insights: 2 });
    const lines = (await readFile(result.path, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; key: string });
    expect(lines.map((l) => l.key)).toEqual([
      summary(3).key,
      summary(2).key,
      summary(1).key,
      insight(4).key,
      insight(2).key,
    ]);
    expect((await stat(result.path)).mode & 0o777).toBe(0o600);
  });
});
