// Replaying the outbox into the store: in queue order, exactly once. Entries go in runs of one user
// and one kind (at most EMBED_BATCH long); an entry is removed only after the store acknowledged it,
// and its key was chosen when it was queued, so a crash in between rewrites the same key. A user with
// an embedding-space mismatch is skipped (their records wait for reindex); a store failure stops the
// run, and the health probe starts it again.
import type { EmbeddingSpace } from '../../shared/domain';
import type { Logger } from '../base/logger';
import { EMBED_BATCH, type CheckedEmbedder } from './checked-embedder';
import { toStored } from './intervention-records';
import type { Outbox, OutboxEntry } from './outbox';
import type { StoreHealth } from './store-health';
import type { MemoryStore } from './stores/types';
import { momentText } from './types';
import type { UserSpaces } from './user-spaces';

export interface OutboxReplayDeps {
  outbox: Outbox;
  store: MemoryStore;
  space: EmbeddingSpace;
  ttlMs: number;
  logger: Logger;
  describe(error: unknown): string;
  health: StoreHealth;
  spaces: UserSpaces;
  embedding: CheckedEmbedder;
  /** Called for each user whose records were written (their cached prompt context is stale). */
  onWritten(user: string): void;
}

export class OutboxReplay {
  private draining: Promise<void> | null = null;

  constructor(private readonly deps: OutboxReplayDeps) {}

  isRunning(): boolean {
    return this.draining !== null;
  }

  /** Whether anything in the outbox could be replayed now (users with a mismatch wait for reindex). */
  hasReplayable(): boolean {
    return this.deps.outbox.pending().some((e) => !this.deps.spaces.hasMismatch(e.userId));
  }

  /** Replays the outbox in order; single-flight (concurrent callers share one run). */
  drain(): Promise<void> {
    if (!this.draining) {
      this.draining = this.drainOnce().finally(() => {
        this.draining = null;
      });
    }
    return this.draining;
  }

  /** Resolves when the run in progress (if any) has finished. */
  async whenIdle(): Promise<void> {
    await this.draining;
  }

  private async drainOnce(): Promise<void> {
    const { outbox, logger, describe } = this.deps;
    try {
      await outbox.refresh();
    } catch (error) {
      logger.warn(`outbox refresh failed: ${describe(error)}`);
    }
    const blocked = new Set<string>();
    for (;;) {
      const batch = nextBatch(outbox.pending().filter((e) => !blocked.has(e.userId)));
      if (!batch.length) return;
      const user = batch[0]!.userId;
      const outcome = await this.replay(user, batch);
      if (outcome === 'failed') return;
      if (outcome === 'blocked') blocked.add(user);
    }
  }

  private async replay(
    user: string,
    batch: readonly OutboxEntry[],
  ): Promise<'done' | 'blocked' | 'failed'> {
    const { outbox, store, space, health } = this.deps;
    try {
      await health.ensureOpen();
      if (batch[0]!.kind === 'insight') {
        for (const entry of batch) {
          if (entry.kind !== 'insight') continue;
          await health.guard('replay insight', store.putInsight(user, entry.insight));
          await outbox.remove([entry.id]);
        }
      } else {
        const check = await this.deps.spaces.ensure(user);
        if (!check.ok) return 'blocked';
        const entries = batch.filter(
          (e): e is Extract<OutboxEntry, { kind: 'intervention' }> => e.kind === 'intervention',
        );
        // Records queued without a vector, or with one from another model, are embedded now.
        const needVector = entries.filter(
          (e) => !e.embedding || e.embedding.model !== space.model || e.embedding.dim !== space.dim,
        );
        const vectors = needVector.length
          ? await this.deps.embedding.embedMany(
              needVector.map((e) => momentText(e.record.task, e.record.context)),
            )
          : [];
        if (!vectors) return 'failed';
        const fresh = new Map(needVector.map((e, i) => [e.id, vectors[i]!]));
        const records = entries.map((e) =>
          toStored(e.record, space, fresh.get(e.id) ?? e.embedding!.values),
        );
        await health.guard('replay', store.putInterventions(user, records, this.deps.ttlMs));
        // Removed only after the store acknowledged: a crash in between re-writes the same keys.
        await outbox.remove(entries.map((e) => e.id));
      }
      this.deps.onWritten(user);
      health.markSuccess();
      return 'done';
    } catch (error) {
      health.markFailure(error);
      return 'failed';
    }
  }
}

/** The next run of consecutive entries for one user and one kind, at most EMBED_BATCH long. */
function nextBatch(entries: readonly OutboxEntry[]): OutboxEntry[] {
  const first = entries[0];
  if (!first) return [];
  const batch: OutboxEntry[] = [];
  for (const entry of entries) {
    if (entry.userId !== first.userId) continue;
    if (entry.kind !== first.kind || batch.length >= EMBED_BATCH) break;
    batch.push(entry);
  }
  return batch;
}
