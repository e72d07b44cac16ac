// Command-level tests of the Query Engine store: the exact commands it sends and how it reads
// replies recorded from Redis Stack (RESP2), Redis 8 (RESP3) and Valkey.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../shared/domain';
import { escapeGlob, escapeTagValue } from '../../../../electron/memory/stores/redis/escape';
import { PlainRedisStore } from '../../../../electron/memory/stores/redis/plain-store';
import {
  ftCreateArgs,
  knnQueryString,
  parseIndexInfo,
  parseSearchReply,
} from '../../../../electron/memory/stores/redis/query-engine-schema';
import { QueryEngineStore } from '../../../../electron/memory/stores/redis/query-engine-store';
import { MemoryService } from '../../../../electron/memory/memory-service';
import { vectorToBuffer } from '../../../../electron/memory/vector-math';
import { makeRecords, randomUnitVector, rng } from './helpers';
import { errorReply, RecordingLink, type Responder } from './recording-link';
import {
  INFO_REDISEARCH_26_HASH,
  INFO_REDISEARCH_28_HASH_768,
  INFO_RESP2_JSON_768,
  INFO_RESP3_HASH_1536,
  INFO_VALKEY_HASH_768,
  KEY_A,
  KEY_B,
  KNN_SIZE_ERROR_1536,
  SEARCH_NOCONTENT_RESP2,
  SEARCH_RESP2,
  SEARCH_RESP3,
} from './reply-fixtures';

const SPACE_768 = { model: 'gemini-embedding-001', dim: 768 };

function responder(overrides: Record<string, unknown> = {}): Responder {
  return (args) => {
    const name = String(args[0]);
    if (name in overrides) return overrides[name];
    switch (name) {
      case 'HGETALL':
        return {};
      case 'FT._LIST':
        return [];
      case 'FT.CREATE':
      case 'HSET':
      case 'JSON.SET':
        return 'OK';
      case 'PEXPIRE':
      case 'DEL':
        return 1;
      default:
        return undefined;
    }
  };
}

function jsonStore(link: RecordingLink, now = 1_000): QueryEngineStore {
  return new QueryEngineStore(link, { format: 'json', algorithm: 'FLAT', now: () => now });
}

