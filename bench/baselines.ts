// The baselines every recall is measured against, over the same float32 rows the recall scores:
// (a) read: one streaming SIMD read of those rows' bytes in WebAssembly (the machine's real read
//     bandwidth; the time of one read of the float32 vectors is the floor of any exact scan);
// (b) wasm f32x4: an exact float32 scan in WebAssembly SIMD, four accumulators (a strong exact
//     brute force in process: what a BLAS-style scan achieves on one thread);
// (c) JS 4-acc: the tight JavaScript Float32Array loop with four accumulators (what the stores
//     used before the vector index).
import { instantiateKernel, type KernelExports } from '../electron/memory/vector-index/kernels';

/** (c) The JS Float32 4-accumulator scan of rows 0..n−1; returns the best score. */
export function jsScan(vectors: Float32Array, n: number, dim: number, query: Float32Array): number {
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    const base = i * dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < dim; j += 4) {
      s0 += vectors[base + j]! * query[j]!;
      s1 += vectors[base + j + 1]! * query[j + 1]!;
      s2 += vectors[base + j + 2]! * query[j + 2]!;
      s3 += vectors[base + j + 3]! * query[j + 3]!;
    }
    const s = s0 + s1 + (s2 + s3);
    if (s > best) best = s;
  }
  return best;
}

/** (a) and (b): the rows copied once into a WebAssembly memory, [query][rows][scores]. */
export class WasmBaselines {
  private readonly kernel: { memory: { buffer: ArrayBuffer }; exports: KernelExports };
  private readonly rowsAt: number;
  private readonly outAt: number;

  constructor(
    vectors: Float32Array,
    private readonly n: number,
    private readonly dim: number,
  ) {
    if (dim % 16 !== 0) throw new Error('the wasm baselines need dim to be a multiple of 16');
    this.rowsAt = dim * 4;
    this.outAt = this.rowsAt + n * dim * 4;
    this.kernel = instantiateKernel(this.outAt + n * 4);
    new Float32Array(this.kernel.memory.buffer, this.rowsAt, n * dim).set(
      vectors.subarray(0, n * dim),
    );
  }

  /** (a) Reads the float32 bytes of rows 0..rows−1 once. */
  read(rows: number): number {
    return this.kernel.exports.read_sum(this.rowsAt, rows * this.dim * 4);
  }

  /** (b) Exact float32 scores of rows 0..rows−1; returns the best. */
  scan(rows: number, query: Float32Array): number {
    new Float32Array(this.kernel.memory.buffer, 0, this.dim).set(query);
    this.kernel.exports.scan_f32(0, this.rowsAt, rows, this.dim, this.outAt);
    const out = new Float32Array(this.kernel.memory.buffer, this.outAt, rows);
    let best = -Infinity;
    for (let i = 0; i < rows; i++) if (out[i]! > best) best = out[i]!;
    return best;
  }

  /** Checks (b) against (c) once, so a broken baseline cannot make recall look fast. */
  check(vectors: Float32Array, query: Float32Array): void {
    const a = this.scan(this.n, query);
    const b = jsScan(vectors, this.n, this.dim, query);
    if (Math.abs(a - b) > 1e-4) throw new Error(`wasm f32 scan disagrees with JS (${a} vs ${b})`);
  }
}
