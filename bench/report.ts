// Turns the benchmark's figures into tables and MET/MISSED targets (and the same as one JSON object).
import type { IndexResult, StoreResult, Timing } from './measure';

export interface BenchReport {
  node: string;
  dim: number;
  k: number;
  sizes: number[];
  index: IndexResult[];
  indexMemory: Array<{
    n: number;
    rssBytes: number;
    allocatedBytes: number;
    allocatedRatio: number;
  }>;
  /** 1-minute load average when the run started and ended (the machine is shared). */
  loadAverage: { start: number; end: number };
  stores: StoreResult[];
  skipped: string[];
  targets: Target[];
}

export interface Target {
  name: string;
  met: boolean | null;
  value: string;
}

const f = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);

function table(header: string[], lines: string[][], left: number[] = [0]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ');
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join(
    '\n',
  );
}

const timingCells = (t: Timing) => [
  f(t.p50, 3),
  f(t.p95, 3),
  `${f(t.vsFloor)}×`,
  `${f(t.vsWasm)}×`,
  `${f(t.vsJs, 3)}×`,
];

export function targetsOf(report: Omit<BenchReport, 'targets'>): Target[] {
  const targets: Target[] = [];
  const at = (store: string, n: number) =>
    report.stores.find((s) => s.store === store && s.n === n);
  for (const store of ['embedded', 'plain-redis']) {
    for (const [n, limit] of [
      [10_000, 1],
      [100_000, 8],
    ] as const) {
      const s = at(store, n);
      targets.push({
        name: `${store} recall p50 ≤ ${limit} ms at ${n / 1000}k ("worked" filter, 2/3 of rows)`,
        met: s ? s.timing.worked.p50 <= limit : null,
        value: s
          ? `${f(s.timing.worked.p50, 3)} ms (any outcome: ${f(s.timing.any.p50, 3)} ms)`
          : 'not measured',
      });
    }
    const big = at(store, 100_000);
    targets.push({
      name: `${store} recall at 100k under 0.5× the exact-scan floor`,
      met: big ? Math.max(big.timing.worked.vsFloor, big.timing.any.vsFloor) < 0.5 : null,
      value: big
        ? `${f(big.timing.worked.vsFloor)}× worked, ${f(big.timing.any.vsFloor)}× any`
        : 'not measured',
    });
    const ten = at(store, 10_000);
    targets.push({
      name: `${store} check-in memory path ≤ 5 ms at 10k (embed offline + both lists)`,
      met: ten ? ten.checkIn.p50 <= 5 : null,
      value: ten
        ? `${f(ten.checkIn.p50, 3)} ms p50, ${f(ten.checkIn.p95, 3)} ms p95`
        : 'not measured',
    });
  }
  const measured = report.stores;
  const worst = Math.min(
    ...measured.map((s) => Math.min(s.recallAt5.random, s.recallAt5.clustered ?? 1)),
    ...report.index.map((i) => Math.min(i.recallAt5.random, i.recallAt5.clustered)),
  );
  targets.push({
    name: 'recall@5 = 1.000 against exact float64 scores (every store, index and size; random and clustered)',
    met: measured.length ? worst === 1 : null,
    value: measured.length ? f(worst, 3) : 'not measured',
  });
  const redis10k = at('plain-redis', 10_000);
  targets.push({
    name: 'plain Redis at 10k: first check-in after start no slower than the later ones (≤ their p95)',
    met: redis10k ? redis10k.checkIn.firstMs <= redis10k.checkIn.p95 : null,
    value: redis10k
      ? `first ${f(redis10k.checkIn.firstMs, 3)} ms, later p50 ${f(redis10k.checkIn.p50, 3)} / p95 ${f(redis10k.checkIn.p95, 3)} ms (warm-up at start: ${f(redis10k.openMs, 0)} ms, in the background)`
      : 'not measured',
  });
  const idx100k = report.index.find((i) => i.n === 100_000 && i.simd);
  targets.push({
    name: 'vector index memory ≤ 1.3× the float32 vectors at 100k',
    met: idx100k ? idx100k.memoryRatio <= 1.3 : null,
    value: idx100k
      ? `${f(idx100k.memoryRatio, 3)}× by its own count (allocated growth ${f(report.indexMemory.find((r) => r.n === 100_000)?.allocatedRatio, 3)}×)`
      : 'not measured',
  });
  return targets;
}

