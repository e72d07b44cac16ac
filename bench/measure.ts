// What the benchmark measures, per size: the bare vector index (SIMD and JS fallback) and each
// store (import, restart, recall, recall@5, the check-in memory path), every recall timed back to
// back with the baselines over the same rows, in rotating order. Ratios are medians of these paired
// ratios: on a shared, busy machine load drifts, and pairing cancels most of it.
import { SIMILAR_SHOWN } from '../electron/coach/moment-recall';
import { LEARNING_RECALL_K } from '../electron/coach/learner';
import { silentLogger } from '../electron/base/logger';
import { OfflineEmbedder } from '../electron/memory/embedders/offline';
import { MemoryService } from '../electron/memory/memory-service';
import { VectorIndex } from '../electron/memory/vector-index/vector-index';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUCCESS_OUTCOMES } from '../shared/domain';
import { jsScan, type WasmBaselines } from './baselines';
import {
  BENCH_USER,
  CLUSTERED_USER,
  FILTER_OUTCOMES,
  exactTopK,
  recallAtK,
  type Dataset,
  type Filter,
} from './dataset';
import { percentile, settledMemory, timeAsyncMs, timeMs, type MemoryFigures } from './stats';
import type { BenchTarget } from './targets';

export const K = 5;
const IMPORT_BATCH = 1000;
const TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const FILTERS: Filter[] = ['worked', 'any'];

export interface Timing {
  p50: number;
  p95: number;
  /** Medians of paired ratios: recall ÷ exact-scan floor, ÷ wasm f32x4 scan, ÷ JS 4-acc loop. */
  vsFloor: number;
  vsWasm: number;
  vsJs: number;
}

export interface BaselineFigures {
  rows: number;
  bandwidthGBs: number;
  floorMs: number;
  wasmScanMs: number;
  jsScanMs: number;
}

export interface Truth {
  random: Record<Filter, string[][]>;
  clustered: Record<Filter, string[][]>;
}

export function computeTruth(random: Dataset, clustered: Dataset): Truth {
  const of = (d: Dataset) => ({ worked: exactTopK(d, 'worked', K), any: exactTopK(d, 'any', K) });
  return { random: of(random), clustered: of(clustered) };
}

/** Times `recall` for every query, each paired with the three baselines over the same rows. */
export async function pairedTiming(
  data: Dataset,
  filter: Filter,
  baselines: WasmBaselines,
  recall: (query: Float32Array) => Promise<unknown> | unknown,
): Promise<{ timing: Timing; baseline: BaselineFigures }> {
  const rows = data.rows[filter];
  const bytes = rows * data.dim * 4;
  const t = {
    recall: [] as number[],
    read: [] as number[],
    wasm: [] as number[],
    js: [] as number[],
  };
  const ratio = { floor: [] as number[], wasm: [] as number[], js: [] as number[] };
  for (const [q, query] of data.queries.entries()) {
    const steps: Array<() => Promise<void>> = [
      async () => void t.read.push(timeMs(() => baselines.read(rows))),
      async () => void t.wasm.push(timeMs(() => baselines.scan(rows, query))),
      async () => void t.js.push(timeMs(() => jsScan(data.vectors, rows, data.dim, query))),
      async () => void t.recall.push(await timeAsyncMs(async () => recall(query))),
    ];
    for (let s = 0; s < steps.length; s++) await steps[(q + s) % steps.length]!();
    const r = t.recall.at(-1)!;
    ratio.floor.push(r / t.read.at(-1)!);
    ratio.wasm.push(r / t.wasm.at(-1)!);
    ratio.js.push(r / t.js.at(-1)!);
  }
  const readMs = percentile(t.read, 50);
  return {
    timing: {
      p50: percentile(t.recall, 50),
      p95: percentile(t.recall, 95),
      vsFloor: percentile(ratio.floor, 50),
      vsWasm: percentile(ratio.wasm, 50),
      vsJs: percentile(ratio.js, 50),
    },
    baseline: {
      rows,
      bandwidthGBs: bytes / (readMs * 1e6),
      floorMs: readMs,
      wasmScanMs: percentile(t.wasm, 50),
      jsScanMs: percentile(t.js, 50),
    },
  };
}

