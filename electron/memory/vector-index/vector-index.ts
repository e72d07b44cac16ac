// One in-process vector index for exact recall, used by the embedded and the plain-Redis stores.
//
// A query is answered in two steps:
// 1. scan: the int8 copy of every row in the requested outcomes' segments is scored against the
//    int8 query (WebAssembly SIMD, or the same integer loop in JavaScript), and each row gets an
//    interval [approx − bound, approx + bound] that surely holds its exact score (segment.ts);
// 2. select (in the kernel too) and rerank: rows whose upper bound can still reach the top k — above
//    the k-th best lower bound and the minimum similarity — are scored exactly from their float32 values, best upper bound first,
//    until the k-th exact score is above every remaining upper bound.
// So the answer is the exact top k by float64 dot product of the float32 vectors, by construction,
// however the data is distributed; how many rows are reranked adapts to the data.
//
// searchMany answers several top-k requests (each with its own outcomes, k and threshold) from one
// scan: a check-in needs "what worked" and the learner's evidence, and reads the rows once.
import { OUTCOMES, type Outcome } from '../../../shared/domain';
import { TopK } from '../vector-math';
import { MAX_K, Segment } from './segment';

export interface IndexRequest {
  k: number;
  /** Only rows with one of these outcomes; 'any' = every outcome. */
  outcomes: readonly Outcome[] | 'any';
  /** Rows below this exact similarity are never returned. */
  minSimilarity: number;
}

export interface IndexHit {
  key: string;
  /** The exact dot product (= cosine similarity for unit vectors). */
  similarity: number;
}

export interface VectorIndexOptions {
  /** false forces the JavaScript scan (tests compare both paths); default: SIMD when available. */
  simd?: boolean;
}

const MAX_DIM = 8192;
/** Absolute slack for float rounding in the bound arithmetic (scores are within ±1 for unit vectors). */
const SLACK = 1e-9;
const SEGMENT_BITS = 3; // up to 8 outcome codes in a slot code (slot · 8 + segment)
const CODE_OF = new Map<Outcome, number>(OUTCOMES.map((o, i) => [o, i]));

export class VectorIndex {
  private readonly segments: Segment[];
  /** key → slot · 8 + segment: one small integer per key, no object per row. */
  private readonly where = new Map<string, number>();
  private readonly stride: number;
  /** Rows reranked exactly by the last search (the adaptive depth, for the benchmark). */
  lastReranked = 0;