export function printReport(report: BenchReport, print: (line: string) => void): void {
  print(
    `Keel memory benchmark: ${report.dim}-dim unit vectors, k=${report.k}, Node ${report.node}, ` +
      `sizes ${report.sizes.join(', ')}; load average ${f(report.loadAverage.start)} at start, ` +
      `${f(report.loadAverage.end)} at end (2 shared cores: timings under load are slower, ratios less so)`,
  );
  print('\nMachine read bandwidth and exact-scan baselines (same rows as each recall; medians)');
  const base = report.stores.filter((s) => s.store === report.stores[0]?.store);
  print(
    table(
      ['records', 'filter', 'rows scored', 'read GB/s', 'floor ms', 'wasm f32x4 ms', 'JS 4-acc ms'],
      base.flatMap((s) =>
        (['worked', 'any'] as const).map((filter) => {
          const b = s.baseline[filter];
          return [
            String(s.n),
            filter,
            String(b.rows),
            f(b.bandwidthGBs, 1),
            f(b.floorMs, 3),
            f(b.wasmScanMs, 3),
            f(b.jsScanMs, 3),
          ];
        }),
      ),
      [1],
    ),
  );
  print(
    'floor = one streaming SIMD read (wasm v128 loads) of the scored rows’ float32 bytes: no exact\n' +
      'float32 scan can be faster. wasm f32x4 = exact float32 SIMD scan; JS 4-acc = Float32Array loop.',
  );

  print('\nRecall p50/p95 (ms) and paired ratios: ÷ floor, ÷ wasm f32x4 scan, ÷ JS 4-acc loop');
  const header = ['store', 'records', 'filter', 'p50', 'p95', '÷ floor', '÷ wasm f32', '÷ JS loop'];
  const lines: string[][] = [];
  for (const i of report.index)
    for (const filter of ['worked', 'any'] as const)
      lines.push([
        i.simd ? 'index (SIMD)' : 'index (JS fallback)',
        String(i.n),
        filter,
        ...timingCells(i.timing[filter]),
      ]);
  for (const s of report.stores)
    for (const filter of ['worked', 'any'] as const)
      lines.push([s.store, String(s.n), filter, ...timingCells(s.timing[filter])]);
  print(table(header, lines, [0, 2]));

  print('\nRecall@5 against exact float64 scores, and the adaptive rerank depth');
  print(
    table(
      ['what', 'records', 'random', 'clustered', 'rows reranked / query'],
      [
        ...report.index.map((i) => [
          i.simd ? 'index (SIMD)' : 'index (JS fallback)',
          String(i.n),
          f(i.recallAt5.random, 3),
          f(i.recallAt5.clustered, 3),
          f(i.rerankedMean, 1),
        ]),
        ...report.stores.map((s) => [
          s.store,
          String(s.n),
          f(s.recallAt5.random, 3),
          s.recallAt5.clustered === null ? '(index)' : f(s.recallAt5.clustered, 3),
          '',
        ]),
      ],
    ),
  );

  print('\nImport, start and memory');
  print(
    table(
      [
        'store',
        'records',
        'import rec/s',
        'open+warm ms',
        'RSS growth MB',
        'allocated MB',
        'allocated ÷ f32 vectors',
      ],
      [
        ...report.stores.map((s) => [
          s.store,
          String(s.n),
          Math.round(s.importPerSecond).toLocaleString('en-US'),
          f(s.openMs, 1),
          f(s.rssBytes / 1e6, 1),
          f(s.allocatedBytes / 1e6, 1),
          `${f(s.allocatedRatio)}×`,
        ]),
        ...report.indexMemory.map((r) => [
          'index (bare)',
          String(r.n),
          '',
          '',
          f(r.rssBytes / 1e6, 1),
          f(r.allocatedBytes / 1e6, 1),
          `${f(r.allocatedRatio)}×`,
        ]),
      ],
    ),
  );

  print(
    '\nCheck-in memory path (embed offline + "what worked" k=12 + evidence k=100, one call), ms',
  );
  print(
    table(
      ['store', 'records', 'first after start', 'later p50', 'later p95'],
      report.stores.map((s) => [
        s.store,
        String(s.n),
        f(s.checkIn.firstMs, 3),
        f(s.checkIn.p50, 3),
        f(s.checkIn.p95, 3),
      ]),
    ),
  );
  for (const reason of report.skipped) print(`\nSKIPPED: ${reason}`);
  print('\nTargets:');
  for (const t of report.targets)
    print(`  ${t.met === null ? 'NOT MEASURED' : t.met ? 'MET' : 'MISSED'}  ${t.name}: ${t.value}`);
}
