// The memory's status line (tray, settings page, `keel status`): healthy or not, and the one problem
// that matters most, in this order: records lost, store unreachable, embedding-space mismatch, embedding failing,
// records waiting in the outbox.
import type { MemoryStatus } from '../../shared/settings';
import type { Embedder } from './embedders/types';
import type { MemoryStore } from './stores/types';

export interface StatusFacts {
  storeKind: MemoryStore['kind'];
  storeReason: string;
  storeUp: boolean;
  downSince: number | null;
  storeProblem: string | null;
  mismatch: string | null;
  embedProblem: string | null;
  embedder: Pick<Embedder, 'kind' | 'model' | 'dim'>;
  outboxPending: number;
  /** Records lost this run (neither the store nor the outbox could keep them). */
  lost: number;
  /** A move to a new embedding space under way. */
  reembedding: { done: number; total: number } | null;
}

export function describeStatus(facts: StatusFacts): MemoryStatus {
  const { outboxPending: pending, mismatch } = facts;
  let problem: string | null = null;
  if (facts.lost) {
    problem = `${facts.lost} record(s) could not be saved (the disk refused them)${pending ? ` — ${pending} record(s) waiting in the outbox` : ''}`;
  } else if (!facts.storeUp) {
    const since = facts.downSince
      ? ` since ${new Date(facts.downSince).toTimeString().slice(0, 5)}`
      : '';
    problem = `${facts.storeKind} store unreachable${since} (${facts.storeProblem}) — ${pending} record(s) waiting in the outbox`;
  } else if (facts.reembedding) {
    const { done, total } = facts.reembedding;
    problem = `Updating memory for the new embedding model: ${done} of ${total} record(s) done`;
  } else if (mismatch) {
    problem = mismatch;
  } else if (facts.embedProblem) {
    problem = `embedding failing (${facts.embedProblem})${pending ? ` — ${pending} record(s) waiting in the outbox` : ''}`;
  } else if (pending) {
    problem = `${pending} record(s) waiting in the outbox`;
  }
  const { kind, model, dim } = facts.embedder;
  return {
    store: facts.storeKind,
    reason: facts.storeReason,
    healthy: facts.storeUp && !mismatch && !facts.embedProblem && !facts.lost,
    problem,
    outboxPending: pending,
    embedder: { kind, model, dim },
    mismatch,
    reembedding: facts.reembedding
      ? { done: facts.reembedding.done, total: facts.reembedding.total }
      : null,
  };
}

/** Records lost this run (neither the store nor the outbox kept them): for status and the app. */
export class LostRecords {
  private count = 0;
  private unseen = 0;

  get total(): number {
    return this.count;
  }

  add(count: number): void {
    this.count += count;
    this.unseen += count;
  }

  /** One kind sentence about the losses since the last call, shown once; null when none. */
  takeNotice(): string | null {
    const n = this.unseen;
    if (!n) return null;
    this.unseen = 0;
    return n === 1
      ? 'Keel could not save your last check-in on this computer. Freeing some disk space usually fixes this.'
      : `Keel could not save ${n} recent notes on this computer. Freeing some disk space usually fixes this.`;
  }
}