describe('FT.CREATE', () => {
  it('creates a JSON index with aliased paths when none exists, and records the space', async () => {
    const link = new RecordingLink(responder());
    const check = await jsonStore(link).prepareUser('alice', SPACE_768);
    expect(check).toEqual({ ok: true, stored: null });
    expect(link.sent.map((c) => c.args)).toEqual([
      ['HGETALL', 'user:alice:meta'],
      ['FT._LIST'],
      [
        'FT.CREATE',
        'idx:user:alice',
        'ON',
        'JSON',
        'PREFIX',
        '1',
        'user:alice:intervention:',
        'SCHEMA',
        '$.intervention',
        'AS',
        'intervention',
        'TEXT',
        '$.context',
        'AS',
        'context',
        'TEXT',
        '$.task',
        'AS',
        'task',
        'TEXT',
        '$.outcome',
        'AS',
        'outcome',
        'TAG',
        '$.strategy',
        'AS',
        'strategy',
        'TAG',
        '$.timestamp',
        'AS',
        'timestamp',
        'NUMERIC',
        'SORTABLE',
        '$.embedding',
        'AS',
        'embedding',
        'VECTOR',
        'FLAT',
        '6',
        'TYPE',
        'FLOAT32',
        'DIM',
        '768',
        'DISTANCE_METRIC',
        'COSINE',
      ],
      ['HSET', 'user:alice:meta', 'embeddingModel', 'gemini-embedding-001', 'embeddingDim', '768'],
    ]);
  });

  it('builds a HASH index with HNSW when configured', () => {
    expect(ftCreateArgs({ userId: 'bob', format: 'hash', dim: 1536, algorithm: 'HNSW' })).toEqual([
      'FT.CREATE',
      'idx:user:bob',
      'ON',
      'HASH',
      'PREFIX',
      '1',
      'user:bob:intervention:',
      'SCHEMA',
      'intervention',
      'TEXT',
      'context',
      'TEXT',
      'task',
      'TEXT',
      'outcome',
      'TAG',
      'strategy',
      'TAG',
      'timestamp',
      'NUMERIC',
      'SORTABLE',
      'embedding',
      'VECTOR',
      'HNSW',
      '6',
      'TYPE',
      'FLOAT32',
      'DIM',
      '1536',
      'DISTANCE_METRIC',
      'COSINE',
    ]);
  });

  it('treats "Index already exists" (a concurrent creation) as success', async () => {
    const link = new RecordingLink(responder({ 'FT.CREATE': errorReply('Index already exists') }));
    expect((await jsonStore(link).prepareUser('alice', SPACE_768)).ok).toBe(true);
    expect(link.names()).toContain('HSET');
  });

  it('does not recreate an existing index of the right DIM', async () => {
    const link = new RecordingLink(
      responder({
        'FT._LIST': ['idx:user:other', 'idx:user:alice'],
        'FT.INFO': INFO_RESP2_JSON_768,
        HGETALL: { embeddingModel: 'gemini-embedding-001', embeddingDim: '768' },
      }),
    );
    expect(await jsonStore(link).prepareUser('alice', SPACE_768)).toEqual({
      ok: true,
      stored: SPACE_768,
    });
    expect(link.names()).toEqual(['HGETALL', 'FT._LIST', 'FT.INFO']);
    expect(link.sent[2]!.args).toEqual(['FT.INFO', 'idx:user:alice']);
  });

  it('reports a DIM mismatch from FT.INFO with the reindex command, and changes nothing', async () => {
    const link = new RecordingLink(
      responder({ 'FT._LIST': new Set(['idx:user:alice']), 'FT.INFO': INFO_RESP3_HASH_1536 }),
    );
    const check = await jsonStore(link).prepareUser('alice', SPACE_768);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.stored.dim).toBe(1536);
      expect(check.message).toContain('npm run keel -- reindex --user alice');
    }
    expect(link.names()).not.toContain('FT.CREATE');
    expect(link.names()).not.toContain('HSET');
  });

  it('reports a model mismatch from the meta hash', async () => {
    const link = new RecordingLink(
      responder({ HGETALL: ['embeddingModel', 'keel-offline-hash-v1', 'embeddingDim', '768'] }),
    );
    const check = await jsonStore(link).prepareUser('alice', SPACE_768);
    expect(check).toMatchObject({ ok: false, stored: { model: 'keel-offline-hash-v1', dim: 768 } });
  });
});

