// Exports everything Keel remembers about a user as JSON Lines: every intervention (newest first,
// without embeddings), then every insight — from the store, the outbox, and the outbox entries
// still waiting for another store (a person who switched stores still gets all of theirs). One object per line with a `type` field, so the file can be
// read with any JSONL tool. Written atomically with owner-only permissions.
import { join } from 'node:path';
import { exportLine } from '../../shared/domain';
import type { MemoryService } from '../memory/memory-service';
import { ensurePrivateDir, writeFileDurable } from '../base/durable-file';

/** Enough for years of check-ins; the stores page internally. */
export const EXPORT_LIMIT = 1_000_000;

export interface ExportResult {
  path: string;
  interventions: number;
  insights: number;
}

function timestampForFile(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

export async function exportUserData(options: {
  memory: Pick<MemoryService, 'listRecent' | 'listInsights' | 'waitingElsewhere'>;
  userId: string;
  dir: string;
  now: number;
}): Promise<ExportResult> {
  const { memory, userId } = options;
  const elsewhere = memory.waitingElsewhere(userId);
  const newestFirst = <T extends { timestamp: number }>(list: T[]) =>
    list.sort((a, b) => b.timestamp - a.timestamp);
  const interventions = newestFirst([
    ...(await memory.listRecent(userId, { limit: EXPORT_LIMIT })),
    ...elsewhere.interventions,
  ]);
  const insights = newestFirst([
    ...(await memory.listInsights(userId, EXPORT_LIMIT)),
    ...elsewhere.insights,
  ]);
  const lines = [
    // The export line's schema drops anything else a store attached (embeddings above all).
    ...interventions.map((record) => exportLine({ type: 'intervention', record })),
    ...insights.map((insight) => exportLine({ type: 'insight', insight })),
  ];
  await ensurePrivateDir(options.dir);
  const path = join(options.dir, `keel-export-${userId}-${timestampForFile(options.now)}.jsonl`);
  await writeFileDurable(path, lines.length ? lines.join('\n') + '\n' : '');
  return { path, interventions: interventions.length, insights: insights.length };
}
