// The rows of one outcome, stored contiguously so that an outcome filter is just "which segments to
// scan". Each row is kept twice: its float32 values (for the exact rerank) in fixed-size chunks, and
// an int8 copy (for the fast scan) in the segment's row memory, next to columns with what the error
// bound needs and the row's expiry (so the whole selection runs in the kernel):
//
//   x = s·x̂ + r, where x̂ are the int8 values, s the row's scale and r the rounding residual.
//
// For a query quantised the same way (q = t·q̂ + u), x·q = s·t·(x̂·q̂) + s·(x̂·u) + r·q, so
// |x·q − s·t·(x̂·q̂)| ≤ ‖s·x̂‖·‖u‖ + ‖r‖·‖q‖ (Cauchy–Schwarz). The index reranks every row whose upper
// bound can still reach the top k, which makes its results exact by construction.
//
// Removal moves the last row into the hole, so rows 0..n−1 are always dense.
import { createRowMemory, type RowMemory } from './kernels';

/** Rows per float32 chunk: growing never copies the float32 rows, and waste is under one chunk. */
const CHUNK_ROWS = 256;
/** Bounds are stored as float32 rounded up by this factor so they never shrink. */
const ROUND_UP = 1 + 1e-6;
/** The largest k a search may ask for (the kernel's heap is sized for it). */
export const MAX_K = 10_000;

const align16 = (x: number) => Math.ceil(x / 16) * 16;

export interface Selected {
  count: number;
  /** Row indices and upper bounds of the selected rows, valid until the next call. */
  rows: Int32Array;
  uppers: Float64Array;
}

export class Segment {
  n = 0;
  /** Keys by row (no object per row). */
  readonly keys: string[] = [];
  private readonly chunks: Float32Array[] = [];
  private readonly memory: RowMemory;
  private capacity = 0;

  constructor(
    readonly dim: number,
    /** int8 bytes per row: dim rounded up to whole 32-byte steps of the scan. */
    readonly stride: number,
    useSimd: boolean,
  ) {
    this.memory = createRowMemory(useSimd);
    this.at = this.layout(0);
  }

  get simd(): boolean {
    return this.memory.simd;
  }

  /** Appends a row and returns its slot. */
  append(key: string, vector: Float32Array, expiresAt: number): number {
    if (this.n === this.capacity) this.grow();
    const slot = this.n++;
    this.keys.push(key);
    this.write(slot, vector, expiresAt);
    return slot;
  }

