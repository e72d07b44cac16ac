// Recall for a check-in: several lists from one embedding and one store call, and the similarity
// floor that keeps unrelated moments out of "similar".
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineEmbedder } from '../../electron/memory/embedders/offline';
import type { MemoryService } from '../../electron/memory/memory-service';
import { DEFAULT_MIN_SIMILARITY } from '../../shared/settings';
import { CountingEmbedder, intervention, makeService, tempDir } from './memory-service.fixture';

const open: MemoryService[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  cleanups.splice(0).forEach((c) => c());
});

async function service(minSimilarity?: number) {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const embedder = new CountingEmbedder(new OfflineEmbedder(64));
  const memory = await makeService(t.dir, {
    embedder,
    ...(minSimilarity !== undefined ? { minSimilarity } : {}),
  });
  await memory.start(['alice']);
  open.push(memory);
  for (let n = 0; n < 12; n++) {
    await memory.record(
      'alice',
      intervention(n, { outcome: n % 3 === 0 ? 'stuck' : 'task_completed' }),
    );
  }
  await memory.record('alice', {
    task: 'water the plants',
    context: 'balcony',
    intervention: 'Fill the can first.',
    outcome: 'task_completed',
  });
  return { memory, embedder };
}

describe('MemoryService.findSimilarMany', () => {
  it('answers each list as findSimilar would, embedding the moment once', async () => {
    const { memory, embedder } = await service();
    const options = [
      { k: 3, minSimilarity: 0.2 },
      { k: 10, outcomes: 'any' as const },
      { k: 2, outcomes: ['stuck' as const] },
    ];
    const before = embedder.texts;
    const many = await memory.findSimilarMany(
      'alice',
      'Task: write section 4 of the report',
      options,
    );
    expect(embedder.texts - before).toBe(1);
    expect(many).toHaveLength(3);
    for (const [i, o] of options.entries()) {
      const one = await memory.findSimilar('alice', 'Task: write section 4 of the report', o);
      expect(many[i]).toEqual(one);
    }
    expect(many[0]!.matches.length).toBeGreaterThan(0);
    expect(many[2]!.matches.every((m) => m.outcome === 'stuck')).toBe(true);
  });

  it('never calls an unrelated moment similar: the default floor drops similarity 0', async () => {
    const { memory } = await service();
    const { matches } = await memory.findSimilar('alice', 'emails', { outcomes: 'any', k: 20 });
    expect(matches.every((m) => m.similarity >= DEFAULT_MIN_SIMILARITY.offline)).toBe(true);
    expect(matches.some((m) => m.task === 'water the plants')).toBe(false);
    // An explicit floor still wins (-1 = everything, as `keel recall --min-similarity -1`).
    const all = await memory.findSimilar('alice', 'emails', {
      outcomes: 'any',
      k: 20,
      minSimilarity: -1,
    });
    expect(all.matches).toHaveLength(13);
  });

  it('takes the floor from its options (the minSimilarity setting)', async () => {
    const { memory } = await service(0.99);
    const { matches } = await memory.findSimilar('alice', 'Task: write section 4 of the report');
    expect(matches).toEqual([]);
  });
});
