// Replies as node-redis 6 returns them from sendCommand (RESP2 as flat arrays, RESP3 maps as plain
// objects), in the shapes Redis Stack 7.2 (RESP2), Redis 8 (RESP3) and Valkey 8 with valkey-search
// produce for the commands the Query Engine store sends.
export const KEY_A = 'user:alice:intervention:1700000000000-a1b2c3';
export const KEY_B = 'user:alice:intervention:1700000005000-zz9y8x';

/** FT.SEARCH … RETURN 7 intervention context task outcome strategy timestamp distance (RESP2). */
export const SEARCH_RESP2 = [
  2,
  KEY_A,
  [
    'intervention',
    'Write just the first sentence.',
    'context',
    'report open, inbox open',
    'task',
    'quarterly report',
    'outcome',
    'task_completed',
    'strategy',
    'tiny_first_step',
    'timestamp',
    '1700000000000',
    'distance',
    '0.0823141932487',
  ],
  KEY_B,
  [
    'intervention',
    'Close the inbox tab for ten minutes.',
    'context',
    '',
    'task',
    'quarterly report',
    'outcome',
    're_engaged',
    'timestamp',
    '1700000005000',
    'distance',
    '0.412567317486',
  ],
];

/** The same search on Redis 8 over RESP3. */
export const SEARCH_RESP3 = {
  attributes: [],
  format: 'STRING',
  results: [
    {
      id: KEY_A,
      extra_attributes: {
        intervention: 'Write just the first sentence.',
        context: 'report open, inbox open',
        task: 'quarterly report',
        outcome: 'task_completed',
        strategy: 'tiny_first_step',
        timestamp: '1700000000000',
        distance: '0.0823141932487',
      },
      values: [],
    },
    {
      id: KEY_B,
      extra_attributes: {
        intervention: 'Close the inbox tab for ten minutes.',
        context: '',
        task: 'quarterly report',
        outcome: 're_engaged',
        timestamp: '1700000005000',
        distance: '0.412567317486',
      },
      values: [],
    },
  ],
  total_results: 2,
  warning: [],
};

/** FT.SEARCH … NOCONTENT (RESP2): total, then keys only. */
export const SEARCH_NOCONTENT_RESP2 = [2, KEY_B, KEY_A];

/** FT.INFO on Redis Stack 7.2, JSON index, RESP2. */
export const INFO_RESP2_JSON_768 = [
  'index_name',
  'idx:user:alice',
  'index_options',
  [],
  'index_definition',
  ['key_type', 'JSON', 'prefixes', ['user:alice:intervention:'], 'default_score', '1'],
  'attributes',
  [
    ['identifier', '$.intervention', 'attribute', 'intervention', 'type', 'TEXT', 'WEIGHT', '1'],
    ['identifier', '$.context', 'attribute', 'context', 'type', 'TEXT', 'WEIGHT', '1'],
    ['identifier', '$.task', 'attribute', 'task', 'type', 'TEXT', 'WEIGHT', '1'],
    ['identifier', '$.outcome', 'attribute', 'outcome', 'type', 'TAG', 'SEPARATOR', ','],
    ['identifier', '$.strategy', 'attribute', 'strategy', 'type', 'TAG', 'SEPARATOR', ','],
    ['identifier', '$.timestamp', 'attribute', 'timestamp', 'type', 'NUMERIC', 'SORTABLE'],
    [
      'identifier',
      '$.embedding',
      'attribute',
      'embedding',
      'type',
      'VECTOR',
      'algorithm',
      'FLAT',
      'data_type',
      'FLOAT32',
      'dim',
      768,
      'distance_metric',
      'COSINE',
    ],
  ],
  'num_docs',
  '3',
  'max_doc_id',
  '3',
  'num_terms',
  '41',
  'num_records',
  '97',
  'hash_indexing_failures',
  '0',
  'indexing',
  '0',
  'percent_indexed',
  '1',
];

