// `npm run bench [-- --sizes 1000,10000,100000] [-- --json]`: recall, import, start-up and memory of
// the vector index and of both stores (embedded; plain Redis against a real local redis-server),
// with the machine's read bandwidth and exact-scan baselines measured in the same run over the same
// rows, recall@5 against exact float64 scores on random and clustered data, and each target printed
// MET or MISSED. --json writes the same figures as one JSON object on stdout.
import { loadavg } from 'node:os';
import { OfflineEmbedder } from '../electron/memory/embedders/offline';
import { WasmBaselines } from './baselines';
import { makeDataset } from './dataset';
import { K, computeTruth, indexMemory, measureIndex, measureStore } from './measure';
import { printReport, targetsOf, type BenchReport } from './report';
import { sinkValue } from './stats';
import { embeddedTarget, plainRedisTarget } from './targets';

const DIM = 768;
const DEFAULT_SIZES = [1_000, 10_000, 100_000];
/** Stores are also checked on clustered data up to this size (the index at every size). */
const STORE_CLUSTERED_MAX = 10_000;

function parseArgs(argv: string[]): { sizes: number[]; json: boolean } {
  const json = argv.includes('--json');
  const at = argv.indexOf('--sizes');
  const text = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--sizes='))?.slice(8);
  const unknown = argv.filter(
    (a, i) => a !== '--json' && a !== '--sizes' && !a.startsWith('--sizes=') && i !== at + 1,
  );
  if (unknown.length || (at >= 0 && text === undefined)) {
    console.error('Usage: npm run bench -- [--sizes 1000,10000,100000] [--json]');
    process.exit(2);
  }
  if (text === undefined) return { sizes: DEFAULT_SIZES, json };
  const sizes = text.split(',').map((s) => Number(s.trim()));
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 10 || n > 1_000_000)) {
    console.error(
      `--sizes must be whole numbers from 10 to 1000000, comma-separated, got "${text}"`,
    );
    process.exit(2);
  }
  return { sizes, json };
}

/** Enough queries for stable percentiles without making 100k take many minutes. */
function queryCountFor(n: number): number {
  return Math.max(25, Math.min(200, Math.round(2e8 / (n * DIM))));
}

async function main(): Promise<void> {
  const { sizes, json } = parseArgs(process.argv.slice(2));
  const progress = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const model = new OfflineEmbedder(DIM).model; // the check-in path embeds with it
  const report: Omit<BenchReport, 'targets'> = {
    node: process.version,
    dim: DIM,
    k: K,
    sizes,
    index: [],
    indexMemory: [],
    loadAverage: { start: loadavg()[0]!, end: NaN },
    stores: [],
    skipped: [],
  };
  for (const n of sizes) {
    const queries = queryCountFor(n);
    const data = makeDataset(n, DIM, queries, 'random', model);
    const clustered = makeDataset(n, DIM, queries, 'clustered', model);
    const truth = computeTruth(data, clustered);
    const baselines = new WasmBaselines(data.vectors, n, DIM);
    baselines.check(data.vectors, data.queries[0]!);
    progress(`n=${n}: ${queries} queries`);

    report.index.push(await measureIndex(data, clustered, truth, baselines, true));
    if (n <= 10_000)
      report.index.push(await measureIndex(data, clustered, truth, baselines, false));
    const memory = await indexMemory(data);
    const f32 = n * DIM * 4;
    report.indexMemory.push({
      n,
      rssBytes: memory.rss,
      allocatedBytes: memory.allocated,
      allocatedRatio: memory.allocated / f32,
    });

    for (const factory of [embeddedTarget, plainRedisTarget]) {
      const target = await factory();
      if ('skipped' in target) {
        if (!report.skipped.includes(target.skipped)) report.skipped.push(target.skipped);
        continue;
      }
      try {
        const result = await measureStore(
          target,
          data,
          n <= STORE_CLUSTERED_MAX ? clustered : null,
          truth,
          baselines,
        );
        report.stores.push(result);
        progress(
          `  ${result.store}: recall p50 ${result.timing.worked.p50.toFixed(3)} ms, ` +
            `check-in ${result.checkIn.p50.toFixed(3)} ms`,
        );
      } finally {
        await target.dispose();
      }
    }
  }
  report.loadAverage.end = loadavg()[0]!;
  const full: BenchReport = { ...report, targets: targetsOf(report) };
  if (json) process.stdout.write(`${JSON.stringify(full, null, 2)}\n`);
  else printReport(full, (line) => process.stdout.write(`${line}\n`));
  if (sinkValue() === 42.4242) progress(''); // keeps baseline results observable
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
