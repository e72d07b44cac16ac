// The keel CLI against a real redis-server (Debian 7.0, no modules → the plain Redis store).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../fixtures/redis-server';
import { runInProcess } from './cli-harness';

let redis: RedisServerHandle;
let env: NodeJS.ProcessEnv;
let dataDir: string;
beforeAll(async () => {
  redis = await startRedisServer({ password: 's3cret-pass' });
  dataDir = mkdtempSync(join(tmpdir(), 'keel-cli-redis-'));
  env = {
    KEEL_DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    KEEL_EMBEDDER: 'offline',
    KEEL_LOG: 'silent',
  };
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('keel CLI on plain Redis', () => {
  it('remember → recall --json → export → forget', async () => {
    const remembered = await runInProcess(
      [
        'remember',
        '--user',
        'erin',
        '--task',
        'book the dentist',
        '--context',
        'phone in hand',
        '--intervention',
        'Dial the number now, script on screen.',
        '--outcome',
        'task_completed',
        '--strategy',
        'next_physical_action',
      ],
      env,
    );
    expect(remembered).toMatchObject({ code: 0, stderr: '' });
    const key = remembered.stdout.trim();

    const recalled = await runInProcess(
      ['recall', '--user', 'erin', '--json', 'Task: book the dentist'],
      env,
    );
    expect(recalled.code).toBe(0);
    expect(JSON.parse(recalled.stdout)).toMatchObject([{ key, strategy: 'next_physical_action' }]);

    const exported = await runInProcess(['export', '--user', 'erin'], env);
    expect(JSON.parse(exported.stdout.trim())).toMatchObject({
      type: 'intervention',
      key,
      task: 'book the dentist',
    });

    expect((await runInProcess(['forget', '--user', 'erin', '--yes'], env)).code).toBe(0);
    expect((await runInProcess(['export', '--user', 'erin'], env)).stdout).toBe('');
  });

  it('doctor names the server, the store and the TTL, and never prints the password', async () => {
    await runInProcess(
      ['remember', '--user', 'erin', '--task', 't', '--intervention', 'i', '--outcome', 'stuck'],
      env,
    );
    const run = await runInProcess(['doctor', '--user', 'erin'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/store: plain-redis/);
    expect(run.stdout).toMatch(/server\s+redis 7\.\d+\.\d+; modules: none/);
    expect(run.stdout).toMatch(/sample TTL 30\.0 days/);
    expect(run.stdout + run.stderr).not.toContain('s3cret-pass');
  });

  it('doctor fails with a fix when Redis is down, and remember still succeeds via the outbox', async () => {
    const down = { ...env, REDIS_URL: 'redis://:s3cret-pass@127.0.0.1:1' };
    const doctor = await runInProcess(['doctor', '--user', 'erin'], down);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/FAIL\s+store/);
    expect(doctor.stdout).toMatch(/fix: start Redis or fix REDIS_URL/);
    expect(doctor.stdout + doctor.stderr).not.toContain('s3cret-pass');

    const remembered = await runInProcess(
      ['remember', '--user', 'erin', '--task', 't', '--intervention', 'i', '--outcome', 'stuck'],
      down,
    );
    expect(remembered.code).toBe(0);
    expect(remembered.stderr).toMatch(/queued in the local outbox/);
    expect(remembered.stderr).not.toContain('s3cret-pass');
  });

  it('refuses recall after a dimension change and reindex rebuilds the Redis records', async () => {
    await runInProcess(
      [
        'remember',
        '--user',
        'gus',
        '--task',
        'sort the mail',
        '--intervention',
        'Bills pile first.',
        '--outcome',
        're_engaged',
      ],
      env,
    );
    const smaller = { ...env, KEEL_EMBEDDING_DIM: '64' };
    const refused = await runInProcess(['recall', '--user', 'gus', 'Task: sort the mail'], smaller);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/recall is paused.*keel reindex --user gus/);

    const reindexed = await runInProcess(['reindex', '--user', 'gus'], smaller);
    expect(reindexed.code).toBe(0);
    expect(reindexed.stdout).toMatch(
      /reindexed 1 record\(s\) for keel-offline-glove-v2 \(64\); 1 re-embedded/,
    );
    const recalled = await runInProcess(
      ['recall', '--user', 'gus', '--json', 'Task: sort the mail'],
      smaller,
    );
    expect(recalled.code).toBe(0);
    expect(JSON.parse(recalled.stdout)).toMatchObject([{ task: 'sort the mail' }]);
    const exported = await runInProcess(['export', '--user', 'gus'], smaller);
    expect(JSON.parse(exported.stdout.trim())).toMatchObject({ embeddingDim: 64 });
  });
});
