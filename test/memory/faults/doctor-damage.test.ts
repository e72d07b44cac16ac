// keel doctor on damaged data: a stored record that fails validation (skipped by every read) and a
// damaged outbox entry are failures, told apart from an unfinished write (a torn temp file, removed
// and reported as harmless). Doctor must never end with "All checks passed" after skipping data.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineCliEnv, runInProcess } from '../../cli/cli-harness';
import { startRedisServer, type RedisServerHandle } from '../../fixtures/redis-server';

let redis: RedisServerHandle;
const dirs: string[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'keel-doctor-damage-'));
  dirs.push(d);
  return d;
}

const remember = [
  'remember',
  '--user',
  'eli',
  '--task',
  'reply to the landlord',
  '--intervention',
  'Write the greeting only.',
  '--outcome',
  'task_completed',
];

describe('keel doctor on damaged data', () => {
  it('fails on a stored record that does not validate', async () => {
    const env = { ...offlineCliEnv(dataDir()), REDIS_URL: redis.url };
    expect((await runInProcess(remember, env)).code).toBe(0);
    const healthy = await runInProcess(['doctor', '--user', 'eli'], env);
    expect(healthy.stdout).toMatch(/ok\s+records\s+1 intervention/);

    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      // A record whose outcome is not one Keel knows and whose vector is missing.
      await client.hSet('user:eli:intervention:1700000000000-broken', {
        task: 'x',
        outcome: 'exploded',
      });
      await client.pExpire('user:eli:intervention:1700000000000-broken', 86_400_000);
    } finally {
      await client.close();
    }
    const doctor = await runInProcess(['doctor', '--user', 'eli'], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(
      /FAIL\s+records\s+2 intervention.*1 stored record\(s\) are damaged/,
    );
    expect(doctor.stdout).not.toContain('All checks passed');
  }, 60_000);

  it('fails on a damaged outbox entry and reports a torn temp file as an unfinished write', async () => {
    const dir = dataDir();
    const env = offlineCliEnv(dir);
    expect((await runInProcess(remember, env)).code).toBe(0);
    writeFileSync(join(dir, 'outbox', '000000000000001-000000-deadbeef.json'), '{"version":1,"ki');
    writeFileSync(
      join(dir, 'outbox', `.000000000000002-000000-deadbeef.json.${2 ** 22 + 1}.0badf00d.tmp`),
      '{"version":1',
    );
    const doctor = await runInProcess(['doctor', '--user', 'eli'], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/FAIL\s+outbox\s+1 damaged entry could not be read/);
    expect(doctor.stdout).toMatch(/ok\s+outbox\s+removed 1 unfinished write/);
    expect(doctor.stdout).not.toContain('All checks passed');
  }, 60_000);
});