  constructor(
    readonly dim: number,
    options: VectorIndexOptions = {},
  ) {
    if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM)
      throw new RangeError(`vector index dim must be an integer from 1 to ${MAX_DIM}, got ${dim}`);
    // int8 bytes per row: whole 32-byte steps of the scan (zero padding keeps the dots exact).
    this.stride = Math.ceil(dim / 32) * 32;
    const simd = options.simd ?? true;
    this.segments = OUTCOMES.map(() => new Segment(dim, this.stride, simd));
  }

  get size(): number {
    return this.where.size;
  }

  /** Whether the scan runs in WebAssembly SIMD (false: the JavaScript fallback). */
  get simd(): boolean {
    return this.segments[0]!.simd;
  }

  /** Bytes held by the index's rows and columns (float32, int8, per-row numbers). */
  get bytes(): number {
    return this.segments.reduce((sum, s) => sum + s.bytes, 0);
  }

  has(key: string): boolean {
    return this.where.has(key);
  }

  /** Adds or replaces the row of `key`. `expiresAt` is ms since the epoch (Infinity = never). */
  upsert(key: string, outcome: Outcome, vector: Float32Array, expiresAt = Infinity): void {
    const code = CODE_OF.get(outcome);
    if (code === undefined) throw new RangeError(`unknown outcome "${String(outcome)}"`);
    if (!(vector instanceof Float32Array) || vector.length !== this.dim)
      throw new RangeError(`vector must be a Float32Array of ${this.dim} numbers`);
    if (Number.isNaN(expiresAt)) throw new RangeError('expiresAt must be a time or Infinity');
    for (let j = 0; j < vector.length; j++)
      if (!Number.isFinite(vector[j]!))
        throw new RangeError('vector must contain only finite numbers');
    const at = this.where.get(key);
    if (at !== undefined && (at & 7) === code) {
      this.segments[code]!.write(at >>> SEGMENT_BITS, vector, expiresAt);
      return;
    }
    if (at !== undefined) this.remove(key);
    const slot = this.segments[code]!.append(key, vector, expiresAt);
    this.where.set(key, slot * 8 + code);
  }

  remove(key: string): boolean {
    const at = this.where.get(key);
    if (at === undefined) return false;
    const code = at & 7;
    const slot = at >>> SEGMENT_BITS;
    const moved = this.segments[code]!.removeAt(slot);
    if (moved !== null) this.where.set(moved, slot * 8 + code);
    this.where.delete(key);
    return true;
  }

  /** Removes rows whose expiry is at or before `nowMs`; returns their keys. */
  removeExpired(nowMs: number): string[] {
    const expired: string[] = [];
    for (const segment of this.segments) {
      for (let slot = 0; slot < segment.n; slot++)
        if (segment.expiresAt(slot) <= nowMs) expired.push(segment.keys[slot]!);
    }
    for (const key of expired) this.remove(key);
    return expired;
  }

  /** A copy of the float32 vector of `key`, or null. */
  vector(key: string): Float32Array | null {
    const at = this.where.get(key);
    return at === undefined ? null : this.segments[at & 7]!.vectorAt(at >>> SEGMENT_BITS);
  }

  /**
   * Runs a few throw-away searches so that the first real one after start does not pay for lazy
   * compilation and cold inline caches (called once the rows are loaded, in the background).
   */
  warmUp(): void {
    if (this.size === 0) return;
    const query = new Float32Array(this.dim);
    query[0] = 1;
    for (let i = 0; i < 3; i++)
      this.searchMany(
        query,
        [
          { k: Math.min(100, this.size), outcomes: 'any', minSimilarity: -1 },
          {
            k: Math.min(12, this.size),
            outcomes: [OUTCOMES[i % OUTCOMES.length]!],
            minSimilarity: -1,
          },
        ],
        0,
      );
  }

  /** The exact top k for one request, best first. */
  search(query: Float32Array, request: IndexRequest & { nowMs: number }): IndexHit[] {
    return this.searchMany(query, [request], request.nowMs)[0]!;
  }

  /**
   * Several top-k lists from one scan: result i answers requests[i], best first (ties by key).
   * Rows expired at `nowMs` are skipped.
   */
  searchMany(query: Float32Array, requests: readonly IndexRequest[], nowMs: number): IndexHit[][] {
    if (!(query instanceof Float32Array) || query.length !== this.dim)
      throw new RangeError(`query must be a Float32Array of ${this.dim} numbers`);
    const wanted = requests.map((r) => this.checkRequest(r));
    const q = quantise(query, this.stride);
    if (!q) throw new RangeError('query must contain only finite numbers');

    // One scan per segment that any request needs; each request then selects from its dots.
    const scanned = new Set<number>();
    for (const codes of wanted)
      for (const code of codes)
        if (!scanned.has(code) && this.segments[code]!.n > 0) {
          this.segments[code]!.scan(q.bytes);
          scanned.add(code);
        }

    const exact = new Map<number, number>();
    const results = requests.map((request, i) =>
      this.topK(query, q, request, wanted[i]!, scanned, exact, nowMs),
    );
    this.lastReranked = exact.size;
    return results;
  }

  private topK(
    query: Float32Array,
    q: QuantisedQuery,
    request: IndexRequest,
    codes: readonly number[],
    scanned: ReadonlySet<number>,
    exact: Map<number, number>,
    nowMs: number,
  ): IndexHit[] {
    const k = request.k;
    if (k === 0) return [];
    // The k largest lower bounds seen so far, carried across segments: the k-th of them is a
    // floor under the k-th exact score, so rows whose upper bound is below it cannot make the top k.
    const heap = { values: new Float64Array(k), size: 0 };
    const floor0 = request.minSimilarity - SLACK;
    const candidates: number[] = [];
    const uppers: number[] = [];
    for (const code of codes) {
      if (!scanned.has(code)) continue;
      const picked = this.segments[code]!.select(q, heap, k, floor0, nowMs);
      for (let c = 0; c < picked.count; c++) {
        candidates.push((picked.rows[c]! << SEGMENT_BITS) | code);
        uppers.push(picked.uppers[c]!);
      }
    }
    // Rows picked early, before the floor rose, are checked against its final value.
    const floor = heap.size < k ? floor0 : Math.max(floor0, heap.values[0]!);
    const order = new UpperOrder(uppers, floor);

    const top = new TopK<number>(k);
    for (let c = order.next(); c >= 0; c = order.next()) {
      // Nothing left can beat the k-th exact score: every remaining upper bound is below it.
      if (uppers[c]! < top.threshold) break;
      const at = candidates[c]!;
      let score = exact.get(at);
      if (score === undefined) {
        score = this.segments[at & 7]!.exactDot(at >>> SEGMENT_BITS, query);
        exact.set(at, score);
      }
      if (score >= request.minSimilarity) top.push(score, at);
    }
    return top
      .sorted()
      .map(({ score, item }) => ({
        key: this.segments[item & 7]!.keys[item >>> SEGMENT_BITS]!,
        similarity: score,
      }))
      .sort((a, b) => b.similarity - a.similarity || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private checkRequest(request: IndexRequest): number[] {
    if (!Number.isInteger(request.k) || request.k < 0 || request.k > MAX_K)
      throw new RangeError(`k must be an integer from 0 to ${MAX_K}`);
    if (typeof request.minSimilarity !== 'number' || Number.isNaN(request.minSimilarity))
      throw new RangeError('minSimilarity must be a number');
    if (request.outcomes === 'any') return OUTCOMES.map((_, i) => i);
    return [...new Set(request.outcomes)].map((o) => {
      const code = CODE_OF.get(o);
      if (code === undefined) throw new RangeError(`unknown outcome "${String(o)}"`);
      return code;
    });
  }
}

/**
 * The candidates with upper ≥ floor, best upper bound first (ties: the earlier candidate first,
 * exactly the order of a stable sort), taken one at a time from a binary max-heap: the rerank
 * usually stops after a few, so sorting all of them (thousands for a large k) would be wasted.
 */
class UpperOrder {
  private readonly heap: Int32Array;
  private size = 0;

  constructor(
    private readonly uppers: readonly number[],
    floor: number,
  ) {
    this.heap = new Int32Array(uppers.length);
    for (let c = 0; c < uppers.length; c++) if (uppers[c]! >= floor) this.heap[this.size++] = c;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The next candidate, or −1 when none is left. */
  next(): number {
    if (this.size === 0) return -1;
    const first = this.heap[0]!;
    this.heap[0] = this.heap[--this.size]!;
    this.down(0);
    return first;
  }

  private before(a: number, b: number): boolean {
    const ua = this.uppers[a]!;
    const ub = this.uppers[b]!;
    return ua > ub || (ua === ub && a < b);
  }

  private down(i: number): void {
    const h = this.heap;
    const x = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && this.before(h[r]!, h[l]!) ? r : l;
      if (!this.before(h[c]!, x)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = x;
  }
}

interface QuantisedQuery {
  /** int8 values, zero-padded to the row stride. */
  bytes: Int8Array;
  scale: number;
  /** ‖u‖ and ‖q‖, rounded up. */
  residualNorm: number;
  norm: number;
}

function quantise(query: Float32Array, stride: number): QuantisedQuery | null {
  let max = 0;
  for (let j = 0; j < query.length; j++) {
    const x = query[j]!;
    if (!Number.isFinite(x)) return null;
    max = Math.max(max, Math.abs(x));
  }
  const scale = Math.fround(max / 127);
  const bytes = new Int8Array(stride);
  let residual = 0;
  let norm = 0;
  for (let j = 0; j < query.length; j++) {
    const x = query[j]!;
    const v = scale > 0 ? Math.max(-127, Math.min(127, Math.round(x / scale))) : 0;
    bytes[j] = v;
    residual += (x - scale * v) ** 2;
    norm += x * x;
  }
  const up = 1 + 1e-6;
  return { bytes, scale, residualNorm: Math.sqrt(residual) * up, norm: Math.sqrt(norm) * up };
}
