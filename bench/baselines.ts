// The two brute-force floors every recall time is compared with, run over the same flat vectors:
// (a) one pass over the bytes (summing every float: memory bandwidth, no arithmetic to speak of) and
// (b) a tight dot-product loop over every vector (the least work an exact recall can do), plus
// (c) the embedded store's own unrolled kernel in a bare loop, to separate kernel speed from overhead.

/** The JS Float32 4-accumulator dot product (what the embedded store used before the index). */
export function dotAt(vectors: Float32Array, base: number, query: Float32Array, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < dim; j += 4) {
    s0 += vectors[base + j]! * query[j]!;
    s1 += vectors[base + j + 1]! * query[j + 1]!;
    s2 += vectors[base + j + 2]! * query[j + 2]!;
    s3 += vectors[base + j + 3]! * query[j + 3]!;
  }
  for (; j < dim; j++) s0 += vectors[base + j]! * query[j]!;
  return s0 + s1 + (s2 + s3);
}

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
