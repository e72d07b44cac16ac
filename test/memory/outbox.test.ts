import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, type OutboxPayload } from '../../electron/memory/outbox';
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
