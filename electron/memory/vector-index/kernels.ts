// Where an index segment keeps its int8 rows and how it scans and selects them: in a WebAssembly
// memory with kernel.wat's SIMD scan and its selection loop, or — where WebAssembly SIMD is missing —
// in a plain ArrayBuffer with the same two loops in JavaScript. Both compute the same exact integer
// dot products and the same float64 bounds in the same order, so the index gives identical results
// on either path (a test checks it). The memory's layout is the segment's (segment.ts).
import { KERNEL_WASM_BASE64 } from './kernel-wasm';

const PAGE = 65536;

// The few WebAssembly JS-API members used here (the Node typings leave the global untyped).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Arguments of `select` (see kernel.wat): byte offsets, row geometry and the query's numbers. */
export interface SelectArgs {
  scaleAt: number;
  quantNormAt: number;
  residualNormAt: number;
  expiryAt: number;
  n: number;
  dotsAt: number;
  scale: number;
  residualNorm: number;
  norm: number;
  nowMs: number;
  floor0: number;
  heapAt: number;
  k: number;
  idxAt: number;
  upperAt: number;
}

/** Views of one memory; all are replaced when the memory grows. */
export interface MemoryViews {
  i8: Int8Array;
  i16: Int16Array;
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** Bytes for int8 rows and their scan. Views are invalidated by `ensure` (buffers move). */
export interface RowMemory {
  readonly simd: boolean;
  /** Makes room for at least `bytes` bytes, keeping the first `keep` bytes. */
  ensure(bytes: number, keep: number): void;
  views(): MemoryViews;
  /** Writes dot(query, row r) for r < n as i32 at `outAt`; the query is `stride` i16 values. */
  scan(queryAt: number, rowsAt: number, n: number, stride: number, outAt: number): void;
  /** Writes the rows whose upper bound reaches the running floor; returns how many. */
  select(args: SelectArgs): number;
}

export interface KernelExports {
  scan_i8(query: number, rows: number, n: number, stride: number, out: number): void;
  select(
    scale: number,
    qnorm: number,
    rnorm: number,
    expiry: number,
    n: number,
    dots: number,
    st: number,
    un: number,
    qn: number,
    now: number,
    floor0: number,
    heap: number,
    k: number,
    outIdx: number,
    outUpper: number,
  ): number;
  scan_f32(query: number, rows: number, n: number, dim: number, out: number): void;
  read_sum(ptr: number, bytes: number): number;
}

let compiled: object | null | undefined;

/** The compiled kernel, or null where this runtime has no WebAssembly SIMD. */
function kernelModule(): object | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(KERNEL_WASM_BASE64, 'base64');
    compiled = wasm?.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled;
}

/** True when the SIMD kernel can run here. */
export function hasWasmSimd(): boolean {
  return kernelModule() !== null;
}

/** An instance of the kernel over its own memory (also used by the benchmark's baselines). */
export function instantiateKernel(initialBytes: number): {
  memory: WasmMemory;
  exports: KernelExports;
} {
  const module = kernelModule();
  if (!module || !wasm) throw new Error('WebAssembly SIMD is not available in this runtime');
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(initialBytes / PAGE)) });
  const instance = new wasm.Instance(module, { env: { memory } });
  return { memory, exports: instance.exports as unknown as KernelExports };
}

function viewsOf(buffer: ArrayBuffer): MemoryViews {
  return {
    i8: new Int8Array(buffer),
    i16: new Int16Array(buffer),
    i32: new Int32Array(buffer),
    f32: new Float32Array(buffer),
    f64: new Float64Array(buffer),
  };
}

class WasmRowMemory implements RowMemory {
  readonly simd = true;
  private readonly kernel = instantiateKernel(PAGE);
  private cached: MemoryViews | null = null;

  ensure(bytes: number): void {
    const have = this.kernel.memory.buffer.byteLength;
    // memory.grow may move (copy) the memory, so it grows geometrically: few steps, and pages
    // never touched cost address space only.
    if (bytes > have)
      this.kernel.memory.grow(Math.ceil((Math.max(bytes, have * 1.125) - have) / PAGE));
    this.cached = null;
  }

  views(): MemoryViews {
    if (!this.cached || this.cached.i8.buffer !== this.kernel.memory.buffer)
      this.cached = viewsOf(this.kernel.memory.buffer);
    return this.cached;
  }

