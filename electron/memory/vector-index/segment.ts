// The rows of one outcome, stored contiguously so that an outcome filter is just "which segments to
// scan". Each row is kept twice: its float32 values (for the exact rerank) in fixed-size chunks, and
// an int8 copy (for the fast scan) in the segment's row memory, with what the error bound needs:
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

export class Segment {
  n = 0;
  /** Keys by row; metadata in parallel typed arrays (no object per row). */
  readonly keys: string[] = [];
  expiresAt = new Float64Array(0);
  /** s: int8 value × scale ≈ float value. */
  scale = new Float32Array(0);
  /** ‖r‖, the rounding residual's norm (rounded up). */
  residualNorm = new Float32Array(0);
  /** ‖s·x̂‖, the quantised row's norm (rounded up). */
  quantNorm = new Float32Array(0);
  private readonly chunks: Float32Array[] = [];
  private readonly rows: RowMemory;
  private capacity = 0;

  constructor(
    readonly dim: number,
    /** Bytes per int8 row: dim rounded up to whole 16-byte SIMD lanes. */
    readonly stride: number,
    useSimd: boolean,
  ) {
    this.rows = createRowMemory(useSimd);
  }

  get simd(): boolean {
    return this.rows.simd;
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
    const bytes = this.rows.view();
    const at = this.rowsAt + slot * this.stride;
    let residual = 0;
    let quant = 0;
    for (let j = 0; j < dim; j++) {
      const x = vector[j]!;
      const q = scale > 0 ? Math.max(-127, Math.min(127, Math.round(x / scale))) : 0;
      bytes[at + j] = q;
      const r = x - scale * q;
      residual += r * r;
      quant += scale * q * (scale * q);
    }
    this.scale[slot] = scale;
    this.residualNorm[slot] = Math.sqrt(residual) * ROUND_UP;
    this.quantNorm[slot] = Math.sqrt(quant) * ROUND_UP;
    this.expiresAt[slot] = expiresAt;
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
    const bytes = this.rows.view();
    const stride = this.stride;
    bytes.copyWithin(
      this.rowsAt + slot * stride,
      this.rowsAt + last * stride,
      this.rowsAt + (last + 1) * stride,
    );
    this.scale[slot] = this.scale[last]!;
    this.residualNorm[slot] = this.residualNorm[last]!;
    this.quantNorm[slot] = this.quantNorm[last]!;
    this.expiresAt[slot] = this.expiresAt[last]!;
    this.keys[slot] = lastKey;
    return lastKey;
  }

  /** Exact dot product (float64 sums of the float32 values) of row `slot` with `query`. */
  exactDot(slot: number, query: Float32Array): number {
    const v = this.chunks[(slot / CHUNK_ROWS) | 0]!;
    const base = (slot % CHUNK_ROWS) * this.dim;
    let sum = 0;
    for (let j = 0; j < this.dim; j++) sum += v[base + j]! * query[j]!;
    return sum;
  }

  /** A copy of row `slot`'s float32 values. */
  vectorAt(slot: number): Float32Array {
    const base = (slot % CHUNK_ROWS) * this.dim;
    return this.chunks[(slot / CHUNK_ROWS) | 0]!.slice(base, base + this.dim);
  }

  /** int8 dot products of the quantised query (`query`, stride bytes) with every row. */
  scan(query: Int8Array): Int32Array {
    this.rows.view().set(query, 0);
    return this.rows.scan(0, this.rowsAt, this.n, this.stride, this.scoresAt);
  }

  /** Bytes held: float32 chunks, row memory and the per-row columns. */
  get bytes(): number {
    return (
      this.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) +
      this.rowsAt +
      this.capacity * (this.stride + 4) +
      this.capacity * (8 + 4 * 3)
    );
  }

  private get rowsAt(): number {
    return this.stride;
  }

  private get scoresAt(): number {
    return this.rowsAt + this.capacity * this.stride;
  }

  private grow(): void {
    // The first chunk doubles up to full size (a small user holds little); after that whole chunks
    // are added. The int8 rows and columns grow with them (the scores region follows the rows).
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
    this.rows.ensure(
      this.stride + capacity * (this.stride + 4),
      this.rowsAt + this.n * this.stride,
    );
    this.expiresAt = grown(this.expiresAt, capacity);
    this.scale = grown(this.scale, capacity);
    this.residualNorm = grown(this.residualNorm, capacity);
    this.quantNorm = grown(this.quantNorm, capacity);
    this.capacity = capacity;
  }
}

function grown<T extends Float32Array | Float64Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}
