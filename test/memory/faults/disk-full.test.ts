// A full disk during `keel import`: the data folder is a real 2 MB tmpfs, so the store and the outbox
// both run out of space part-way. The CLI must report the records it could not keep as lost and exit
// non-zero; every record it reported stored or queued must be there, intact, once space is freed; and
// no temp file may be left behind. Needs root (mount); skipped with the reason printed elsewhere.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult, CheckInView } from '../../../shared/checkin';
import type { IpcResult } from '../../../shared/ipc';
import type { AppStatus } from '../../../shared/settings';
import { createKeelApp } from '../../../electron/app/keel-app';
import { MemorySecretStore } from '../../../electron/secrets/secret-store';
import { offlineCliEnv, runInProcess } from '../../cli/cli-harness';

const RECORDS = 5_000;
let mountDir = '';
let mounted = false;
let skipReason = '';

beforeAll(() => {
  mountDir = mkdtempSync(join(tmpdir(), 'keel-diskfull-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountDir], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    skipReason = `cannot mount a tmpfs here (${String((error as Error).message).split('\n')[0]})`;
    console.log(`disk-full test skipped: ${skipReason}`);
  }
});
afterAll(() => {
  if (mounted) execFileSync('umount', [mountDir]);
  rmSync(mountDir, { recursive: true, force: true });
});

/** Every file under `dir`, relative. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(join(dir, name)).isDirectory() ? walk(join(dir, name), rel) : [rel];
  });
}

function inputLine(i: number): string {
  return JSON.stringify({
    task: `sort the archive box ${i}`,
    context: `afternoon, desk, box ${i} of ${RECORDS}`,
    // Long enough that the 2 MB fill up part-way through the import.
    intervention: Array(4)
      .fill(`Take out only the first folder of box ${i} and read its label.`)
      .join(' '),
    outcome: i % 3 === 0 ? 'task_completed' : 'stuck',
    timestamp: 1_700_000_000_000 + i * 1_000,
  });
}

describe('keel import on a full disk', () => {
  it('reports lost records, exits non-zero, keeps what it acknowledged and leaves no temp files', async (ctx) => {
    if (!mounted) ctx.skip(skipReason);
    // The input file lives outside the small filesystem.
    const inputDir = mkdtempSync(join(tmpdir(), 'keel-diskfull-in-'));
    const file = join(inputDir, 'records.jsonl');
    const lines = Array.from({ length: RECORDS }, (_, i) => inputLine(i));
    writeFileSync(file, lines.join('\n') + '\n');
    const env = offlineCliEnv(join(mountDir, 'data'));
    try {
      const run = await runInProcess(['import', '--user', 'ana', file], env);
      const m =
        /imported (\d+) intervention\(s\): \d+ new, \d+ already present(?: \((\d+) wait in the outbox[^)]*\))?;.*; (\d+) lost/.exec(
          run.stdout,
        );
      // The figures the report quotes: printed with the test's output.
      console.log(`disk-full import: ${run.stdout.trim()} (exit ${run.code})`);
      expect(m, run.stdout + run.stderr).not.toBeNull();
      const imported = Number(m![1]);
      const queued = Number(m![2] ?? 0);
      const lost = Number(m![3]);
      const stored = imported - queued;
      expect(run.code).toBe(1);
      expect(lost).toBeGreaterThan(0);
      expect(stored).toBeGreaterThan(0);
      expect(imported + lost).toBe(RECORDS);
      expect(stored).toBeGreaterThanOrEqual(0);
      expect(run.stderr).toMatch(/could not be saved/);
      expect(walk(join(mountDir, 'data')).filter((f) => /\.tmp$/.test(f))).toEqual([]);

      // Space is freed: every acknowledged record is there, exactly as it was imported.
      execFileSync('mount', ['-o', 'remount,size=64m', mountDir]);
      const exported = await runInProcess(['export', '--user', 'ana'], env);
      expect(exported.code).toBe(0);
      const byKeyless = new Set(lines);
      const records = exported.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((r) => r.type === 'intervention');
      expect(records).toHaveLength(imported);
      for (const r of records) {
        const { task, context, intervention, outcome, timestamp } = r;
        expect(
          byKeyless.has(JSON.stringify({ task, context, intervention, outcome, timestamp })),
        ).toBe(true);
      }
      expect(walk(join(mountDir, 'data')).filter((f) => /\.tmp$/.test(f))).toEqual([]);
    } finally {
      rmSync(inputDir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('the app on a full disk', () => {
  it('shows one kind sentence with the next answer and names the loss in the memory status', async (ctx) => {
    if (!mounted) ctx.skip(skipReason);
    const dataDir = join(mountDir, 'app');
    const app = await createKeelApp({
      host: 'preview',
      dataDir,
      secrets: new MemorySecretStore(),
      env: {},
      emit: () => undefined,
      checkInTickMs: 0,
    });
    const ok = async <T>(channel: string, request: unknown = {}): Promise<T> => {
      const result = (await app.dispatch(channel, request)) as IpcResult<T>;
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value;
    };
    try {
      await ok('onboarding:complete', { task: 'Pay the electricity bill' });
      await ok('session:start', { task: 'Pay the electricity bill' });
      fillDisk(join(mountDir, 'filler'));
      // A file's last page may still take a few small appends: keep answering (each session end
      // waits for its recordings) until the memory reports a loss; a few rounds fill any page.
      let status = await ok<AppStatus>('app:status');
      let rounds = 0;
      for (; rounds < 40 && status.memory.healthy; rounds++) {
        const checkIn = await ok<CheckInView>('checkin:now');
        const answered = await ok<AnswerResult>('checkin:answer', {
          checkInId: checkIn.id,
          reply: { kind: 'quick', id: 'done' },
        });
        expect(answered.memoryNotice ?? null).toBeNull(); // nothing was lost before this round
        await ok('session:end');
        await ok('session:start', { task: 'Pay the electricity bill' });
        status = await ok<AppStatus>('app:status');
      }
      console.log(
        `app on a full disk: first loss after ${rounds} round(s): ${status.memory.problem}`,
      );
      expect(status.memory.healthy).toBe(false);
      expect(status.memory.problem).toMatch(/^\d+ record\(s\) could not be saved/);

      const second = await ok<CheckInView>('checkin:now');
      const next = await ok<AnswerResult>('checkin:answer', {
        checkInId: second.id,
        reply: { kind: 'quick', id: 'on_it' },
      });
      expect(next.memoryNotice).toMatch(
        /^Keel could not save (your last check-in|\d+ recent notes) on this computer\. Freeing some disk space usually fixes this\.$/,
      );
      expect(next.memoryNotice!.split('. ').length).toBeLessThanOrEqual(2);
      // Closing waits for the writes still in flight (the pacing log's among them).
      await app.close();
      expect(walk(dataDir).filter((f) => /\.tmp$/.test(f))).toEqual([]);
    } finally {
      await app.close();
      rmSync(join(mountDir, 'filler'), { force: true });
    }
  }, 60_000);
});

/** Writes `path` until the filesystem refuses (ENOSPC). */
function fillDisk(path: string): void {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = openSync(path, 'w');
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // Whatever a partial chunk left: fill the last bytes one by one.
  const tail = openSync(path, 'a');
  try {
    for (;;) writeSync(tail, Buffer.alloc(1));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(tail);
  }
}
