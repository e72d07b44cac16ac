// Each user's verdict on the embedding space: whether the vectors the store holds for the user come
// from the current model and dimension. Checked once per user (the store prepares its index and meta
// on the way); a mismatch is kept with a message naming `keel reindex`, since recall and new writes
// for that user wait until the memory is moved to the new space (space-migration.ts).
import type { EmbeddingSpace } from '../../shared/domain';
import type { MemoryStore, SpaceCheck } from './stores/types';

export interface UserSpacesDeps {
  store: MemoryStore;
  space: EmbeddingSpace;
  /** Puts a time limit on a store call (StoreHealth.guard). */
  guard<T>(what: string, promise: Promise<T>): Promise<T>;
  /** What a mismatch means for the person (background re-embedding, or run keel reindex). */
  advice(user: string): string;
}

export class UserSpaces {
  private readonly checks = new Map<string, SpaceCheck>();
  private readonly mismatches = new Map<string, string>();
  private mismatchListener: ((user: string) => void) | null = null;

  constructor(private readonly deps: UserSpacesDeps) {}

  /** Explicit wiring: told when a user's mismatch is first seen (the move to the new space starts). */
  onMismatch(listener: (user: string) => void): void {
    this.mismatchListener = listener;
  }

  /** The user's check, asking the store (which prepares the user) the first time. */
  async ensure(user: string): Promise<SpaceCheck> {
    const cached = this.checks.get(user);
    if (cached) return cached;
    const check = await this.deps.guard(
      'prepare',
      this.deps.store.prepareUser(user, this.deps.space),
    );
    this.checks.set(user, check);
    if (check.ok) this.mismatches.delete(user);
    else {
      const first = !this.mismatches.has(user);
      this.mismatches.set(user, `${check.message} — ${this.deps.advice(user)}`);
      if (first) this.mismatchListener?.(user);
    }
    return check;
  }

  /** Asks the store again, ignoring the cached check. */
  recheck(user: string): Promise<SpaceCheck> {
    this.checks.delete(user);
    return this.ensure(user);
  }

  /** The user's mismatch message (recall refused until reindex), if any. */
  mismatch(user: string): string | undefined {
    return this.mismatches.get(user);
  }

  hasMismatch(user: string): boolean {
    return this.mismatches.has(user);
  }

  /** One line for status: the mismatched user (or how many), with the first message. */
  summary(): string | null {
    const [first] = this.mismatches.entries();
    if (!first) return null;
    return this.mismatches.size === 1
      ? `user ${first[0]}: ${first[1]}`
      : `${this.mismatches.size} users: ${first[1]}`;
  }

  /** Takes the check made by a rebuild of the user's space (the mismatch is gone). */
  accept(user: string, check: SpaceCheck): void {
    this.checks.set(user, check);
    this.mismatches.delete(user);
  }

  /** Forgets everything known about the user (their memory was deleted). */
  forget(user: string): void {
    this.checks.delete(user);
    this.mismatches.delete(user);
  }

  /** Drops every cached check, keeping the mismatch messages until the store answers again. */
  clearChecks(): void {
    this.checks.clear();
  }
}
