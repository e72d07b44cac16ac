// The one-time move from the old append-only log to SQLite, on a real `memory.log` written by the
// old store (test/fixtures/legacy-memory-log, made by make-legacy-log.ts): every live record is
// imported with every field, vector and expiry, nothing expired or forgotten comes back, the old
// file is kept as a backup, and the import runs once. Plus the schema itself: migrations, and
// columns that match the field table.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/base/logger';
import {
  EXPECTED_COLUMNS,
  SCHEMA_VERSION,
  openDatabase,
} from '../../../../electron/memory/stores/embedded/sqlite-schema';
import { DAY_MS, makeTempDir, openStore } from './fixtures';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/legacy-memory-log/', import.meta.url));

interface ExpectedRecord {
  key: string;
  embedding: number[];
  expiresAt: number | null;
  [field: string]: unknown;
}
interface Expected {
  fixtureNow: number;
  users: Record<
    string,
    {
      space: { model: string; dim: number } | null;
      interventions: ExpectedRecord[];
      expired?: string[];
      insights?: Array<{ key: string }>;
    }
  >;
}
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as Expected;
const importedAt = expected.fixtureNow + DAY_MS;

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  mkdirSync(join(dir, 'memory'));
  copyFileSync(join(FIXTURE, 'memory.log'), join(dir, 'memory', 'memory.log'));
});
afterEach(() => cleanup());

describe('importing the old memory.log', () => {
  it('imports every live record of a real old log, field by field, and keeps the log as a backup', async () => {
    const store = await openStore(dir, { now: () => importedAt, logger: silentLogger });
    for (const [userId, user] of Object.entries(expected.users)) {
      const listed = await store.listInterventions(userId);
      expect(listed.map((r) => r.key).sort()).toEqual(user.interventions.map((r) => r.key).sort());
      const byKey = new Map(listed.map((r) => [r.key, r]));
      for (const { embedding, expiresAt: _e, ...fields } of user.interventions) {
        const got = byKey.get(fields.key)!;
        const { embedding: gotVector, ...gotFields } = got;
        expect(gotFields).toEqual(fields);
        expect(Array.from(gotVector)).toEqual(embedding);
      }
      for (const key of user.expired ?? []) expect(byKey.has(key)).toBe(false);
      expect(await store.listInsights(userId)).toEqual(
        [...(user.insights ?? [])].sort((a, b) => (a.key < b.key ? 1 : -1)),
      );
      // The recorded space came across (null where the old store had cleared or forgotten it).
      const check = await store.prepareUser(userId, { model: 'probe-model', dim: 3 });
      expect(check.stored).toEqual(user.space);
    }
    await store.close();

    // Expiry times came across exactly (a record's TTL does not restart at the import).
    const db = new Database(join(dir, 'memory', 'memory.sqlite'), { readonly: true });
    const expiries = new Map(
      (
        db.prepare('SELECT key, expires_at FROM interventions').all() as Array<{
          key: string;
          expires_at: number;
        }>
      ).map((r) => [r.key, r.expires_at]),
    );
    db.close();
    for (const user of Object.values(expected.users))
      for (const r of user.interventions) expect(expiries.get(r.key)).toBe(r.expiresAt);

    // The old file is kept, byte for byte, under a backup name; memory.log itself is gone.
    const files = readdirSync(join(dir, 'memory'));
    expect(files).not.toContain('memory.log');
    const backup = files.find((f) => f.startsWith('memory.log.imported-'));
    expect(backup).toBeDefined();
    expect(
      readFileSync(join(dir, 'memory', backup!)).equals(readFileSync(join(FIXTURE, 'memory.log'))),
    ).toBe(true);
  });

  it('imports once: a reopen, and a log put back by hand, do not import again', async () => {
    const first = await openStore(dir, { now: () => importedAt });
    await first.forget('bob');
    await first.close();
    // The old file reappears (restored from the backup): the import is recorded, so bob stays forgotten.
    copyFileSync(join(FIXTURE, 'memory.log'), join(dir, 'memory', 'memory.log'));
    const again = await openStore(dir, { now: () => importedAt });
    expect(await again.counts('bob')).toEqual({ interventions: 0, insights: 0 });
    expect((await again.counts('alice')).interventions).toBe(
      expected.users.alice!.interventions.length,
    );
    await again.close();
    expect(existsSync(join(dir, 'memory', 'memory.log'))).toBe(false);
    // Both copies are kept: the second did not overwrite the first backup.
    const backups = readdirSync(join(dir, 'memory')).filter((f) =>
      f.startsWith('memory.log.imported-'),
    );
    expect(backups).toHaveLength(2);
  });

  it('imports what it can read from a damaged log and skips the damage', async () => {
    const path = join(dir, 'memory', 'memory.log');
    const bytes = readFileSync(path);
    // A torn tail: the last record was half written when the old app was killed.
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => warnings.push(m) };
    const store = await openStore(dir, { now: () => importedAt, logger });
    const all = Object.values(expected.users).reduce(
      (n, u) => n + u.interventions.length + (u.insights?.length ?? 0),
      0,
    );
    const counts = await Promise.all(Object.keys(expected.users).map((u) => store.counts(u)));
    expect(counts.reduce((n, c) => n + c.interventions + c.insights, 0)).toBe(all - 1);
    expect(warnings.join('\n')).toMatch(/unfinished write at the end/);
    await store.close();
  });

  it('steps over a damaged record mid-file and imports every record around it', async () => {
    const path = join(dir, 'memory', 'memory.log');
    const bytes = readFileSync(path);
    const at = bytes.indexOf('"nudge 7"');
    expect(at).toBeGreaterThan(0);
    bytes[at + 2] = bytes[at + 2]! ^ 0x20; // one flipped bit: the frame's checksum no longer matches
    writeFileSync(path, bytes);
    const warnings: string[] = [];
    const store = await openStore(dir, {
      now: () => importedAt,
      logger: { ...silentLogger, warn: (m: string) => warnings.push(m) },
    });
    const keys = (await store.listInterventions('alice')).map((r) => r.key);
    const wanted = expected.users.alice!.interventions.map((r) => r.key);
    const damaged = wanted.filter((k) => !keys.includes(k));
    expect(damaged).toHaveLength(1);
    expect(damaged[0]).toMatch(/-rec007$/);
    expect(keys).toHaveLength(wanted.length - 1);
    expect((await store.counts('bob')).interventions).toBe(2);
    expect(warnings.join('\n')).toMatch(/damaged bytes at \d+ skipped/);
    await store.close();
  });

  it('refuses a file that is not a Keel log and leaves it untouched', async () => {
    writeFileSync(join(dir, 'memory', 'memory.log'), 'not a keel log');
    await expect(openStore(dir)).rejects.toThrow(/not a Keel memory log/);
    expect(readFileSync(join(dir, 'memory', 'memory.log'), 'utf8')).toBe('not a keel log');
  });
});

describe('the SQLite schema', () => {
  it('is migrated to the current version, with the columns the field table derives', () => {
    const db = openDatabase(join(dir, 'schema'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    for (const [table, columns] of Object.entries(EXPECTED_COLUMNS)) {
      const actual = (
        db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>
      ).map((c) => c.name);
      expect(actual).toEqual([...columns]);
    }
    db.close();
    // Opening again runs nothing twice.
    openDatabase(join(dir, 'schema')).close();
  });

  it('refuses a database written by a newer Keel', () => {
    const db = openDatabase(join(dir, 'newer'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(join(dir, 'newer'))).toThrow(/newer Keel/);
  });
});