describe('DIM when FT.INFO does not report it (RediSearch 2.6)', () => {
  const meta = { embeddingModel: 'gemini-embedding-001', embeddingDim: '768' };
  const listed = { 'FT._LIST': ['idx:user:alice'], HGETALL: meta };

  it('reads DIM straight from a RediSearch 2.8 FT.INFO without probing', async () => {
    const link = new RecordingLink(
      responder({ ...listed, 'FT.INFO': INFO_REDISEARCH_28_HASH_768 }),
    );
    expect((await jsonStore(link).prepareUser('alice', SPACE_768)).ok).toBe(true);
    const info = await jsonStore(link).describe('alice', SPACE_768);
    expect(info.index).toMatchObject({ exists: true, dim: 768, algorithm: 'FLAT' });
    expect(link.names()).not.toContain('FT.SEARCH');
  });

  it('confirms the DIM with a KNN probe of the embedder dimension when FT.INFO lists only VECTOR', async () => {
    const link = new RecordingLink(
      responder({ ...listed, 'FT.INFO': INFO_REDISEARCH_26_HASH, 'FT.SEARCH': [0] }),
    );
    expect(parseIndexInfo(INFO_REDISEARCH_26_HASH).dim).toBeNull();
    expect(await jsonStore(link).prepareUser('alice', SPACE_768)).toEqual({
      ok: true,
      stored: SPACE_768,
    });
    const probe = link.sent.find((c) => c.args[0] === 'FT.SEARCH')!.args;
    expect(probe.slice(0, 3)).toEqual([
      'FT.SEARCH',
      'idx:user:alice',
      '*=>[KNN 1 @embedding $vec AS distance]',
    ]);
    expect((probe[probe.indexOf('vec') + 1] as Buffer).length).toBe(768 * 4);
    expect(link.names()).not.toContain('FT.CREATE');
    const info = await jsonStore(link).describe('alice', SPACE_768);
    expect(info.index).toMatchObject({ exists: true, dim: 768 });
  });

  it('reports the mismatch (with the index DIM from the error) when the probe is refused', async () => {
    const link = new RecordingLink(
      responder({
        ...listed,
        'FT.INFO': INFO_REDISEARCH_26_HASH,
        'FT.SEARCH': errorReply(KNN_SIZE_ERROR_1536),
      }),
    );
    const check = await jsonStore(link).prepareUser('alice', SPACE_768);
    expect(check).toMatchObject({ ok: false, stored: { dim: 1536 } });
    if (!check.ok) expect(check.message).toContain('reindex --user alice');
    expect((await jsonStore(link).describe('alice', SPACE_768)).index?.dim).toBe(1536);
    expect(link.names()).not.toContain('FT.CREATE');
  });

  it('lets doctor pass its index check on both shapes', async () => {
    for (const ftInfo of [INFO_REDISEARCH_26_HASH, INFO_REDISEARCH_28_HASH_768]) {
      const dir = mkdtempSync(join(tmpdir(), 'keel-qe-doctor-'));
      try {
        const link = new RecordingLink(
          responder({ ...listed, 'FT.INFO': ftInfo, 'FT.SEARCH': [0] }),
        );
        const unit = new Float32Array(768);
        unit[0] = 1;
        const memory = await MemoryService.create({
          dataDir: dir,
          store: jsonStore(link),
          embedder: {
            kind: 'gemini',
            model: 'gemini-embedding-001',
            dim: 768,
            embed: async (texts) => texts.map(() => unit),
          },
          retentionDays: 30,
        });
        const report = await memory.doctor('alice');
        expect(report.checks.find((c) => c.name === 'index')).toMatchObject({
          ok: true,
          detail: 'idx:user:alice exists, DIM 768 (embedder: 768)',
        });
        await memory.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('still reports an unknown mismatch when the refusal does not name the size', async () => {
    const link = new RecordingLink(
      responder({
        ...listed,
        'FT.INFO': INFO_REDISEARCH_26_HASH,
        'FT.SEARCH': errorReply(
          'Error parsing vector similarity query: query vector blob size mismatch',
        ),
      }),
    );
    expect((await jsonStore(link).prepareUser('alice', SPACE_768)).ok).toBe(false);
  });
});

describe('FT.INFO parsing', () => {
  it('reads DIM and algorithm from Redis Stack RESP2, Redis 8 RESP3 and Valkey replies', () => {
    expect(parseIndexInfo(INFO_RESP2_JSON_768)).toEqual({
      dim: 768,
      algorithm: 'FLAT',
      numDocs: 3,
    });
    expect(parseIndexInfo(INFO_RESP3_HASH_1536)).toEqual({
      dim: 1536,
      algorithm: 'HNSW',
      numDocs: 12,
    });
    expect(parseIndexInfo(INFO_VALKEY_HASH_768)).toEqual({
      dim: 768,
      algorithm: 'FLAT',
      numDocs: 0,
    });
  });
});

describe('writes', () => {
  it('writes each JSON document and its TTL in one MULTI/EXEC', async () => {
    const link = new RecordingLink(responder());
    const records = makeRecords('alice', 2, 1, 4);
    await jsonStore(link, 5_000).putInterventions('alice', records, 86_400_000);
    expect(link.transactions).toHaveLength(1);
    const [tx] = link.transactions;
    expect(tx!.map((c) => c.slice(0, 3))).toEqual([
      ['JSON.SET', records[0]!.key, '$'],
      ['PEXPIRE', records[0]!.key, '86400000'],
      ['JSON.SET', records[1]!.key, '$'],
      ['PEXPIRE', records[1]!.key, '86400000'],
    ]);
    const doc = JSON.parse(String(tx![0]![3]));
    expect(doc).toMatchObject({
      intervention: records[0]!.intervention,
      outcome: records[0]!.outcome,
      timestamp: records[0]!.timestamp,
      embeddingModel: 'test-model',
      embeddingDim: 4,
      expiresAt: 5_000 + 86_400_000,
    });
    expect(doc.embedding).toEqual(Array.from(records[0]!.embedding));
  });

  it('writes HASH documents with a binary FLOAT32 vector', async () => {
    const link = new RecordingLink(responder());
    const store = new QueryEngineStore(link, { format: 'hash', algorithm: 'FLAT', now: () => 0 });
    const [record] = makeRecords('alice', 1, 1, 4);
    await store.putInterventions('alice', [record!], 1000);
    const [del, hset, expire] = link.transactions[0]!;
    expect(del).toEqual(['DEL', record!.key]);
    expect(hset!.slice(0, 2)).toEqual(['HSET', record!.key]);
    const embedding = hset![hset!.indexOf('embedding') + 1];
    expect(Buffer.isBuffer(embedding) && embedding.equals(vectorToBuffer(record!.embedding))).toBe(
      true,
    );
    expect(expire).toEqual(['PEXPIRE', record!.key, '1000']);
  });

  it('refuses a key of another user before sending anything', async () => {
    const link = new RecordingLink(responder());
    const [record] = makeRecords('bob', 1, 1, 4);
    await expect(jsonStore(link).putInterventions('alice', [record!], 1000)).rejects.toThrow(
      InvalidInputError,
    );
    expect(link.sent).toEqual([]);
  });
});

describe('KNN search', () => {
  const vector = randomUnitVector(rng(3), 8);

  for (const [name, reply] of [
    ['RESP2', SEARCH_RESP2],
    ['RESP3', SEARCH_RESP3],
  ] as const) {
    it(`sends the exact FT.SEARCH and parses a ${name} reply`, async () => {
      const link = new RecordingLink(responder({ 'FT.SEARCH': reply }));
      const results = await jsonStore(link).findSimilar('alice', {
        vector,
        space: { model: 'm', dim: 8 },
        k: 5,
        outcomes: ['task_completed', 're_engaged'],
        minSimilarity: 0,
      });
      expect(link.sent.map((c) => c.args)).toEqual([
        [
          'FT.SEARCH',
          'idx:user:alice',
          '(@outcome:{task_completed|re_engaged})=>[KNN 5 @embedding $vec AS distance]',
          'TIMEOUT',
          '5000',
          'PARAMS',
          '2',
          'vec',
          vectorToBuffer(vector),
          'SORTBY',
          'distance',
          'RETURN',
          '7',
          'intervention',
          'context',
          'task',
          'outcome',
          'strategy',
          'timestamp',
          'distance',
          'LIMIT',
          '0',
          '5',
          'DIALECT',
          '2',
        ],
      ]);
      expect(results.map((r) => r.key)).toEqual([KEY_A, KEY_B]);
      expect(results[0]).toMatchObject({
        intervention: 'Write just the first sentence.',
        outcome: 'task_completed',
        strategy: 'tiny_first_step',
        timestamp: 1700000000000,
      });
      expect(results[0]!.similarity).toBeCloseTo(1 - 0.0823141932487, 10);
      expect(results[1]!.strategy).toBeUndefined();
    });
  }

  it('applies minSimilarity and uses *=> without a filter', async () => {
    const link = new RecordingLink(responder({ 'FT.SEARCH': SEARCH_RESP2 }));
    const results = await jsonStore(link).findSimilar('alice', {
      vector,
      space: { model: 'm', dim: 8 },
      k: 2,
      outcomes: 'any',
      minSimilarity: 0.8,
    });
    expect(link.sent[0]!.args[2]).toBe('*=>[KNN 2 @embedding $vec AS distance]');
    expect(results.map((r) => r.key)).toEqual([KEY_A]);
  });

  it('answers [] when the index does not exist yet', async () => {
    const link = new RecordingLink(
      responder({ 'FT.SEARCH': errorReply('idx:user:alice: no such index') }),
    );
    const query = {
      vector,
      space: { model: 'm', dim: 8 },
      k: 2,
      outcomes: 'any' as const,
      minSimilarity: 0,
    };
    expect(await jsonStore(link).findSimilar('alice', query)).toEqual([]);
  });

  it('refuses an outcome outside the enum before sending anything', async () => {
    const link = new RecordingLink(responder());
    const query = {
      vector,
      space: { model: 'm', dim: 8 },
      k: 2,
      outcomes: ['x}|*'] as never,
      minSimilarity: 0,
    };
    await expect(jsonStore(link).findSimilar('alice', query)).rejects.toThrow(InvalidInputError);
    expect(link.sent).toEqual([]);
  });

  it('escapes TAG values and glob characters', () => {
    expect(escapeTagValue('a b|c}{-d')).toBe('a\\ b\\|c\\}\\{\\-d');
    expect(knnQueryString(['task_completed'], 3)).toBe(
      '(@outcome:{task_completed})=>[KNN 3 @embedding $vec AS distance]',
    );
    expect(escapeGlob('user:a*b?[c]\\')).toBe('user:a\\*b\\?\\[c\\]\\\\');
  });

  it('parses NOCONTENT replies for recent listings', () => {
    expect(parseSearchReply(SEARCH_NOCONTENT_RESP2).hits.map((h) => h.key)).toEqual([KEY_B, KEY_A]);
  });
});

describe('forget and hostile ids', () => {
  it('drops the index without DD, then deletes the keys found by an escaped SCAN', async () => {
    const link = new RecordingLink(
      responder({
        'FT.DROPINDEX': 'OK',
        SCAN: ['0', [KEY_A, 'user:alice:meta']],
        UNLINK: 2,
      }),
    );
    expect(await jsonStore(link).forget('alice')).toBe(1);
    expect(link.sent.map((c) => c.args)).toEqual([
      ['FT.DROPINDEX', 'idx:user:alice'],
      ['SCAN', '0', 'MATCH', 'user:alice:*', 'COUNT', '1000'],
      ['UNLINK', KEY_A, 'user:alice:meta'],
    ]);
  });

  const hostile = ['a*', 'a:b', '../x', '', 'x'.repeat(65), 'x y', '{x}'];
  const vector = new Float32Array([1, 0, 0, 0]);
  const operations = [
    [
      'prepareUser',
      (s: QueryEngineStore | PlainRedisStore, id: string) =>
        s.prepareUser(id, { model: 'm', dim: 4 }),
    ],
    [
      'putInterventions',
      (s: QueryEngineStore | PlainRedisStore, id: string) => s.putInterventions(id, [], 1000),
    ],
    [
      'findSimilar',
      (s: QueryEngineStore | PlainRedisStore, id: string) =>
        s.findSimilar(id, {
          vector,
          space: { model: 'm', dim: 4 },
          k: 1,
          outcomes: 'any',
          minSimilarity: 0,
        }),
    ],
    [
      'listInterventions',
      (s: QueryEngineStore | PlainRedisStore, id: string) => s.listInterventions(id),
    ],
    ['listInsights', (s: QueryEngineStore | PlainRedisStore, id: string) => s.listInsights(id)],
    ['counts', (s: QueryEngineStore | PlainRedisStore, id: string) => s.counts(id)],
    ['forget', (s: QueryEngineStore | PlainRedisStore, id: string) => s.forget(id)],
    ['resetSpace', (s: QueryEngineStore | PlainRedisStore, id: string) => s.resetSpace(id)],
  ] as const;

  it('refuses hostile user ids in both stores before any command is sent', async () => {
    for (const makeStore of [
      (l: RecordingLink) => jsonStore(l),
      (l: RecordingLink) => new PlainRedisStore(l),
    ]) {
      for (const id of hostile) {
        for (const [name, run] of operations) {
          const link = new RecordingLink(() => {
            throw new Error(`a command was sent for ${name}(${JSON.stringify(id)})`);
          });
          await expect(run(makeStore(link), id), `${name}(${JSON.stringify(id)})`).rejects.toThrow(
            InvalidInputError,
          );
          expect(link.sent).toEqual([]);
        }
      }
    }
  });
});
