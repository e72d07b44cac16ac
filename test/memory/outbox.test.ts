import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, redisStoreIdentity, type OutboxPayload } from '../../electron/memory/outbox';
import { tempDir } from './memory-service.fixture';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function dir(): string {
  const t = tempDir('keel-outbox-');
  cleanups.push(t.cleanup);
  return join(t.dir, 'outbox');
}

function entry(n: number, withVector = true): OutboxPayload {
  return {
    kind: 'intervention',
    userId: 'alice',
    record: {
      key: `user:alice:intervention:${1000 + n}-abcdef`,
      intervention: `nudge ${n}`,
      context: '',
      task: `task ${n}`,
      outcome: 'task_completed',
      timestamp: 1000 + n,
    },
    embedding: withVector
      ? { model: 'm', dim: 3, values: Float32Array.from([0.1 * n, 1 / 3, -0.7]) }
      : null,
  };
}

describe('Outbox', () => {
  it('keeps entries across a reopen (restart), in queue order, with exact vectors', async () => {
    const path = dir();
    const first = await Outbox.open(path);
    for (let n = 1; n <= 5; n++) await first.append(entry(n, n !== 3));

    const reopened = await Outbox.open(path);
    const pending = reopened.pending();
    expect(pending.map((e) => (e.kind === 'intervention' ? e.record.key : ''))).toEqual(
      [1, 2, 3, 4, 5].map((n) => `user:alice:intervention:${1000 + n}-abcdef`),
    );
    const second = pending[1]!;
    expect(second.kind === 'intervention' && Array.from(second.embedding!.values)).toEqual(
      Array.from(Float32Array.from([0.2, 1 / 3, -0.7])),
    );
    const third = pending[2]!;
    expect(third.kind === 'intervention' && third.embedding).toBeNull();
  });

  it('removes only what it is told, and another instance sees the removal on refresh', async () => {
    const path = dir();
    const a = await Outbox.open(path);
    const b = await Outbox.open(path);
    const e1 = await a.append(entry(1));
    await a.append(entry(2));
    await b.refresh();
    expect(b.size).toBe(2);
    await b.remove([e1.id]);
    await b.remove([e1.id]); // removing twice (two processes replayed it) is harmless
    await a.refresh();
    expect(a.pending().map((e) => e.id)).toEqual(b.pending().map((e) => e.id));
    expect(a.size).toBe(1);
  });

  it('moves an unreadable entry to corrupt/ instead of deleting it, and leaves no temp files', async () => {
    const path = dir();
    const outbox = await Outbox.open(path);
    await outbox.append(entry(1));
    writeFileSync(
      join(path, '000000000000001-000000-deadbeef.json'),
      '{"version":1,"kind":"interv',
    );
    const reopened = await Outbox.open(path);
    expect(reopened.size).toBe(1);
    expect(existsSync(join(path, 'corrupt', '000000000000001-000000-deadbeef.json'))).toBe(true);
    expect(readdirSync(path).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('tells damage from torn writes: temp files of ended writers are removed at open, live ones kept', async () => {
    const path = dir();
    const first = await Outbox.open(path);
    await first.append(entry(1));
    // A writer killed mid-write (pid 2^22+1 is above Linux's pid_max default, so never alive), an
    // older version's temp name, and a temp file this very process is writing.
    const dead = `.000000000000002-000000-00000000.json.${2 ** 22 + 1}.0badf00d.tmp`;
    const live = `.000000000000003-000000-00000000.json.${process.pid}.0badf00d.tmp`;
    writeFileSync(join(path, dead), '{"version":1');
    writeFileSync(join(path, '.000000000000004-000001-abcdef01.json.tmp'), '{"ver');
    writeFileSync(join(path, live), '{"version":1');
    writeFileSync(join(path, '000000000000005-000000-deadbeef.json'), 'not json');
    const reopened = await Outbox.open(path);
    expect(reopened.size).toBe(1);
    expect(readdirSync(path).filter((n) => n.endsWith('.tmp'))).toEqual([live]);
    expect(await reopened.damage()).toEqual({
      corrupt: ['000000000000005-000000-deadbeef.json'],
      tornRemoved: 2,
    });
  });

  it('replays only its own store: entries for another store wait, old unbound ones go anywhere', async () => {
    const path = dir();
    const forRedis = await Outbox.open(path, { store: 'redis://127.0.0.1:6379/0' });
    await forRedis.append(entry(1));
    writeFileSync(
      join(path, '000000000000001-000000-0000beef.json'),
      JSON.stringify({
        version: 1,
        kind: 'insight',
        userId: 'alice',
        queuedAt: 1,
        insight: { key: 'user:alice:insight:1-a', text: 'x', timestamp: 1, sessionId: 's' },
      }),
    );
    const embedded = await Outbox.open(path);
    expect(embedded.pending().map((e) => e.kind)).toEqual(['insight']);
    expect(embedded.foreign().map((e) => e.store)).toEqual(['redis://127.0.0.1:6379/0']);
    expect(embedded.size).toBe(1);
    const again = await Outbox.open(path, { store: 'redis://127.0.0.1:6379/0' });
    expect(again.pending()).toHaveLength(2);
  });

  it('filters by user', async () => {
    const outbox = await Outbox.open(dir());
    await outbox.append(entry(1));
    await outbox.append({
      kind: 'insight',
      userId: 'bob',
      insight: { key: 'user:bob:insight:1-a', text: 'x', timestamp: 1, sessionId: 's' },
    });
    expect(outbox.pending('bob').map((e) => e.kind)).toEqual(['insight']);
    expect(outbox.pending('alice')).toHaveLength(1);
  });
});

describe('redisStoreIdentity', () => {
  it('names the server and database without credentials, normalised', () => {
    expect(redisStoreIdentity('redis://:s3cret@Cache.Example:6380/2')).toBe(
      'redis://cache.example:6380/2',
    );
    expect(redisStoreIdentity('rediss://alice:pw@cache.example')).toBe(
      'redis://cache.example:6379/0',
    );
    expect(redisStoreIdentity('redis://127.0.0.1:6379')).toBe(
      redisStoreIdentity('redis://127.0.0.1/0'),
    );
    expect(redisStoreIdentity('not a url user:pw@host')).not.toContain('pw');
  });
});
