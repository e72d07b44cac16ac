// The keel CLI as real child processes against a Gemini stand-in that fails on purpose (429, 500, a
// dropped connection, a slow answer). Every command must end with the record stored or queued in
// the outbox (exit 0) and recall must degrade with a message: never a silent exit with nothing kept.
// These run spawned because the defect only shows in a real process: a retry's backoff timer that
// does not keep Node alive lets the process end mid-command (exit 13, nothing written).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startGeminiServer,
  type GeminiServer,
  type ScriptedReply,
} from '../fixtures/gemini-server';
import { runInProcess, runSpawned } from './cli-harness';

let gemini: GeminiServer;
const dirs: string[] = [];
beforeAll(async () => {
  gemini = await startGeminiServer();
});
beforeEach(() => gemini.reset());
afterAll(async () => {
  await gemini?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'keel-cli-faults-'));
  dirs.push(dir);
  return {
    KEEL_DATA_DIR: dir,
    GOOGLE_API_KEY: 'test-key',
    KEEL_GEMINI_BASE_URL: gemini.baseUrl,
    KEEL_EMBEDDER: 'gemini',
    KEEL_LOG: 'silent',
  };
}

function outboxFiles(e: NodeJS.ProcessEnv): string[] {
  try {
    return readdirSync(join(e.KEEL_DATA_DIR!, 'outbox')).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
}

/** Every embedding attempt of one command fails the same way (3 attempts by default). */
function failEmbeds(reply: ScriptedReply, times = 3): void {
  gemini.script(...Array.from({ length: times }, () => ({ ...reply, match: 'embed' as const })));
}

const REMEMBER = [
  'remember',
  '--task',
  'file the expense report',
  '--intervention',
  'Open the receipts folder.',
  '--outcome',
  'stuck',
];

const FAULTS: Array<[string, ScriptedReply]> = [
  ['a 429 rate limit', { status: 429 }],
  ['a 500', { status: 500 }],
  ['a dropped connection', { dropConnection: true }],
];

describe('keel CLI when Gemini fails', () => {
  it.each(FAULTS)(
    'remember queues the record in the outbox on %s (exit 0), and the next run stores it',
    async (_name, reply) => {
      const e = env();
      failEmbeds(reply);
      const first = await runSpawned(REMEMBER, e);
      expect(first.code).toBe(0);
      expect(first.stdout.trim()).toMatch(/^user:me:intervention:/);
      expect(first.stderr).toMatch(/queued in the local outbox/);
      expect(outboxFiles(e)).toHaveLength(1);
      expect(gemini.embedRequests()).toHaveLength(3);

      // Gemini answers again: the queued record is replayed before the new one is stored. (In
      // process from here: only the failing run needed a real process to show the early exit.)
      const second = await runInProcess(REMEMBER, e);
      expect(second.code).toBe(0);
      expect(second.stderr).toBe('');
      expect(outboxFiles(e)).toHaveLength(0);
      const exported = await runInProcess(['export'], e);
      expect(exported.stdout.trim().split('\n')).toHaveLength(2);
    },
    120_000,
  );

  it('remember stores the record when a slow answer is followed by a retry that succeeds', async () => {
    const e = env();
    gemini.script({ status: 500, delayMs: 800, match: 'embed' });
    const run = await runSpawned(REMEMBER, e);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(outboxFiles(e)).toHaveLength(0);
    expect(gemini.embedRequests()).toHaveLength(2);
  }, 120_000);

  it('import queues every record on a 429 and says so (exit 0)', async () => {
    const e = env();
    const file = join(e.KEEL_DATA_DIR!, 'in.jsonl');
    const lines = [1, 2, 3].map((i) =>
      JSON.stringify({
        task: `task ${i}`,
        context: '',
        intervention: `step ${i}`,
        outcome: 'task_completed',
        timestamp: 1_700_000_000_000 + i,
      }),
    );
    writeFileSync(file, lines.join('\n') + '\n');
    failEmbeds({ status: 429 });
    const run = await runSpawned(['import', file], e);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /imported 3 intervention\(s\): 3 new, 0 already present \(3 wait in the outbox/,
    );
    expect(outboxFiles(e)).toHaveLength(3);
  }, 120_000);

  it('recall degrades with a message on a 500 instead of ending silently', async () => {
    const e = env();
    failEmbeds({ status: 500 });
    const run = await runSpawned(['recall', 'expense report'], e);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: /);
    expect(run.stdout).toMatch(/No similar interventions found/);
  }, 120_000);

  it('checkin keeps the answered check-in when embedding fails (exit 0, queued)', async () => {
    const e = env();
    // The moment's embedding and the record's both fail; wording comes from the stand-in.
    failEmbeds({ status: 429 }, 6);
    const run = await runSpawned(['checkin', '--task', 'write the report'], e, { stdin: '1\nq\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Session over: 1 check-in/);
    expect(gemini.embedRequests().length).toBeGreaterThanOrEqual(3);
    // The answered check-in is kept: stored, or queued until Gemini answers again.
    gemini.reset();
    const exported = await runInProcess(['export'], e);
    const kinds = exported.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(kinds).toContain('intervention');
  }, 120_000);
});
