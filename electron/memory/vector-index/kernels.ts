// Where an index segment keeps its int8 rows and how it scans them: in a WebAssembly memory scanned
// by kernel.wat's SIMD loop, or — where WebAssembly SIMD is missing — in a plain ArrayBuffer scanned
// by the same loop in JavaScript. Both compute the same exact integer dot products, so the index
// gives identical results on either path (a test checks it).
//
// Layout of one segment's bytes: [query: stride][rows: capacity × stride][scores: capacity × i32].
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

/** Bytes for int8 rows and their scan. `view()`s are invalidated by `ensure` (buffers move). */
export interface RowMemory {
  readonly simd: boolean;
  /** Makes room for at least `bytes` bytes, keeping the first `keep` bytes. */
  ensure(bytes: number, keep: number): void;
  /** The whole memory as signed bytes (fresh after every `ensure`). */
  view(): Int8Array;
  /** Writes dot(query, row r) for r < n as i32 at `outAt` and returns them. */
  scan(queryAt: number, rowsAt: number, n: number, stride: number, outAt: number): Int32Array;
}

export interface KernelExports {
  scan_i8(query: number, rows: number, n: number, stride: number, out: number): void;
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

class WasmRowMemory implements RowMemory {
  readonly simd = true;
  private readonly kernel = instantiateKernel(PAGE);
  private bytes: Int8Array | null = null;

  ensure(bytes: number): void {
    const have = this.kernel.memory.buffer.byteLength;
    // memory.grow may move (copy) the memory, so it grows geometrically: few steps, and pages
    // never touched cost address space only.
    if (bytes > have)
      this.kernel.memory.grow(Math.ceil((Math.max(bytes, have * 1.125) - have) / PAGE));
    this.bytes = null;
  }

  view(): Int8Array {
    if (!this.bytes || this.bytes.buffer !== this.kernel.memory.buffer)
      this.bytes = new Int8Array(this.kernel.memory.buffer);
    return this.bytes;
  }

  scan(queryAt: number, rowsAt: number, n: number, stride: number, outAt: number): Int32Array {
    this.kernel.exports.scan_i8(queryAt, rowsAt, n, stride, outAt);
    return new Int32Array(this.kernel.memory.buffer, outAt, n);
  }
}

class JsRowMemory implements RowMemory {
  readonly simd = false;
  private bytes = new Int8Array(PAGE);

  ensure(bytes: number, keep: number): void {
    if (bytes <= this.bytes.length) return;
    // Geometric growth: each step copies everything, so steps must be few.
    const next = new Int8Array(Math.ceil(Math.max(bytes, this.bytes.length * 1.5) / PAGE) * PAGE);
    next.set(this.bytes.subarray(0, keep));
    this.bytes = next;
  }

  view(): Int8Array {
    return this.bytes;
  }

  scan(queryAt: number, rowsAt: number, n: number, stride: number, outAt: number): Int32Array {
    const b = this.bytes;
    const out = new Int32Array(this.bytes.buffer, outAt, n);
    for (let r = 0; r < n; r++) {
      const base = rowsAt + r * stride;
      // Integer products summed in doubles stay exact (|sum| < 2^31), so this equals the SIMD sum.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < stride; j += 4) {
        s0 += b[base + j]! * b[queryAt + j]!;
        s1 += b[base + j + 1]! * b[queryAt + j + 1]!;
        s2 += b[base + j + 2]! * b[queryAt + j + 2]!;
        s3 += b[base + j + 3]! * b[queryAt + j + 3]!;
      }
      out[r] = s0 + s1 + s2 + s3;
    }
    return out;
  }
}

/** Row memory for one segment: SIMD when available and wanted, JavaScript otherwise. */
export function createRowMemory(useSimd: boolean): RowMemory {
  return useSimd && hasWasmSimd() ? new WasmRowMemory() : new JsRowMemory();
}
