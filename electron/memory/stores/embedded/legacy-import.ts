// The one-time move of a person's old `memory.log` into SQLite, at the first open that finds it.
// Nothing may be lost: every live record of the log is written in one transaction, read back and
// compared (count and keys, every field and the vector's bytes) before that transaction commits,
// and only then is the log renamed to a backup (never deleted). A failed check rolls everything
// back and leaves the log where it was, so the next start tries again. Two processes starting at
// once import it once: the second finds the import recorded when it gets the write lock.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from '../../../base/logger';
import { LEGACY_LOG_FILE_NAME, readLegacyLog, type LegacyLog } from './legacy-log';
import {
  INSIGHT_SELECT,
  INTERVENTION_SELECT,
  UPSERT_INSIGHT_SQL,
  UPSERT_INTERVENTION_SQL,
  insightFromRow,
  insightRow,
  interventionFromRow,
  interventionRow,
} from './sqlite-schema';

export interface LegacyImportReport {
  interventions: number;
  insights: number;
  users: number;
  backup: string;
}

/** Imports `${dir}/memory.log` if present and not yet imported; returns what it did, or null. */
export function importLegacyLog(
  db: Database.Database,
  dir: string,
  now: number,
  logger: Logger,
): LegacyImportReport | null {
  const path = join(dir, LEGACY_LOG_FILE_NAME);
  if (!existsSync(path)) return null;
  const done = db.prepare(`SELECT value FROM store_meta WHERE name = 'legacy_import'`).pluck();
  let report: LegacyImportReport | null = null;
  if (done.get() === undefined) {
    let log: LegacyLog;
    try {
      log = readLegacyLog(path, now);
    } catch (error) {
      // Another process starting at the same time imported it and moved it away while we looked.
      if (isMissing(error) && done.get() !== undefined) return null;
      throw error;
    }
    for (const problem of log.problems) logger.warn(`${path}: ${problem}`);
    const backup = `${path}.imported-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    report = db
      .transaction(() => {
        if (done.get() !== undefined) return null; // another process imported it meanwhile
        const counts = writeAll(db, log);
        verify(db, log);
        db.prepare(`INSERT INTO store_meta (name, value) VALUES ('legacy_import', ?)`).run(
          JSON.stringify({ at: now, backup, frames: log.frames, ...counts }),
        );
        return { ...counts, users: log.users.size, backup };
      })
      .immediate();
    if (report) {
      logger.info(
        `imported ${report.interventions} interventions and ${report.insights} insights from ${path}`,
      );
    }
  }
  // Committed (here or by another process): keep the old file as a backup, out of the way.
  // A log that turns up again after the import (put back by hand) is set aside the same way, under
  // a name of its own: no backup is ever overwritten.
  const recorded = JSON.parse(String(done.get())) as { backup: string };
  if (existsSync(path)) {
    let target = recorded.backup;
    for (let n = 2; existsSync(target); n++) target = `${recorded.backup}.${n}`;
    try {
      renameSync(path, target);
    } catch (error) {
      if (!isMissing(error)) throw error; // the other process moved it first
    }
  }
  return report;
}

function writeAll(
  db: Database.Database,
  log: LegacyLog,
): { interventions: number; insights: number } {
  const putIntervention = db.prepare(UPSERT_INTERVENTION_SQL);
  const putInsight = db.prepare(UPSERT_INSIGHT_SQL);
  const putSpace = db.prepare(
    `INSERT INTO spaces (user_id, embedding_model, embedding_dim) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO NOTHING`,
  );
  let interventions = 0;
  let insights = 0;
  for (const [userId, user] of log.users) {
    if (user.space) putSpace.run(userId, user.space.model, user.space.dim);
    for (const { record, expiresAt } of user.interventions.values()) {
      putIntervention.run(interventionRow(userId, record, expiresAt));
      interventions++;
    }
    for (const insight of user.insights.values()) {
      putInsight.run(insightRow(userId, insight));
      insights++;
    }
  }
  return { interventions, insights };
}

/** Reads every imported record back and compares it with the log; throws on any difference. */
function verify(db: Database.Database, log: LegacyLog): void {
  const intervention = db.prepare(`SELECT ${INTERVENTION_SELECT} FROM interventions WHERE key = ?`);
  const insight = db.prepare(`SELECT ${INSIGHT_SELECT} FROM insights WHERE key = ?`);
  const count = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM interventions WHERE user_id = ?) + (SELECT COUNT(*) FROM insights WHERE user_id = ?)`,
    )
    .pluck();
  for (const [userId, user] of log.users) {
    for (const { record, expiresAt } of user.interventions.values()) {
      const row = intervention.get(record.key) as Record<string, unknown> | undefined;
      const back = row ? interventionFromRow(row) : null;
      if (!back || !sameRecord(back, record) || (row!.expires_at ?? null) !== expiresAt)
        throw mismatch(record.key);
    }
    for (const original of user.insights.values()) {
      const row = insight.get(original.key) as Record<string, unknown> | undefined;
      const back = row ? insightFromRow(row) : null;
      if (!back || JSON.stringify(back) !== JSON.stringify(original)) throw mismatch(original.key);
    }
    const expected = user.interventions.size + user.insights.size;
    if ((count.get(userId, userId) as number) < expected)
      throw mismatch(`the records of ${userId}`);
  }
}

function sameRecord(
  a: ReturnType<typeof interventionFromRow> & object,
  b: ReturnType<typeof interventionFromRow> & object,
): boolean {
  const { embedding: va, ...fa } = a;
  const { embedding: vb, ...fb } = b;
  const keys = new Set([...Object.keys(fa), ...Object.keys(fb)]);
  for (const key of keys) {
    if ((fa as Record<string, unknown>)[key] !== (fb as Record<string, unknown>)[key]) return false;
  }
  return Buffer.from(va.buffer, va.byteOffset, va.byteLength).equals(
    Buffer.from(vb.buffer, vb.byteOffset, vb.byteLength),
  );
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function mismatch(what: string): Error {
  return new Error(
    `Moving the old memory file into the new store failed its check (${what} did not read back the same); the old file was left untouched and will be tried again at the next start.`,
  );
}
