// The benchmark's data: N seeded random unit vectors of one dimension in one flat Float32Array
// (so the baselines and the stores see exactly the same numbers), records that point into it, and
// query vectors. Outcomes are spread evenly over all seven, so the default "worked" filter keeps ~2/7.
import { OUTCOMES, type StoredIntervention } from '../shared/domain';
import { newInterventionKey } from '../electron/memory/keys';

export const BENCH_USER = 'bench';
export const BENCH_MODEL = 'bench-random-v1';

export interface Dataset {
  n: number;
  dim: number;
  /** Record i's vector is vectors[i·dim .. (i+1)·dim). */
  vectors: Float32Array;
  records: StoredIntervention[];
  queries: Float32Array[];
}

/** mulberry32: small, fast, seedable; good enough for benchmark data. */
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

function fillUnit(target: Float32Array, at: number, dim: number, random: () => number): void {
  let norm = 0;
  for (let j = 0; j < dim; j++) {
    const x = random() * 2 - 1;
    target[at + j] = x;
    norm += x * x;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let j = 0; j < dim; j++) target[at + j] = target[at + j]! * scale;
}

export function makeDataset(n: number, dim: number, queryCount: number, seed = 42): Dataset {
  const random = seededRandom(seed);
  const vectors = new Float32Array(n * dim);
  const records: StoredIntervention[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    fillUnit(vectors, i * dim, dim, random);
    const timestamp = start + i * 1000;
    records.push({
      key: newInterventionKey(BENCH_USER, timestamp),
      intervention: `Try the smallest next step for task ${i % 97}.`,
      context: `Benchmark context ${i}: editor open, ${i % 13} tabs.`,
      task: `Benchmark task ${i % 97}`,
      outcome: OUTCOMES[i % OUTCOMES.length]!,
      strategy: 'tiny_first_step',
      timestamp,
      embeddingModel: BENCH_MODEL,
      embeddingDim: dim,
      embedding: vectors.subarray(i * dim, (i + 1) * dim),
    });
  }
  const queries = Array.from({ length: queryCount }, () => {
    const q = new Float32Array(dim);
    fillUnit(q, 0, dim, random);
    return q;
  });
  return { n, dim, vectors, records, queries };
}
