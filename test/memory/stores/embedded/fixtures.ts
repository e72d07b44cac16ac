// Shared helpers for the embedded store tests: temp dirs, seeded unit vectors and records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Outcome, StoredIntervention } from '../../../../shared/domain';
import { normalizeInPlace } from '../../../../electron/memory/vector-math';
import { silentLogger } from '../../../../electron/base/logger';
import {
  EmbeddedStore,
  type EmbeddedStoreOptions,
} from '../../../../electron/memory/stores/embedded/store';

export const MODEL = 'test-model';

/** A fresh temp dir and a function that removes it. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'keel-embedded-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openStore(dir: string, options: EmbeddedStoreOptions = {}): Promise<EmbeddedStore> {
  const store = new EmbeddedStore(join(dir, 'memory'), { logger: silentLogger, ...options });
  return store.open().then(() => store);
}

/** Deterministic pseudo-random unit vector (mulberry32), the same for the same seed. */
export function seededUnitVector(seed: number, dim: number): Float32Array {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = next() * 2 - 1;
  return normalizeInPlace(v);
}

export function unit(values: number[]): Float32Array {
  return normalizeInPlace(Float32Array.from(values));
}

export function record(
  userId: string,
  n: number,
  vector: Float32Array,
  overrides: Partial<Omit<StoredIntervention, 'embedding'>> & { outcome?: Outcome } = {},
): StoredIntervention {
  return {
    key: `user:${userId}:intervention:${1_700_000_000_000 + n}-rec${String(n).padStart(3, '0')}`,
    intervention: `nudge ${n}`,
    context: `context ${n}`,
    task: `task ${n}`,
    outcome: 'task_completed',
    timestamp: 1_700_000_000_000 + n,
    embeddingModel: MODEL,
    embeddingDim: vector.length,
    embedding: vector,
    ...overrides,
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