  scan(queryAt: number, rowsAt: number, n: number, stride: number, outAt: number): void {
    this.kernel.exports.scan_i8(queryAt, rowsAt, n, stride, outAt);
  }

  select(a: SelectArgs): number {
    return this.kernel.exports.select(
      a.scaleAt,
      a.quantNormAt,
      a.residualNormAt,
      a.expiryAt,
      a.n,
      a.dotsAt,
      a.scale,
      a.residualNorm,
      a.norm,
      a.nowMs,
      a.floor0,
      a.heapAt,
      a.k,
      a.idxAt,
      a.upperAt,
    );
  }
}

class JsRowMemory implements RowMemory {
  readonly simd = false;
  private buffer = new ArrayBuffer(PAGE);
  private cached = viewsOf(this.buffer);

  ensure(bytes: number, keep: number): void {
    if (bytes <= this.buffer.byteLength) return;
    // Geometric growth: each step copies everything, so steps must be few.
    const size = Math.ceil(Math.max(bytes, this.buffer.byteLength * 1.5) / PAGE) * PAGE;
    const next = new ArrayBuffer(size);
    new Uint8Array(next).set(new Uint8Array(this.buffer, 0, keep));
    this.buffer = next;
    this.cached = viewsOf(next);
  }

  views(): MemoryViews {
    return this.cached;
  }

  scan(queryAt: number, rowsAt: number, n: number, stride: number, outAt: number): void {
    const b = this.cached.i8;
    const q = this.cached.i16;
    const qAt = queryAt >> 1;
    const out = this.cached.i32;
    for (let r = 0; r < n; r++) {
      const base = rowsAt + r * stride;
      // Integer products summed in doubles stay exact (|sum| < 2^31), so this equals the SIMD sum.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < stride; j += 4) {
        s0 += b[base + j]! * q[qAt + j]!;
        s1 += b[base + j + 1]! * q[qAt + j + 1]!;
        s2 += b[base + j + 2]! * q[qAt + j + 2]!;
        s3 += b[base + j + 3]! * q[qAt + j + 3]!;
      }
      out[(outAt >> 2) + r] = s0 + s1 + s2 + s3;
    }
  }

  /** kernel.wat's `select`, the same operations in the same order. */
  select(a: SelectArgs): number {
    const { i32, f32, f64 } = this.cached;
    const heap = a.heapAt >> 3;
    let hn = i32[(a.heapAt - 8) >> 2]!;
    const floorOf = () => (hn < a.k ? a.floor0 : Math.max(a.floor0, f64[heap]!));
    let floor = floorOf();
    let count = 0;
    for (let i = 0; i < a.n; i++) {
      if (!(f64[(a.expiryAt >> 3) + i]! > a.nowMs)) continue;
      const approx = f32[(a.scaleAt >> 2) + i]! * a.scale * i32[(a.dotsAt >> 2) + i]!;
      const bound =
        f32[(a.quantNormAt >> 2) + i]! * a.residualNorm +
        f32[(a.residualNormAt >> 2) + i]! * a.norm +
        1e-9;
      const upper = approx + bound;
      if (!(upper >= floor)) continue;
      i32[(a.idxAt >> 2) + count] = i;
      f64[(a.upperAt >> 3) + count] = upper;
      count++;
      hn = heapPush(f64, heap, hn, a.k, approx - bound);
      floor = floorOf();
    }
    i32[(a.heapAt - 8) >> 2] = hn;
    return count;
  }
}

/** kernel.wat's $heapPush over f64[heap…]: the min-heap of the k largest values; new size. */
function heapPush(h: Float64Array, heap: number, hn: number, k: number, x: number): number {
  let i = 0;
  if (hn < k) {
    i = hn;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[heap + parent]! <= x) break;
      h[heap + i] = h[heap + parent]!;
      i = parent;
    }
    h[heap + i] = x;
    return hn + 1;
  }
  if (x <= h[heap]!) return hn;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= k) break;
    const r = l + 1;
    const c = r < k && h[heap + r]! < h[heap + l]! ? r : l;
    if (h[heap + c]! >= x) break;
    h[heap + i] = h[heap + c]!;
    i = c;
  }
  h[heap + i] = x;
  return hn;
}

/** Row memory for one segment: SIMD when available and wanted, JavaScript otherwise. */
export function createRowMemory(useSimd: boolean): RowMemory {
  return useSimd && hasWasmSimd() ? new WasmRowMemory() : new JsRowMemory();
}
