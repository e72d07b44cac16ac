// Fault test: a record queued while REDIS_URL pointed at a stopped Redis belongs to that Redis. Runs
// without REDIS_URL (the embedded store) or against another Redis never replay it there; doctor lists
// it with what to do; it is replayed once the right Redis answers again. Driven through the CLI.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineCliEnv, runInProcess } from '../../cli/cli-harness';
import { startRedisServer, type RedisServerHandle } from '../../fixtures/redis-server';

let home: RedisServerHandle;
let other: RedisServerHandle;
let dataDir: string;
beforeAll(async () => {
  [home, other] = await Promise.all([
    startRedisServer({ appendonly: true }),
    startRedisServer({ password: 'second-secret' }),
  ]);
  dataDir = mkdtempSync(join(tmpdir(), 'keel-binding-'));
});
afterAll(async () => {
  await Promise.all([home?.stop(), other?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

async function userKeys(url: string): Promise<string[]> {
  const client = createClient({ url });
  await client.connect();
  try {
    return await client.keys('user:dana:intervention:*');
  } finally {
    await client.close();
  }
}

function outboxEntries(): Array<{ store?: string }> {
  const dir = join(dataDir, 'outbox');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as { store?: string });
}

const remember = (task: string) => [
  'remember',
  '--user',
  'dana',
  '--task',
  task,
  '--intervention',
  'Write the first line.',
  '--outcome',
  'task_completed',
];

describe('outbox entries are bound to their store', () => {
  it('waits for the right Redis and never lands in the embedded store or another Redis', async () => {
    const env = offlineCliEnv(dataDir);
    const homeUrl = home.url;
    await home.kill();

    const queued = await runInProcess(remember('queued for home'), { ...env, REDIS_URL: homeUrl });
    expect(queued.code).toBe(0);
    expect(queued.stderr).toMatch(/queued in the local outbox/);
    const key = queued.stdout.trim();
    expect(outboxEntries()).toEqual([
      expect.objectContaining({ store: `redis://127.0.0.1:${home.port}/0` }),
    ]);

    // The embedded store: its own record is stored, the queued one stays where it is.
    const embedded = await runInProcess(remember('stored in embedded'), env);
    expect(embedded.code).toBe(0);
    expect(embedded.stderr).toBe('');
    // The export is everything Keel keeps for the person: the record waiting for the other store
    // is in it too (said on stderr), and exporting replays nothing into the wrong store.
    const exported = await runInProcess(['export', '--user', 'dana'], env);
    expect(exported.stdout).toContain(key);
    expect(exported.stdout).toContain('stored in embedded');
    expect(exported.stdout.trim().split('\n')).toHaveLength(2);
    expect(exported.stderr).toMatch(/1 of these record\(s\) still wait in the outbox/);
    expect(outboxEntries()).toHaveLength(1);

    const doctor = await runInProcess(['doctor', '--user', 'dana'], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(`1 record(s) wait for redis://127.0.0.1:${home.port}/0`);
    expect(doctor.stdout).toMatch(/fix: Point REDIS_URL at redis:\/\/127\.0\.0\.1:\d+\/0 again/);
    expect(doctor.stdout).not.toContain('All checks passed');

    // Another Redis (with a password, which never shows in the identity): nothing replayed there.
    const elsewhere = await runInProcess(remember('stored in the other redis'), {
      ...env,
      REDIS_URL: other.url,
    });
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.stderr).toBe('');
    expect(await userKeys(other.url)).toHaveLength(1);
    expect(await userKeys(other.url)).not.toContain(key);
    expect(outboxEntries()).toHaveLength(1);
    expect(JSON.stringify(outboxEntries())).not.toContain('second-secret');

    // The right Redis is back (the URL spelled with its database number): replayed there, exactly once.
    await home.restart();
    const back = await runInProcess(['doctor', '--user', 'dana'], {
      ...env,
      REDIS_URL: `redis://127.0.0.1:${home.port}/0`,
    });
    expect(back.stdout).toMatch(/outbox\s+0 record\(s\) waiting/);
    expect(outboxEntries()).toHaveLength(0);
    expect(await userKeys(home.url)).toEqual([key]);
  }, 120_000);
});