export interface IndexResult {
  simd: boolean;
  n: number;
  buildMs: number;
  /** Index bytes ÷ the float32 vectors' bytes. */
  memoryRatio: number;
  timing: Record<Filter, Timing>;
  /** Rows reranked exactly per query (the adaptive depth), mean over queries and filters. */
  rerankedMean: number;
  recallAt5: { random: number; clustered: number };
}

/** The bare index (what both stores use) on the same data and rows. */
export async function measureIndex(
  data: Dataset,
  clustered: Dataset,
  truth: Truth,
  baselines: WasmBaselines,
  simd: boolean,
): Promise<IndexResult> {
  const build = (d: Dataset) => {
    const index = new VectorIndex(d.dim, { simd });
    for (const r of d.records) index.upsert(r.key, r.outcome, r.embedding, Infinity);
    return index;
  };
  const start = performance.now();
  const idx = build(data);
  const buildMs = performance.now() - start;
  const search = (query: Float32Array, filter: Filter) =>
    idx.search(query, { k: K, outcomes: FILTER_OUTCOMES[filter], minSimilarity: -1, nowMs: 0 });
  // Warm-up (JIT) before anything is timed: a few passes over the queries.
  for (let i = 0; i < 3; i++) for (const q of data.queries) search(q, 'any');
  const timing = {} as Record<Filter, Timing>;
  let reranked = 0;
  let searches = 0;
  const found: Record<Filter, string[][]> = { worked: [], any: [] };
  for (const filter of FILTERS) {
    for (const q of data.queries) {
      found[filter].push(search(q, filter).map((h) => h.key));
      reranked += idx.lastReranked;
      searches++;
    }
    timing[filter] = (await pairedTiming(data, filter, baselines, (q) => search(q, filter))).timing;
  }
  const random = Math.min(...FILTERS.map((f) => recallAtK(found[f], truth.random[f])));
  const memoryRatio = idx.bytes / (data.n * data.dim * 4);
  const cIndex = build(clustered);
  const clusteredRecall = Math.min(
    ...FILTERS.map((f) =>
      recallAtK(
        clustered.queries.map((q) =>
          cIndex
            .search(q, { k: K, outcomes: FILTER_OUTCOMES[f], minSimilarity: -1, nowMs: 0 })
            .map((h) => h.key),
        ),
        truth.clustered[f],
      ),
    ),
  );
  return {
    simd: idx.simd,
    n: data.n,
    buildMs,
    memoryRatio,
    timing,
    rerankedMean: reranked / searches,
    recallAt5: { random, clustered: clusteredRecall },
  };
}

export interface StoreResult {
  store: string;
  n: number;
  importPerSecond: number;
  openMs: number;
  rssBytes: number;
  allocatedBytes: number;
  /** Allocated ÷ the float32 vectors' bytes. */
  allocatedRatio: number;
  timing: Record<Filter, Timing>;
  baseline: Record<Filter, BaselineFigures>;
  recallAt5: { random: number; clustered: number | null };
  checkIn: { firstMs: number; p50: number; p95: number };
}

async function importAll(target: BenchTarget, user: string, data: Dataset): Promise<number> {
  await target.store.prepareUser(user, { model: data.records[0]!.embeddingModel, dim: data.dim });
  return timeAsyncMs(async () => {
    for (let i = 0; i < data.records.length; i += IMPORT_BATCH) {
      const batch = data.records.slice(i, i + IMPORT_BATCH);
      await target.store.putInterventions(user, batch, TTL_MS);
    }
  });
}

