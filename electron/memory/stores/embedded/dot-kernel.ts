// The dot product at the heart of exact recall, over one record inside a flat Float32Array.
// Four independent accumulators break the chain of dependent additions a plain loop has, which
// lets the CPU overlap them (~1.3× faster than the plain loop in V8 here). Small enough that V8
// inlines it into the scan loop.
export function dotAt(
  vectors: Float32Array,
  base: number,
  query: Float32Array,
  dim: number,
): number {
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
