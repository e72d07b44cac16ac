// The benchmark's data: N seeded unit vectors in one flat Float32Array (so the stores and the
// baselines read exactly the same numbers), records that point into it, queries, and the exact
// answers (float64 dot products) that recall@5 is checked against.
//
// Two shapes: `random` (uniform on the sphere: every score near 0, the easy case for a quantised
// scan) and `clustered` (a shared direction plus 200 topic centres plus noise, like real sentence
// embeddings: many near-ties in the top ranks, the hard case for a fixed rerank depth).
//
// Outcomes: the first ⌊2n/3⌋ records worked (task_completed / re_engaged), the rest did not, so the
// "what worked" filter keeps 2/3 of the rows, and those rows are a prefix of `vectors`: a baseline
// scores exactly the rows the filter keeps, contiguously.
import {
  OUTCOMES,
  SUCCESS_OUTCOMES,
  type Outcome,
  type StoredIntervention,
} from '../shared/domain';
import { newInterventionKey } from '../electron/memory/keys';

export const BENCH_USER = 'bench';
/** The clustered data is stored under its own user, next to the random data. */
export const CLUSTERED_USER = 'benchc';

export type Shape = 'random' | 'clustered';
export type Filter = 'worked' | 'any';

export interface Dataset {
  n: number;
  dim: number;
  shape: Shape;
  vectors: Float32Array;
  records: StoredIntervention[];
  queries: Float32Array[];
  /** Rows scored by each filter: rows 0..rows[filter]−1. */
  rows: Record<Filter, number>;
}

export const FILTER_OUTCOMES: Record<Filter, readonly Outcome[] | 'any'> = {
  worked: SUCCESS_OUTCOMES,
  any: 'any',
};

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function normalise(target: Float32Array, at: number, dim: number): void {
  let norm = 0;
  for (let j = 0; j < dim; j++) norm += target[at + j]! * target[at + j]!;
  const scale = 1 / Math.sqrt(norm);
  for (let j = 0; j < dim; j++) target[at + j] = target[at + j]! * scale;
}

/** Writes one vector of the shape at `at` (centres: the clustered shape's topics). */
function fill(
  target: Float32Array,
  at: number,
  dim: number,
  random: () => number,
  centres: Float32Array | null,
): void {
  if (!centres) {
    for (let j = 0; j < dim; j++) target[at + j] = gaussian(random);
  } else {
    // shared direction (centre 0) + one topic + noise: within a topic scores sit near 0.8.
    const topic = 1 + Math.floor(random() * (centres.length / dim - 1));
    for (let j = 0; j < dim; j++)
      target[at + j] =
        0.5 * centres[j]! + centres[topic * dim + j]! + (0.45 * gaussian(random)) / Math.sqrt(dim);
  }
  normalise(target, at, dim);
}

export function makeDataset(
  n: number,
  dim: number,
  queryCount: number,
  shape: Shape,
  model: string,
  seed = 42,
): Dataset {
  const random = seededRandom(seed + (shape === 'clustered' ? 1000 : 0));
  let centres: Float32Array | null = null;
  if (shape === 'clustered') {
    centres = new Float32Array(201 * dim);
    for (let c = 0; c < 201; c++) fill(centres, c * dim, dim, random, null);
  }
  const vectors = new Float32Array(n * dim);
  const worked = Math.floor((2 * n) / 3);
  const failures = OUTCOMES.filter((o) => !SUCCESS_OUTCOMES.includes(o));
  const records: StoredIntervention[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    fill(vectors, i * dim, dim, random, centres);
    const timestamp = start + i * 1000;
    records.push({
      key: newInterventionKey(shape === 'clustered' ? CLUSTERED_USER : BENCH_USER, timestamp),
      intervention: `Try the smallest next step for task ${i % 97}.`,
      context: `Benchmark context ${i}: editor open, ${i % 13} tabs.`,
      task: `Benchmark task ${i % 97}`,
      outcome: i < worked ? SUCCESS_OUTCOMES[i % 2]! : failures[i % failures.length]!,
      strategy: 'tiny_first_step',
      timestamp,
      embeddingModel: model,
      embeddingDim: dim,
      embedding: vectors.subarray(i * dim, (i + 1) * dim),
    });
  }
  const queries = Array.from({ length: queryCount }, () => {
    const q = new Float32Array(dim);
    fill(q, 0, dim, random, centres);
    return q;
  });
  return { n, dim, shape, vectors, records, queries, rows: { worked, any: n } };
}

/** The exact top-k keys per query for a filter: float64 sums of float32 products, every row. */
export function exactTopK(data: Dataset, filter: Filter, k: number): string[][] {
  const rows = data.rows[filter];
  const { dim, vectors } = data;
  return data.queries.map((query) => {
    const best: Array<{ i: number; s: number }> = [];
    for (let i = 0; i < rows; i++) {
      let s = 0;
      const base = i * dim;
      for (let j = 0; j < dim; j++) s += vectors[base + j]! * query[j]!;
      if (best.length < k || s > best[best.length - 1]!.s) {
        best.push({ i, s });
        best.sort((a, b) => b.s - a.s);
        if (best.length > k) best.pop();
      }
    }
    return best.map((b) => data.records[b.i]!.key);
  });
}

/** Share of the exact top-k keys found (1 = every one). */
export function recallAtK(found: readonly string[][], exact: readonly string[][]): number {
  let hit = 0;
  let total = 0;
  found.forEach((keys, q) => {
    const want = new Set(exact[q]);
    total += want.size;
    for (const key of keys) if (want.has(key)) hit++;
  });
  return total === 0 ? 1 : hit / total;
}
