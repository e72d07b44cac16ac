// The cached prompt context per user (recent insights and what has worked, as prompt text): kept five
// minutes, and dropped by every write for that user.
import { LRUCache } from 'lru-cache';

const CONTEXT_TTL_MS = 5 * 60_000;

export class PromptContextCache {
  private readonly cache: LRUCache<string, string>;
  /** Bumped by every write for a user, so a context computed before the write is not cached after it. */
  private readonly generations = new Map<string, number>();

  constructor(clock: () => number) {
    this.cache = new LRUCache<string, string>({
      max: 100,
      ttl: CONTEXT_TTL_MS,
      perf: { now: () => clock() },
    });
  }

  /**
   * The cached text, or `build()`'s. It is cached only if `cacheable()` still holds afterwards and no
   * write for the user happened meanwhile.
   */
  async get(user: string, build: () => Promise<string>, cacheable: () => boolean): Promise<string> {
    const cached = this.cache.get(user);
    if (cached !== undefined) return cached;
    const generation = this.generation(user);
    const text = await build();
    if (cacheable() && generation === this.generation(user)) this.cache.set(user, text);
    return text;
  }

  invalidate(user: string): void {
    this.cache.delete(user);
    this.generations.set(user, this.generation(user) + 1);
  }

  private generation(user: string): number {
    return this.generations.get(user) ?? 0;
  }
}
