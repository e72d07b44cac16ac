// The vectors of one user's interventions in one embedding space, held in memory for exact recall:
// the seam a vector index plugs into. It holds only what a search needs (key, outcome code, vector,
// expiry); the text of a hit is read from the database afterwards. Today an exact scan over one
// contiguous Float32Array (record i at i·dim); deleting swaps the last record into the hole, so
// the records are always the dense prefix 0..size−1.
import { OUTCOMES, type Outcome } from '../../../../shared/domain';
import { TopK } from '../../vector-math';
import { dotAt } from './dot-kernel';

/** Stable small codes for outcomes, for the Uint8Array column and the filter mask. */
export const OUTCOME_CODE: Readonly<Record<Outcome, number>> = Object.fromEntries(
  OUTCOMES.map((o, i) => [o, i]),
) as Record<Outcome, number>;

const INITIAL_CAPACITY = 64;

export interface VectorHit {
  key: string;
  similarity: number;
}

export class SpaceVectors {
  private capacity = 0;
  private vectors = new Float32Array(0);
  private outcomes = new Uint8Array(0);
  private expiresAt = new Float64Array(0);
  private keys: string[] = [];
  private readonly slotOfKey = new Map<string, number>();

  constructor(
    readonly model: string,
    readonly dim: number,
  ) {}

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.slotOfKey.has(key);
  }

  /** Inserts or replaces a record. `expiresAt` is ms since the epoch (Infinity = never). */
  upsert(key: string, outcome: Outcome, vector: Float32Array, expiresAt: number): void {
    let slot = this.slotOfKey.get(key);
    if (slot === undefined) {
      if (this.keys.length === this.capacity) this.grow();
      slot = this.keys.length;
      this.keys.push(key);
      this.slotOfKey.set(key, slot);
    }
    this.vectors.set(vector, slot * this.dim);
    this.outcomes[slot] = OUTCOME_CODE[outcome];
    this.expiresAt[slot] = expiresAt;
  }

  remove(key: string): boolean {
    const slot = this.slotOfKey.get(key);
    if (slot === undefined) return false;
    const last = this.keys.length - 1;
    if (slot !== last) {
      const dim = this.dim;
      this.vectors.copyWithin(slot * dim, last * dim, (last + 1) * dim);
      this.outcomes[slot] = this.outcomes[last]!;
      this.expiresAt[slot] = this.expiresAt[last]!;
      this.keys[slot] = this.keys[last]!;
      this.slotOfKey.set(this.keys[slot]!, slot);
    }
    this.keys.pop();
    this.slotOfKey.delete(key);
    return true;
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
  ): VectorHit[] {
    const top = new TopK<number>(k);
    const { dim, vectors, outcomes, expiresAt } = this;
    const n = this.keys.length;
    // A record must reach minSimilarity and beat the current k-th best; kept in a local so the
    // loop does not ask the heap for every record.
    let floor = -Infinity;
    for (let i = 0; i < n; i++) {
      if (allowed[outcomes[i]!] === 0 || expiresAt[i]! <= now) continue;
      const similarity = dotAt(vectors, i * dim, query, dim);
      if (similarity >= minSimilarity && similarity > floor) {
        top.push(similarity, i);
        floor = top.threshold;
      }
    }
    return top.sorted().map(({ score, item }) => ({ key: this.keys[item]!, similarity: score }));
  }

  /** Doubling growth keeps appends amortised O(1) while the scan stays over one contiguous array. */
  private grow(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.capacity * 2);
    const n = this.keys.length;
    const vectors = new Float32Array(capacity * this.dim);
    vectors.set(this.vectors.subarray(0, n * this.dim));
    const outcomes = new Uint8Array(capacity);
    outcomes.set(this.outcomes.subarray(0, n));
    const expiresAt = new Float64Array(capacity);
    expiresAt.set(this.expiresAt.subarray(0, n));
    this.vectors = vectors;
    this.outcomes = outcomes;
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
