import { describe, expect, it } from 'vitest';
import { CachedEmbedder } from '../../../electron/memory/embedders/cached';
import { OfflineEmbedder } from '../../../electron/memory/embedders/offline';
import type { Embedder } from '../../../electron/memory/embedders/types';

/** A real embedder that records what reaches it (the cache is the thing under test). */
class CountingEmbedder implements Embedder {
  readonly kind = 'offline' as const;
  readonly model = 'counting';
  readonly dim = 16;
  readonly calls: string[][] = [];
  failNext = false;
  private readonly inner = new OfflineEmbedder(16);

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    await new Promise((r) => setTimeout(r, 5));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('embedding failed');
    }
    return this.inner.embed(texts);
  }
}

describe('CachedEmbedder', () => {
  it('embeds a text once, then serves it from the cache', async () => {
    const inner = new CountingEmbedder();
    const cached = new CachedEmbedder(inner);
    const [a] = await cached.embed(['one']);
    const [b] = await cached.embed(['one']);
    expect(inner.calls).toEqual([['one']]);
    expect(Array.from(b!)).toEqual(Array.from(a!));
    expect(cached.stats()).toEqual({ hits: 1, misses: 1, size: 1 });
  });

  it('sends duplicates within a batch once and keeps the order', async () => {
    const inner = new CountingEmbedder();
    const cached = new CachedEmbedder(inner);
    await cached.embed(['b']);
    const out = await cached.embed(['a', 'b', 'a', 'c']);
    expect(inner.calls).toEqual([['b'], ['a', 'c']]);
    expect(Array.from(out[0]!)).toEqual(Array.from(out[2]!));
    expect(Array.from(out[1]!)).not.toEqual(Array.from(out[0]!));
  });

  it('shares one call between concurrent requests for the same text', async () => {
    const inner = new CountingEmbedder();
    const cached = new CachedEmbedder(inner);
    await Promise.all([cached.embed(['x']), cached.embed(['x']), cached.embed(['x', 'y'])]);
    expect(inner.calls).toEqual([['x'], ['y']]);
  });

  it('hands out copies, so a caller cannot corrupt the cache', async () => {
    const cached = new CachedEmbedder(new CountingEmbedder());
    const [first] = await cached.embed(['t']);
    const original = first![0];
    first![0] = 42;
    const [again] = await cached.embed(['t']);
    expect(again![0]).toBe(original);
  });

  it('does not cache failures: the next call tries again', async () => {
    const inner = new CountingEmbedder();
    const cached = new CachedEmbedder(inner);
    inner.failNext = true;
    await expect(cached.embed(['z'])).rejects.toThrow('embedding failed');
    await expect(cached.embed(['z'])).resolves.toHaveLength(1);
    expect(inner.calls).toEqual([['z'], ['z']]);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const inner = new CountingEmbedder();
    const cached = new CachedEmbedder(inner, { maxEntries: 2 });
    await cached.embed(['a']);
    await cached.embed(['b']);
    await cached.embed(['a']); // a is now most recent
    await cached.embed(['c']); // evicts b
    await cached.embed(['a', 'b']);
    expect(inner.calls).toEqual([['a'], ['b'], ['c'], ['b']]);
  });
});
