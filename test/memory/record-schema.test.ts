// One record schema, every representation: an intervention (with and without a strategy) and an
// insight go through the SQLite row, the Redis HASH, the JSON document, the outbox entry and the
// export line, and come back equal; the FT.CREATE field list and the KNN RETURN fields are the
// field table's. A value the table refuses (a strategy outside the StrategyName alphabet) is
// refused by every decoder alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ExportLineSchema,
  INTERVENTION_FIELDS,
  SUMMARY_FIELDS,
  exportLine,
  toSummary,
  type Insight,
  type StoredIntervention,
} from '../../shared/domain';
import { Outbox } from '../../electron/memory/outbox';
import {
  INSIGHT_SELECT,
  INTERVENTION_SELECT,
  UPSERT_INSIGHT_SQL,
  UPSERT_INTERVENTION_SQL,
  insightFromRow,
  insightRow,
  interventionFromRow,
  interventionRow,
  openDatabase,
} from '../../electron/memory/stores/embedded/sqlite-schema';
import {
  insightFromHash,
  insightHashFields,
  interventionFromHash,
  interventionFromJson,
  interventionHashFields,
  interventionJson,
  summaryFromStrings,
} from '../../electron/memory/stores/redis/documents';
import {
  RETURN_FIELDS,
  ftCreateArgs,
} from '../../electron/memory/stores/redis/query-engine-schema';
import { normalizeInPlace } from '../../electron/memory/vector-math';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keel-schema-'));
  dirs.push(dir);
  return dir;
}

const vector = normalizeInPlace(Float32Array.from([0.1, -0.7, 0.3, 0.2, 1e-7, -0.05]));
const withStrategy: StoredIntervention = {
  key: 'user:alice:intervention:1700000000000-abc123',
  intervention: 'Open the file and write one line — just one.',
  context: 'editor open\n“quotes” and emoji 🧭',
  task: 'quarterly report',
  outcome: 're_engaged',
  strategy: 'my-own_way',
  timestamp: 1_700_000_000_000,
  embeddingModel: 'keel-offline-hash-v1',
  embeddingDim: vector.length,
  embedding: vector,
};
const { strategy: _s, ...withoutStrategy } = {
  ...withStrategy,
  key: 'user:alice:intervention:1700000000001-def456',
  context: '',
};
const insight: Insight = {
  key: 'user:alice:insight:1700000000002-ghi789',
  text: 'Short time boxes help.',
  timestamp: 1_700_000_000_002,
  sessionId: 'session:1',
};

/** An HSET argument list as the HGETALL reply node-redis gives back with Buffers. */
function asHashReply(args: unknown[]): Map<string, Buffer> {
  const reply = new Map<string, Buffer>();
  for (let i = 0; i < args.length; i += 2) {
    const value = args[i + 1];
    reply.set(String(args[i]), Buffer.isBuffer(value) ? value : Buffer.from(String(value)));
  }
  return reply;
}

