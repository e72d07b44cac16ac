// Newest-first lists of a user's insights and interventions: the store's merged with those still
// waiting in the outbox, so a record shows up as soon as it is made. With the store down the lists
// hold only the queued records (the failure is reported to the health tracker, not thrown).
import type { Insight, InterventionSummary } from '../../shared/domain';
import { toSummary } from './intervention-records';
import type { Outbox } from './outbox';
import type { StoreHealth } from './store-health';
import type { MemoryStore } from './stores/types';

export interface ListingDeps {
  outbox: Outbox;
  store: MemoryStore;
  health: StoreHealth;
}

export async function listInsights(
  deps: ListingDeps,
  user: string,
  limit: number,
): Promise<Insight[]> {
  const { health } = deps;
  const queued = deps.outbox
    .pending(user)
    .flatMap((e) => (e.kind === 'insight' ? [e.insight] : []));
  let stored: Insight[] = [];
  try {
    await health.ensureOpen();
    stored = await health.guard('list insights', deps.store.listInsights(user, { limit }));
    health.markSuccess();
  } catch (error) {
    health.markFailure(error);
  }
  return mergeNewestFirst(stored, queued, limit);
}

/** Interventions (without vectors), optionally only those since `sinceMs`. */
export async function listInterventions(
  deps: ListingDeps,
  user: string,
  options: { limit?: number; sinceMs?: number },
): Promise<InterventionSummary[]> {
  const { health } = deps;
  const limit = options.limit ?? 50;
  const since = options.sinceMs ?? 0;
  const queued = deps.outbox
    .pending(user)
    .flatMap((e) => (e.kind === 'intervention' && e.record.timestamp >= since ? [e.record] : []));
  let stored: InterventionSummary[] = [];
  try {
    await health.ensureOpen();
    const rows = await health.guard(
      'list',
      deps.store.listInterventions(user, { limit, sinceMs: options.sinceMs }),
    );
    stored = rows.map(toSummary);
    health.markSuccess();
  } catch (error) {
    health.markFailure(error);
  }
  return mergeNewestFirst(stored, queued, limit);
}

/** One list, newest first, at most `limit` long; a key in both (replayed meanwhile) counts once. */
function mergeNewestFirst<T extends { key: string; timestamp: number }>(
  a: readonly T[],
  b: readonly T[],
  limit: number,
): T[] {
  const byKey = new Map<string, T>();
  for (const item of [...a, ...b]) if (!byKey.has(item.key)) byKey.set(item.key, item);
  return [...byKey.values()].sort((x, y) => y.timestamp - x.timestamp).slice(0, limit);
}
