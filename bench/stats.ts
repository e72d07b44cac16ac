// Timing and memory helpers for the benchmark.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let sink = 0;

/** Wall time of a synchronous call in ms. The result is kept so the work cannot be optimised away. */
export function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  const result = fn();
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (typeof result === 'number') sink += result;
  return elapsed;
}

export async function timeAsyncMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Stops the sink from being dead code. */
export function sinkValue(): number {
  return sink;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface MemoryFigures {
  /** Resident set size. */
  rss: number;
  /** JS heap in use + memory outside it (ArrayBuffers, WebAssembly memories). */
  allocated: number;
}

/** Memory after a full garbage collection. */
export async function settledMemory(): Promise<MemoryFigures> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, allocated: m.heapUsed + m.external };
}
