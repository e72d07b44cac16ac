// The two brute-force floors every recall time is compared with, run over the same flat vectors:
// (a) one pass over the bytes (summing every float: memory bandwidth, no arithmetic to speak of) and
// (b) a tight dot-product loop over every vector (the least work an exact recall can do), plus
// (c) the embedded store's own unrolled kernel in a bare loop, to separate kernel speed from overhead.
import { dotAt } from '../electron/memory/stores/embedded/dot-kernel';

export function sumPass(vectors: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < vectors.length; i++) sum += vectors[i]!;
  return sum;
}

export function tightDotLoop(
  vectors: Float32Array,
  n: number,
  dim: number,
  query: Float32Array,
): number {
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    const base = i * dim;
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += vectors[base + j]! * query[j]!;
    if (sum > best) best = sum;
  }
  return best;
}

/** (c) The same scan with the embedded store's kernel, bare: what the store adds on top shows here. */
export function kernelLoop(
  vectors: Float32Array,
  n: number,
  dim: number,
  query: Float32Array,
): number {
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    const sum = dotAt(vectors, i * dim, query, dim);
    if (sum > best) best = sum;
  }
  return best;
}