/** One store at one size: import, restart, recall paired with the baselines, check-in path. */
export async function measureStore(
  target: BenchTarget,
  data: Dataset,
  clustered: Dataset | null,
  truth: Truth,
  baselines: WasmBaselines,
): Promise<StoreResult> {
  const space = { model: data.records[0]!.embeddingModel, dim: data.dim };
  const importMs = await importAll(target, BENCH_USER, data);
  const counted = (await target.store.counts(BENCH_USER)).interventions;
  if (counted !== data.n) throw new Error(`${target.label} holds ${counted} of ${data.n} records`);
  let clusteredRecall: number | null = null;
  if (clustered) {
    const user = CLUSTERED_USER;
    await importAll(target, user, clustered);
    const found = await Promise.all(
      FILTERS.map(async (f) => {
        const lists: string[][] = [];
        for (const vector of clustered.queries) {
          const hits = await target.store.findSimilar(user, {
            vector,
            space,
            k: K,
            outcomes: FILTER_OUTCOMES[f],
            minSimilarity: -1,
          });
          lists.push(hits.map((h) => h.key));
        }
        return recallAtK(lists, truth.clustered[f]);
      }),
    );
    clusteredRecall = Math.min(...found);
    await target.store.forget(user);
  }

  const restarted = await target.restart(space);
  const checkIn = await measureCheckIn(target, data);

  const recall = (query: Float32Array, filter: Filter) =>
    target.store.findSimilar(BENCH_USER, {
      vector: query,
      space,
      k: K,
      outcomes: FILTER_OUTCOMES[filter],
      minSimilarity: -1,
    });
  const timing = {} as Record<Filter, Timing>;
  const baseline = {} as Record<Filter, BaselineFigures>;
  const found: Record<Filter, string[][]> = { worked: [], any: [] };
  for (const filter of FILTERS) {
    for (const q of data.queries) found[filter].push((await recall(q, filter)).map((h) => h.key));
    const paired = await pairedTiming(data, filter, baselines, (q) => recall(q, filter));
    timing[filter] = paired.timing;
    baseline[filter] = paired.baseline;
  }
  return {
    store: target.label,
    n: data.n,
    importPerSecond: data.n / (importMs / 1000),
    openMs: restarted.openMs,
    rssBytes: restarted.rssBytes,
    allocatedBytes: restarted.allocatedBytes,
    allocatedRatio: restarted.allocatedBytes / (data.n * data.dim * 4),
    timing,
    baseline,
    recallAt5: {
      random: Math.min(...FILTERS.map((f) => recallAtK(found[f], truth.random[f]))),
      clustered: clusteredRecall,
    },
    checkIn,
  };
}

/**
 * The check-in memory path as the coach runs it, right after a (re)start: embed the moment with
 * the offline embedder (a new text each time, no cache), then every list a check-in recalls —
 * "what worked" (k = SIMILAR_SHOWN·4, success outcomes) and the learner's evidence
 * (k = LEARNING_RECALL_K, any outcome) — in one findSimilarMany. Thresholds are −1 so that no
 * floor skips work. The first check-in is timed separately from the later ones.
 */
async function measureCheckIn(
  target: BenchTarget,
  data: Dataset,
): Promise<{ firstMs: number; p50: number; p95: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-bench-service-'));
  const memory = await MemoryService.create({
    dataDir: dir,
    store: target.store,
    embedder: new OfflineEmbedder(data.dim),
    retentionDays: 30,
    logger: silentLogger,
  });
  try {
    await memory.start([BENCH_USER]);
    const lists = [
      { k: SIMILAR_SHOWN * 4, outcomes: SUCCESS_OUTCOMES, minSimilarity: -1 },
      { k: LEARNING_RECALL_K, outcomes: 'any' as const, minSimilarity: -1 },
    ];
    const checkIn = async (i: number) => {
      const vector = await memory.embedMoment(
        `Write section ${i} of the quarterly report`,
        `report.md open, paragraph ${i % 17}, ${i % 5} tabs`,
      );
      if (!vector) throw new Error('offline embedding failed');
      const [worked, evidence] = await memory.findSimilarMany(BENCH_USER, vector, lists);
      if (worked!.degraded || evidence!.matches.length !== Math.min(LEARNING_RECALL_K, data.n))
        throw new Error(`check-in recall incomplete: ${worked!.degraded ?? 'evidence list short'}`);
    };
    const firstMs = await timeAsyncMs(() => checkIn(0));
    const later: number[] = [];
    for (let i = 1; i <= Math.max(20, data.queries.length); i++)
      later.push(await timeAsyncMs(() => checkIn(i)));
    return { firstMs, p50: percentile(later, 50), p95: percentile(later, 95) };
  } finally {
    await memory.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a bare index of the dataset holds (after a full GC): growth of RSS and of allocations. */
export async function indexMemory(data: Dataset): Promise<MemoryFigures> {
  const before = await settledMemory();
  const index = new VectorIndex(data.dim);
  for (const r of data.records) index.upsert(r.key, r.outcome, r.embedding, Infinity);
  const after = await settledMemory();
  if (index.size !== data.n) throw new Error('index lost rows');
  return { rss: after.rss - before.rss, allocated: after.allocated - before.allocated };
}
