// The vector index against brute force: exact float64 scores of the float32 vectors, on random and
// on clustered data (where many rows score alike and a fixed rerank depth would miss some), with the
// SIMD scan and the JavaScript fallback giving identical results.
import { describe, expect, it } from 'vitest';
import { OUTCOMES, SUCCESS_OUTCOMES, type Outcome } from '../../../shared/domain';
import { VectorIndex, type IndexHit } from '../../../electron/memory/vector-index/vector-index';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unit(values: ArrayLike<number>): Float32Array {
  const v = Float32Array.from(values);
  const norm = Math.hypot(...v);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

interface Row {
  key: string;
  outcome: Outcome;
  vector: Float32Array;
  expiresAt: number;
}

/** Random rows, or rows in tight clusters around a few centres (like embeddings of one topic). */
function makeRows(n: number, dim: number, seed: number, clustered: boolean): Row[] {
  const random = rng(seed);
  const centres = Array.from({ length: 8 }, () =>
    unit(Array.from({ length: dim }, () => random() * 2 - 1)),
  );
  return Array.from({ length: n }, (_, i) => {
    const centre = centres[i % centres.length]!;
    const vector = clustered
      ? unit(Array.from({ length: dim }, (_, j) => centre[j]! + (random() * 2 - 1) * 0.02))
      : unit(Array.from({ length: dim }, () => random() * 2 - 1));
    return {
      key: `k${String(i).padStart(5, '0')}`,
      outcome: OUTCOMES[i % OUTCOMES.length]!,
      vector,
      expiresAt: i % 11 === 0 ? 1_000 : Infinity,
    };
  });
}

function bruteForce(
  rows: readonly Row[],
  query: Float32Array,
  k: number,
  outcomes: readonly Outcome[] | 'any',
  minSimilarity: number,
  nowMs: number,
): IndexHit[] {
  return rows
    .filter((r) => (outcomes === 'any' || outcomes.includes(r.outcome)) && r.expiresAt > nowMs)
    .map((r) => {
      let similarity = 0;
      for (let j = 0; j < query.length; j++) similarity += r.vector[j]! * query[j]!;
      return { key: r.key, similarity };
    })
    .filter((h) => h.similarity >= minSimilarity)
    .sort((a, b) => b.similarity - a.similarity || (a.key < b.key ? -1 : 1))
    .slice(0, k);
}

function build(rows: readonly Row[], dim: number, simd: boolean): VectorIndex {
  const index = new VectorIndex(dim, { simd });
  for (const r of rows) index.upsert(r.key, r.outcome, r.vector, r.expiresAt);
  return index;
}

describe('VectorIndex', () => {
  for (const clustered of [false, true]) {
    it(`returns the exact top k (${clustered ? 'clustered' : 'random'} data), SIMD and JS alike`, () => {
      const dim = 100; // not a multiple of 16: the padding is exercised
      const rows = makeRows(3000, dim, clustered ? 7 : 3, clustered);
      const simd = build(rows, dim, true);
      const js = build(rows, dim, false);
      expect(simd.simd).toBe(true);
      expect(js.simd).toBe(false);
      const random = rng(99);
      const cases: Array<[number, readonly Outcome[] | 'any', number, number]> = [
        [5, SUCCESS_OUTCOMES, -1, 0],
        [5, 'any', -1, 5_000],
        [12, ['stuck'], 0, 0],
        [50, 'any', 0.2, 0],
        [1, ['distracted', 'not_now'], -1, 0],
      ];
      for (let q = 0; q < 12; q++) {
        const base = rows[Math.floor(random() * rows.length)]!.vector;
        const query = unit(Array.from(base, (x) => x + (random() * 2 - 1) * 0.03));
        for (const [k, outcomes, minSimilarity, nowMs] of cases) {
          const want = bruteForce(rows, query, k, outcomes, minSimilarity, nowMs);
          const request = { k, outcomes, minSimilarity, nowMs };
          const got = simd.search(query, request);
          expect(got.map((h) => h.key)).toEqual(want.map((h) => h.key));
          // Float64 sums of the same products, added in another order: equal to ~1e-15.
          got.forEach((h, i) => expect(h.similarity).toBeCloseTo(want[i]!.similarity, 12));
          expect(js.search(query, request)).toEqual(got);
        }
      }
    });
  }

  it('answers several requests from one scan exactly as separate searches', () => {
    const rows = makeRows(800, 64, 11, true);
    const index = build(rows, 64, true);
    const query = rows[5]!.vector;
    const requests = [
      { k: 3, outcomes: SUCCESS_OUTCOMES, minSimilarity: 0.3 },
      { k: 8, outcomes: 'any' as const, minSimilarity: -1 },
      { k: 0, outcomes: 'any' as const, minSimilarity: -1 },
    ];
    const fused = index.searchMany(query, requests, 0);
    expect(fused).toEqual(requests.map((r) => index.search(query, { ...r, nowMs: 0 })));
    expect(fused[1]![0]!.key).toBe(rows[5]!.key);
    expect(fused[2]).toEqual([]);
  });

  it('replaces, moves between outcomes and removes rows', () => {
    const index = new VectorIndex(16);
    const a = unit(Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : 0)));
    const b = unit(Array.from({ length: 16 }, (_, i) => (i === 1 ? 1 : 0)));
    index.upsert('a', 'stuck', a);
    index.upsert('b', 'stuck', b);
    index.upsert('c', 'task_completed', b);
    expect(index.size).toBe(3);
    index.upsert('a', 'task_completed', b); // new outcome and vector
    expect(index.size).toBe(3);
    const q = { k: 5, outcomes: ['task_completed'] as Outcome[], minSimilarity: 0.5, nowMs: 0 };
    expect(index.search(a, q)).toEqual([]);
    expect(index.search(b, q).map((h) => h.key)).toEqual(['a', 'c']);
    expect(index.remove('a')).toBe(true);
    expect(index.remove('a')).toBe(false);
    expect(index.has('a')).toBe(false);
    expect(index.search(b, q).map((h) => h.key)).toEqual(['c']);
    expect(index.vector('b')).toEqual(b);
    expect(index.search(b, { ...q, outcomes: 'any' }).map((h) => h.key)).toEqual(['b', 'c']);
  });

  it('drops expired rows and keeps the rest findable after the holes are filled', () => {
    const rows = makeRows(300, 32, 5, false);
    const index = build(rows, 32, true);
    const expired = index.removeExpired(1_000);
    expect(expired.sort()).toEqual(rows.filter((r) => r.expiresAt <= 1_000).map((r) => r.key));
    const live = rows.filter((r) => r.expiresAt > 1_000);
    expect(index.size).toBe(live.length);
    for (const r of live.slice(0, 20)) {
      const [best] = index.search(r.vector, {
        k: 1,
        outcomes: [r.outcome],
        minSimilarity: 0,
        nowMs: 0,
      });
      expect(best!.key).toBe(r.key);
    }
  });

  it('refuses bad input with a clear error', () => {
    const index = new VectorIndex(8);
    expect(() => new VectorIndex(0)).toThrow(RangeError);
    expect(() => index.upsert('x', 'stuck', new Float32Array(7))).toThrow(/8 numbers/);
    expect(() => index.upsert('x', 'bogus' as Outcome, new Float32Array(8))).toThrow(/outcome/);
    expect(() => index.upsert('x', 'stuck', new Float32Array(8).fill(NaN))).toThrow(/finite/);
    const q = new Float32Array(8).fill(0.1);
    expect(() =>
      index.search(new Float32Array(3), { k: 1, outcomes: 'any', minSimilarity: 0, nowMs: 0 }),
    ).toThrow(RangeError);
    expect(() => index.search(q, { k: -1, outcomes: 'any', minSimilarity: 0, nowMs: 0 })).toThrow(
      /k must/,
    );
    q[2] = NaN;
    expect(() => index.search(q, { k: 1, outcomes: 'any', minSimilarity: 0, nowMs: 0 })).toThrow(
      /finite/,
    );
    expect(index.size).toBe(0);
  });
});