/** FT.INFO on Redis 8 over RESP3 (HNSW, HASH). */
export const INFO_RESP3_HASH_1536 = {
  index_name: 'idx:user:alice',
  index_options: [],
  index_definition: { key_type: 'HASH', prefixes: ['user:alice:intervention:'], default_score: 1 },
  attributes: [
    { identifier: 'intervention', attribute: 'intervention', type: 'TEXT', WEIGHT: 1 },
    { identifier: 'outcome', attribute: 'outcome', type: 'TAG', SEPARATOR: ',' },
    { identifier: 'timestamp', attribute: 'timestamp', type: 'NUMERIC', flags: ['SORTABLE'] },
    {
      identifier: 'embedding',
      attribute: 'embedding',
      type: 'VECTOR',
      algorithm: 'HNSW',
      data_type: 'FLOAT32',
      dim: 1536,
      distance_metric: 'COSINE',
      M: 16,
      ef_construction: 200,
    },
  ],
  num_docs: 12,
  indexing: 0,
  percent_indexed: 1,
};

/** FT.INFO on Valkey 8 with valkey-search (vector parameters nested under `index`). */
export const INFO_VALKEY_HASH_768 = [
  'index_name',
  'idx:user:alice',
  'index_options',
  [],
  'index_definition',
  ['key_type', 'HASH', 'prefixes', ['user:alice:intervention:'], 'default_score', '1'],
  'attributes',
  [
    [
      'identifier',
      'outcome',
      'attribute',
      'outcome',
      'type',
      'TAG',
      'SEPARATOR',
      ',',
      'CASESENSITIVE',
      '0',
    ],
    [
      'identifier',
      'embedding',
      'attribute',
      'embedding',
      'type',
      'VECTOR',
      'index',
      [
        'capacity',
        10240,
        'dimensions',
        768,
        'distance_metric',
        'COSINE',
        'size',
        '0',
        'data_type',
        'FLOAT32',
        'algorithm',
        ['name', 'FLAT', 'block_size', 1024],
      ],
    ],
  ],
  'num_docs',
  '0',
  'num_terms',
  '0',
  'num_records',
  '0',
  'hash_indexing_failures',
  '0',
  'backfill_in_progress',
  '0',
  'state',
  'ready',
];

/** The attribute lists every FT.INFO below shares (HASH index, as Keel creates it). */
const HASH_ATTRIBUTES_BEFORE_VECTOR = [
  ['identifier', 'intervention', 'attribute', 'intervention', 'type', 'TEXT', 'WEIGHT', '1'],
  ['identifier', 'outcome', 'attribute', 'outcome', 'type', 'TAG', 'SEPARATOR', ','],
  ['identifier', 'timestamp', 'attribute', 'timestamp', 'type', 'NUMERIC', 'SORTABLE'],
];

function hashInfo(vectorAttribute: unknown[]): unknown[] {
  return [
    'index_name',
    'idx:user:alice',
    'index_options',
    [],
    'index_definition',
    ['key_type', 'HASH', 'prefixes', ['user:alice:intervention:'], 'default_score', '1'],
    'attributes',
    [...HASH_ATTRIBUTES_BEFORE_VECTOR, vectorAttribute],
    'num_docs',
    '4',
    'max_doc_id',
    '4',
    'hash_indexing_failures',
    '0',
    'indexing',
    '0',
    'percent_indexed',
    '1',
  ];
}

/**
 * FT.INFO on Redis Stack 6.2 (RediSearch 2.6), RESP2: the vector attribute is listed without its
 * algorithm, DIM or distance metric.
 */
export const INFO_REDISEARCH_26_HASH = hashInfo([
  'identifier',
  'embedding',
  'attribute',
  'embedding',
  'type',
  'VECTOR',
]);

/** FT.INFO on Redis Stack 7.2 (RediSearch 2.8), RESP2: the same index, with its vector parameters. */
export const INFO_REDISEARCH_28_HASH_768 = hashInfo([
  'identifier',
  'embedding',
  'attribute',
  'embedding',
  'type',
  'VECTOR',
  'algorithm',
  'FLAT',
  'data_type',
  'FLOAT32',
  'dim',
  768,
  'distance_metric',
  'COSINE',
]);

/** RediSearch's error for a KNN query vector of the wrong size (768 floats sent, 1536 expected). */
export const KNN_SIZE_ERROR_1536 =
  "Error parsing vector similarity query: query vector blob size (3072) does not match index's expected size (6144).";
