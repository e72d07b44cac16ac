// Listing and counting one user's records for the embedded store: interventions across all their
// embedding spaces and insights, newest first, with the same limit / since options and order as
// the Redis stores.
import { z } from 'zod';
import { parseOrThrow, type Insight, type StoredIntervention } from '../../../../shared/domain';
import type { ListOptions } from '../types';
import type { RecordFields } from './space-vectors';
import type { UserIndex } from './user-index';

const ListOptionsSchema = z
  .object({ limit: z.number().int().nonnegative().optional(), sinceMs: z.number().optional() })
  .optional();

/** The list options, checked (none given = everything). */
export function checkListOptions(options: ListOptions | undefined): ListOptions {
  return parseOrThrow(ListOptionsSchema, options, 'list options') ?? {};
}

/** Live interventions with their vectors, newest first; vectors are copied only for those kept. */
export function listInterventions(
  user: UserIndex | undefined,
  { limit, sinceMs }: ListOptions,
  now: () => number,
): StoredIntervention[] {
  if (!user) return [];
  const at = now();
  const rows: Array<{ fields: RecordFields; read: () => StoredIntervention }> = [];
  for (const space of user.allSpaces()) {
    for (const { fields, slot } of space.liveFields(at)) {
      if (sinceMs !== undefined && fields.timestamp < sinceMs) continue;
      rows.push({
        fields,
        read: () => ({
          ...fields,
          embeddingModel: space.model,
          embeddingDim: space.dim,
          embedding: space.vectorAt(slot),
        }),
      });
    }
  }
  rows.sort((a, b) => newestFirst(a.fields, b.fields));
  return rows.slice(0, limit ?? rows.length).map((row) => row.read());
}

export function listInsights(
  user: UserIndex | undefined,
  { limit, sinceMs }: ListOptions,
): Insight[] {
  if (!user) return [];
  const insights = [...user.insights.values()].filter(
    (i) => sinceMs === undefined || i.timestamp >= sinceMs,
  );
  insights.sort(newestFirst);
  return insights.slice(0, limit ?? insights.length);
}

export function countRecords(
  user: UserIndex | undefined,
  now: () => number,
): { interventions: number; insights: number } {
  return {
    interventions: user?.countLiveInterventions(now()) ?? 0,
    insights: user?.insights.size ?? 0,
  };
}

/** Time left on the newest live intervention (null: none, or it never expires). */
export function sampleTtlMs(user: UserIndex | undefined, now: () => number): number | null {
  if (!user) return null;
  const at = now();
  let newest: { fields: RecordFields; expiresAt: number } | null = null;
  for (const space of user.allSpaces()) {
    for (const row of space.liveFields(at)) {
      if (!newest || newestFirst(row.fields, newest.fields) < 0) newest = row;
    }
  }
  return newest && Number.isFinite(newest.expiresAt) ? newest.expiresAt - at : null;
}

/** Newest first; the key breaks ties so the order is stable across calls and stores. */
function newestFirst(
  a: { timestamp: number; key: string },
  b: { timestamp: number; key: string },
): number {
  return b.timestamp - a.timestamp || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);
}