  /** Overwrites the row in `slot`. */
  write(slot: number, vector: Float32Array, expiresAt: number): void {
    const dim = this.dim;
    let max = 0;
    for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(vector[j]!));
    this.chunks[(slot / CHUNK_ROWS) | 0]!.set(vector, (slot % CHUNK_ROWS) * dim);
    const scale = Math.fround(max / 127);
    const { i8, f32, f64 } = this.memory.views();
    const at = this.rowsAt + slot * this.stride;
    let residual = 0;
    let quant = 0;
    for (let j = 0; j < dim; j++) {
      const x = vector[j]!;
      const q = scale > 0 ? Math.max(-127, Math.min(127, Math.round(x / scale))) : 0;
      i8[at + j] = q;
      const r = x - scale * q;
      residual += r * r;
      quant += scale * q * (scale * q);
    }
    f32[(this.scaleAt >> 2) + slot] = scale;
    f32[(this.quantNormAt >> 2) + slot] = Math.sqrt(quant) * ROUND_UP;
    f32[(this.residualNormAt >> 2) + slot] = Math.sqrt(residual) * ROUND_UP;
    f64[(this.expiryAt >> 3) + slot] = expiresAt;
  }

  expiresAt(slot: number): number {
    return this.memory.views().f64[(this.expiryAt >> 3) + slot]!;
  }

  /** Removes the row in `slot`; returns the key of the row moved into it (or null). */
  removeAt(slot: number): string | null {
    const last = --this.n;
    const lastKey = this.keys.pop()!;
    if (slot === last) return null;
    const dim = this.dim;
    const from = this.chunks[(last / CHUNK_ROWS) | 0]!;
    const fromAt = (last % CHUNK_ROWS) * dim;
    this.chunks[(slot / CHUNK_ROWS) | 0]!.set(
      from.subarray(fromAt, fromAt + dim),
      (slot % CHUNK_ROWS) * dim,
    );
    const stride = this.stride;
    const { i8, f32, f64 } = this.memory.views();
    i8.copyWithin(
      this.rowsAt + slot * stride,
      this.rowsAt + last * stride,
      this.rowsAt + (last + 1) * stride,
    );
    for (const at of [this.scaleAt, this.quantNormAt, this.residualNormAt])
      f32[(at >> 2) + slot] = f32[(at >> 2) + last]!;
    f64[(this.expiryAt >> 3) + slot] = f64[(this.expiryAt >> 3) + last]!;
    this.keys[slot] = lastKey;
    return lastKey;
  }

  /**
   * Exact dot product of row `slot` with `query`: float64 products of the float32 values, summed
   * in float64 (four partial sums, so consecutive additions do not wait on each other).
   */
  exactDot(slot: number, query: Float32Array): number {
    const v = this.chunks[(slot / CHUNK_ROWS) | 0]!;
    const base = (slot % CHUNK_ROWS) * this.dim;
    const dim = this.dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j + 3 < dim; j += 4) {
      s0 += v[base + j]! * query[j]!;
      s1 += v[base + j + 1]! * query[j + 1]!;
      s2 += v[base + j + 2]! * query[j + 2]!;
      s3 += v[base + j + 3]! * query[j + 3]!;
    }
    for (; j < dim; j++) s0 += v[base + j]! * query[j]!;
    return s0 + s1 + (s2 + s3);
  }

  /** A copy of row `slot`'s float32 values. */
  vectorAt(slot: number): Float32Array {
    const base = (slot % CHUNK_ROWS) * this.dim;
    return this.chunks[(slot / CHUNK_ROWS) | 0]!.slice(base, base + this.dim);
  }

  /** int8 dot products of the quantised query (`stride` bytes) with every row, kept for select. */
  scan(query: Int8Array): void {
    // The kernel takes the query widened to i16 once, rather than widening it for every row.
    this.memory.views().i16.set(query, 0);
    this.memory.scan(0, this.rowsAt, this.n, this.stride, this.dotsAt);
  }

  /**
   * After scan: the live rows whose upper bound reaches the running floor, with `heap` (the k
   * largest lower bounds so far, carried from segment to segment) updated in place.
   */
  select(
    query: { scale: number; residualNorm: number; norm: number },
    heap: { values: Float64Array; size: number },
    k: number,
    floor0: number,
    nowMs: number,
  ): Selected {
    const views = this.memory.views();
    const heapAt = this.heapAt;
    views.f64.set(heap.values.subarray(0, heap.size), heapAt >> 3);
    views.i32[(heapAt - 8) >> 2] = heap.size;
    const count = this.memory.select({
      scaleAt: this.scaleAt,
      quantNormAt: this.quantNormAt,
      residualNormAt: this.residualNormAt,
      expiryAt: this.expiryAt,
      n: this.n,
      dotsAt: this.dotsAt,
      scale: query.scale,
      residualNorm: query.residualNorm,
      norm: query.norm,
      nowMs,
      floor0,
      heapAt,
      k,
      idxAt: this.idxAt,
      upperAt: this.upperAt,
    });
    heap.size = views.i32[(heapAt - 8) >> 2]!;
    heap.values.set(views.f64.subarray(heapAt >> 3, (heapAt >> 3) + heap.size));
    return {
      count,
      rows: views.i32.subarray(this.idxAt >> 2, (this.idxAt >> 2) + count),
      uppers: views.f64.subarray(this.upperAt >> 3, (this.upperAt >> 3) + count),
    };
  }

  /** Bytes held: float32 chunks and the row memory's rows and scratch. */
  get bytes(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) + this.end;
  }

  // Layout: [query: stride × i16][rows: capacity × stride][scale f32][‖s·x̂‖ f32][‖r‖ f32][expiry f64][dots i32]
  // [heap size, heap: MAX_K f64][selected indices i32][selected uppers f64]: the rows stay put when
  // it grows, the columns move up (grow), the rest is scratch.
  private layout(capacity: number) {
    const rowsAt = 2 * this.stride;
    const scaleAt = rowsAt + capacity * this.stride;
    const quantNormAt = scaleAt + capacity * 4;
    const residualNormAt = quantNormAt + capacity * 4;
    const expiryAt = align16(residualNormAt + capacity * 4);
    const dotsAt = expiryAt + capacity * 8;
    const heapAt = align16(dotsAt + capacity * 4) + 16;
    const idxAt = heapAt + MAX_K * 8;
    const upperAt = align16(idxAt + capacity * 4);
    return {
      rowsAt,
      scaleAt,
      quantNormAt,
      residualNormAt,
      expiryAt,
      dotsAt,
      heapAt,
      idxAt,
      upperAt,
      end: upperAt + capacity * 8,
    };
  }
  private at: ReturnType<Segment['layout']>;
  private get rowsAt(): number {
    return this.at.rowsAt;
  }
  private get scaleAt(): number {
    return this.at.scaleAt;
  }
  private get quantNormAt(): number {
    return this.at.quantNormAt;
  }
  private get residualNormAt(): number {
    return this.at.residualNormAt;
  }
  private get expiryAt(): number {
    return this.at.expiryAt;
  }
  private get dotsAt(): number {
    return this.at.dotsAt;
  }
  private get heapAt(): number {
    return this.at.heapAt;
  }
  private get idxAt(): number {
    return this.at.idxAt;
  }
  private get upperAt(): number {
    return this.at.upperAt;
  }
  private get end(): number {
    return this.at.end;
  }

  private grow(): void {
    // The first chunk doubles up to full size (a small user holds little); after that whole chunks
    // are added. Row memory grows with them.
    let capacity: number;
    if (this.capacity < CHUNK_ROWS) {
      capacity = Math.min(CHUNK_ROWS, Math.max(16, this.capacity * 2));
      const first = new Float32Array(capacity * this.dim);
      if (this.chunks[0]) first.set(this.chunks[0]);
      this.chunks[0] = first;
    } else {
      capacity = this.capacity + CHUNK_ROWS;
      this.chunks.push(new Float32Array(CHUNK_ROWS * this.dim));
    }
    const old = this.at;
    const next = this.layout(capacity);
    this.memory.ensure(next.end, old.dotsAt);
    // Columns move up to their new places, the last one first so none overwrites one not yet moved.
    const { i8 } = this.memory.views();
    const n = this.n;
    i8.copyWithin(next.expiryAt, old.expiryAt, old.expiryAt + n * 8);
    i8.copyWithin(next.residualNormAt, old.residualNormAt, old.residualNormAt + n * 4);
    i8.copyWithin(next.quantNormAt, old.quantNormAt, old.quantNormAt + n * 4);
    i8.copyWithin(next.scaleAt, old.scaleAt, old.scaleAt + n * 4);
    this.at = next;
    this.capacity = capacity;
  }
}