describe.each([
  ['with a strategy', withStrategy],
  ['without a strategy', withoutStrategy as StoredIntervention],
])('an intervention %s', (_name, record) => {
  it('round-trips through a SQLite row', () => {
    const db = openDatabase(tempDir());
    db.prepare(UPSERT_INTERVENTION_SQL).run(interventionRow('alice', record, 123));
    const row = db.prepare(`SELECT ${INTERVENTION_SELECT} FROM interventions`).get();
    expect(interventionFromRow(row as Record<string, unknown>)).toEqual(record);
    db.close();
  });

  it('round-trips through a Redis HASH and a JSON document', () => {
    const hash = interventionFromHash(record.key, asHashReply(interventionHashFields(record, 123)));
    expect(hash).toEqual({ record, expiresAt: 123 });
    expect(interventionFromJson(record.key, interventionJson(record, null))).toEqual({
      record,
      expiresAt: null,
    });
    // A KNN hit carries the summary fields as strings.
    const returned = new Map(
      Object.entries(toSummary(record))
        .filter(([k]) => k !== 'key')
        .map(([k, v]) => [k, String(v)]),
    );
    expect(summaryFromStrings(record.key, returned)).toEqual(toSummary(record));
  });

  it('round-trips through an outbox entry', async () => {
    const dir = tempDir();
    const outbox = await Outbox.open(dir);
    const summary = toSummary(record);
    await outbox.append({
      kind: 'intervention',
      userId: 'alice',
      record: summary,
      embedding: null,
    });
    const reread = await Outbox.open(dir);
    const [entry] = reread.pending();
    expect(entry?.kind === 'intervention' && entry.record).toEqual(summary);
  });

  it('round-trips through an export line (with and without its vector)', () => {
    const line = JSON.parse(exportLine({ type: 'intervention', record, withVector: true }));
    const { type, embedding, ...fields } = ExportLineSchema.parse(line) as Record<string, unknown>;
    expect(type).toBe('intervention');
    expect({ ...fields, embedding: Float32Array.from(embedding as number[]) }).toEqual(record);
    const summaryOnly = JSON.parse(exportLine({ type: 'intervention', record: toSummary(record) }));
    expect(summaryOnly).toEqual({ type: 'intervention', ...toSummary(record) });
  });
});

describe('an insight', () => {
  it('round-trips through a SQLite row, a HASH and an export line', () => {
    const db = openDatabase(tempDir());
    db.prepare(UPSERT_INSIGHT_SQL).run(insightRow('alice', insight));
    const row = db.prepare(`SELECT ${INSIGHT_SELECT} FROM insights`).get();
    expect(insightFromRow(row as Record<string, unknown>)).toEqual(insight);
    db.close();
    expect(insightFromHash(insight.key, asHashReply(insightHashFields(insight)))).toEqual(insight);
    expect(JSON.parse(exportLine({ type: 'insight', insight }))).toEqual({
      type: 'insight',
      ...insight,
    });
  });
});

describe('the index is the field table', () => {
  it('FT.CREATE lists every indexed field with its type, and KNN returns the summary fields', () => {
    const args = ftCreateArgs({ userId: 'alice', format: 'hash', dim: 6, algorithm: 'FLAT' });
    const schema = args.slice(args.indexOf('SCHEMA') + 1);
    for (const [name, spec] of Object.entries(INTERVENTION_FIELDS)) {
      if (spec.index === null) expect(schema).not.toContain(name);
      else
        expect(schema.slice(schema.indexOf(name), schema.indexOf(name) + 2)).toEqual([
          name,
          spec.index,
        ]);
    }
    expect(schema.slice(schema.indexOf('timestamp'), schema.indexOf('timestamp') + 3)).toEqual([
      'timestamp',
      'NUMERIC',
      'SORTABLE',
    ]);
    const json = ftCreateArgs({ userId: 'alice', format: 'json', dim: 6, algorithm: 'FLAT' });
    expect(json).toContain('$.strategy');
    expect([...RETURN_FIELDS]).toEqual([...SUMMARY_FIELDS]);
  });

  it('refuses a strategy outside the StrategyName alphabet in every decoder', () => {
    const bad = { ...withStrategy, strategy: 'Not A Name!' };
    expect(
      interventionFromHash(bad.key, asHashReply(interventionHashFields(bad, null))),
    ).toBeNull();
    expect(interventionFromJson(bad.key, interventionJson(bad, null))).toBeNull();
    const db = openDatabase(tempDir());
    db.prepare(UPSERT_INTERVENTION_SQL).run(interventionRow('alice', bad, null));
    const row = db.prepare(`SELECT ${INTERVENTION_SELECT} FROM interventions`).get();
    expect(interventionFromRow(row as Record<string, unknown>)).toBeNull();
    db.close();
    expect(summaryFromStrings(bad.key, new Map([['strategy', bad.strategy]]))).toBeNull();
    expect(() => exportLine({ type: 'intervention', record: bad })).toThrow();
  });
});
