// All of one user's interventions in one embedding space: the vectors in the shared vector index
// (../../vector-index: int8 SIMD scan + exact rerank, rows per outcome), the text fields and expiry
// times in parallel arrays by slot. Deleting swaps the last record into the hole, so the live
// records are always the dense prefix 0..size−1.
import { OUTCOMES, type Outcome } from '../../../../shared/domain';
import { VectorIndex } from '../../vector-index/vector-index';
import { copyFloat32LE } from './frame-codec';

/** An intervention's fields other than its vector. */
export interface RecordFields {
  key: string;
  intervention: string;
  context: string;
  task: string;
  outcome: Outcome;
  strategy?: string;
  timestamp: number;
}

/** Stable small codes for outcomes, for the Uint8Array column and the filter mask. */
export const OUTCOME_CODE: Readonly<Record<Outcome, number>> = Object.fromEntries(
  OUTCOMES.map((o, i) => [o, i]),
) as Record<Outcome, number>;

const INITIAL_CAPACITY = 64;

export class SpaceVectors {
  private capacity = 0;
  private expiresAt = new Float64Array(0);
  private fields: RecordFields[] = [];
  private readonly slotOfKey = new Map<string, number>();
  private count = 0;
  private readonly index: VectorIndex;
  /** Reused for vectors that arrive as raw log bytes. */
  private readonly scratch: Float32Array;

  constructor(
    readonly model: string,
    readonly dim: number,
  ) {
    this.index = new VectorIndex(dim);
    this.scratch = new Float32Array(dim);
  }

  /** Records held, expired or not. */
  get size(): number {
    return this.count;
  }

  has(key: string): boolean {
    return this.slotOfKey.has(key);
  }

  /**
   * Inserts or replaces a record. `vector` is a Float32Array or raw little-endian FLOAT32 bytes
   * straight from the log. `expiresAt` is ms since the epoch (Infinity = never).
   */
  upsert(fields: RecordFields, vector: Float32Array | Uint8Array, expiresAt: number): void {
    let slot = this.slotOfKey.get(fields.key);
    if (slot === undefined) {
      if (this.count === this.capacity) this.grow();
      slot = this.count++;
      this.slotOfKey.set(fields.key, slot);
    }
    let values = vector;
    if (!(values instanceof Float32Array)) {
      copyFloat32LE(values, this.scratch, 0);
      values = this.scratch;
    }
    this.index.upsert(fields.key, fields.outcome, values, expiresAt);
    this.expiresAt[slot] = expiresAt;
    this.fields[slot] = fields;
  }

  remove(key: string): boolean {
    const slot = this.slotOfKey.get(key);
    if (slot === undefined) return false;
    const last = --this.count;
    this.index.remove(key);
    if (slot !== last) {
      this.expiresAt[slot] = this.expiresAt[last]!;
      this.fields[slot] = this.fields[last]!;
      this.slotOfKey.set(this.fields[slot]!.key, slot);
    }
    this.fields.length = last;
    this.slotOfKey.delete(key);
    return true;
  }

  /** Removes every record whose expiry is at or before `now`; returns how many. */
  removeExpired(now: number): number {
    let removed = 0;
    for (let slot = this.count - 1; slot >= 0; slot--) {
      if (this.expiresAt[slot]! <= now) {
        this.remove(this.fields[slot]!.key);
        removed++;
      }
    }
    return removed;
  }

  /**
   * Exact k-nearest by dot product (= cosine similarity for unit vectors), best first. `allowed`
   * has one byte per outcome code (1 = wanted). Expired records are skipped.
   */
  search(
    query: Float32Array,
    k: number,
    minSimilarity: number,
    allowed: Uint8Array,
    now: number,
  ): Array<{ similarity: number; fields: RecordFields }> {
    return this.searchMany(query, [{ k, minSimilarity, allowed }], now)[0]!;
  }

  /** Several top-k lists (one per request, in order) from one scan of the vectors. */
  searchMany(
    query: Float32Array,
    requests: ReadonlyArray<{ k: number; minSimilarity: number; allowed: Uint8Array }>,
    now: number,
  ): Array<Array<{ similarity: number; fields: RecordFields }>> {
    const wanted = requests.map((r) => ({
      k: r.k,
      minSimilarity: r.minSimilarity,
      outcomes: OUTCOMES.filter((_, code) => r.allowed[code] === 1),
    }));
    return this.index.searchMany(query, wanted, now).map((hits) =>
      hits.map(({ key, similarity }) => ({
        similarity,
        fields: this.fields[this.slotOfKey.get(key)!]!,
      })),
    );
  }

  /** Live (unexpired) records with a copy of their vector and their expiry. */
  *live(now: number): Generator<{ fields: RecordFields; vector: Float32Array; expiresAt: number }> {
    for (let i = 0; i < this.count; i++) {
      if (this.expiresAt[i]! <= now) continue;
      yield { fields: this.fields[i]!, vector: this.vectorAt(i), expiresAt: this.expiresAt[i]! };
    }
  }

  /** Live records' fields and expiry, without copying vectors. */
  *liveFields(now: number): Generator<{ fields: RecordFields; expiresAt: number; slot: number }> {
    for (let i = 0; i < this.count; i++) {
      if (this.expiresAt[i]! > now)
        yield { fields: this.fields[i]!, expiresAt: this.expiresAt[i]!, slot: i };
    }
  }

  countLive(now: number): number {
    let live = 0;
    for (let i = 0; i < this.count; i++) if (this.expiresAt[i]! > now) live++;
    return live;
  }

  /** A copy of the vector in `slot`. */
  vectorAt(slot: number): Float32Array {
    return this.index.vector(this.fields[slot]!.key)!;
  }

  /** Doubling growth keeps appends amortised O(1). */
  private grow(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.capacity * 2);
    const expiresAt = new Float64Array(capacity);
    expiresAt.set(this.expiresAt.subarray(0, this.count));
    this.expiresAt = expiresAt;
    this.capacity = capacity;
  }
}

/** The filter mask for `outcomes` ('any' = every outcome). */
export function outcomeMask(outcomes: readonly Outcome[] | 'any'): Uint8Array {
  const mask = new Uint8Array(OUTCOMES.length).fill(outcomes === 'any' ? 1 : 0);
  if (outcomes !== 'any') for (const o of outcomes) mask[OUTCOME_CODE[o]] = 1;
  return mask;
}
