// Rebuilding one user's memory for a new embedding space (after a model or dimension change):
// re-embed every stored record made in another space, reset the space (index + meta), and rewrite
// all records under their existing keys. Rewriting in place makes an interrupted rebuild safe to
// run again: nothing is duplicated, and records not yet rewritten are simply re-embedded next time.
import type { EmbeddingSpace, StoredIntervention } from '../../shared/domain';
import type { Embedder } from './embedders/types';
import type { MemoryStore, SpaceCheck } from './stores/types';
import { momentText } from './types';

export interface RebuildProgress {
  done: number;
  total: number;
}

export interface RebuildResult {
  total: number;
  reembedded: number;
  /** The store's verdict on the new space after the reset (always ok, or rebuild throws). */
  check: Extract<SpaceCheck, { ok: true }>;
}

export async function rebuildUserSpace(options: {
  userId: string;
  store: MemoryStore;
  embedder: Embedder;
  space: EmbeddingSpace;
  ttlMs: number;
  batchSize: number;
  onProgress?: (progress: RebuildProgress) => void;
}): Promise<RebuildResult> {
  const { userId, store, embedder, space, batchSize, onProgress } = options;
  const records = await store.listInterventions(userId);
  const inSpace = (r: StoredIntervention) =>
    r.embeddingModel === space.model && r.embeddingDim === space.dim;
  const stale = records.filter((r) => !inSpace(r));
  const rebuilt = records.filter(inSpace);
  onProgress?.({ done: rebuilt.length, total: records.length });
  for (let i = 0; i < stale.length; i += batchSize) {
    const batch = stale.slice(i, i + batchSize);
    const vectors = await embedder.embed(batch.map((r) => momentText(r.task, r.context)));
    batch.forEach((r, j) =>
      rebuilt.push({
        ...r,
        embeddingModel: space.model,
        embeddingDim: space.dim,
        embedding: vectors[j]!,
      }),
    );
    onProgress?.({ done: records.length - stale.length + i + batch.length, total: records.length });
  }
  await store.resetSpace(userId);
  const check = await store.prepareUser(userId, space);
  if (!check.ok)
    throw new Error(`reindex: the store still reports a mismatch after reset (${check.message})`);
  for (let i = 0; i < rebuilt.length; i += batchSize) {
    await store.putInterventions(userId, rebuilt.slice(i, i + batchSize), options.ttlMs);
  }
  return { total: records.length, reembedded: stale.length, check };
}
