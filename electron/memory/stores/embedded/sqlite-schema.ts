// The embedded store's SQLite database: how it is opened (pragmas), its schema and migrations
// (PRAGMA user_version), and the row codecs, derived from the record field tables in
// shared/domain.ts so a column can never drift from the zod schema or the Redis documents.
//
// Pragmas, and why:
//  - journal_mode=WAL: readers never block the writer or each other, so the app and the CLI can
//    both have the store open; writers take turns (one write transaction at a time, file-locked).
//  - synchronous=FULL: every commit fsyncs the WAL before it returns. With NORMAL a power cut can
//    take back the last commits; Keel tells the person "stored" only when a record is durable, so
//    the extra fsync per write (the old log did one per append too) is the price of that promise.
//  - busy_timeout: a process that finds the database locked by the other's write waits for it
//    (writes are a few ms) instead of failing; only a lock held past the limit is an error.
//  - foreign_keys off, STRICT tables: types are checked by SQLite as well as by zod.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import {
  INSIGHT_FIELDS,
  INTERVENTION_FIELDS,
  InsightSchema,
  InterventionFieldsSchema,
  InterventionSummarySchema,
  RecordKeySchema,
  fieldsOf,
  type Insight,
  type InterventionSummary,
  type StoredIntervention,
} from '../../../../shared/domain';
import { vectorBytes, vectorFromBytes } from '../../vector-math';

export const DATABASE_FILE_NAME = 'memory.sqlite';
export const BUSY_TIMEOUT_MS = 5000;

/** snake_case column for a camelCase field (embeddingModel → embedding_model). */
export function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const INTERVENTION_COLUMNS = fieldsOf(INTERVENTION_FIELDS).map(([field, spec]) => ({
  field,
  column: columnOf(field),
  spec,
}));
const INSIGHT_COLUMNS = fieldsOf(INSIGHT_FIELDS).map(([field, spec]) => ({
  field,
  column: columnOf(field),
  spec,
}));

/**
 * The columns each table must have, derived from the field tables (checked against the migrated
 * database by the tests): key and owner first, the fields in table order, then the storage-only
 * columns.
 */
export const EXPECTED_COLUMNS = {
  interventions: [
    'key',
    'user_id',
    ...INTERVENTION_COLUMNS.map((c) => c.column),
    'embedding',
    'expires_at',
  ],
  insights: ['key', 'user_id', ...INSIGHT_COLUMNS.map((c) => c.column)],
} as const;

/**
 * The migrations, in order: migration i takes user_version i to i+1. They are history, written out
 * in full rather than generated, so a later change to a field table needs a new migration (e.g.
 * ALTER TABLE … ADD COLUMN) and never rewrites one a person's database already ran.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE interventions (
    key TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    intervention TEXT NOT NULL,
    context TEXT NOT NULL,
    task TEXT NOT NULL,
    outcome TEXT NOT NULL,
    strategy TEXT,
    timestamp INTEGER NOT NULL,
    embedding_model TEXT NOT NULL,
    embedding_dim INTEGER NOT NULL,
    embedding BLOB NOT NULL,
    expires_at INTEGER
  ) STRICT;
  CREATE INDEX interventions_by_user_time ON interventions (user_id, timestamp DESC, key DESC);
  CREATE INDEX interventions_by_expiry ON interventions (expires_at) WHERE expires_at IS NOT NULL;
  CREATE TABLE insights (
    key TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    text TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    session_id TEXT NOT NULL
  ) STRICT;
  CREATE INDEX insights_by_user_time ON insights (user_id, timestamp DESC, key DESC);
  -- Each user's recorded embedding space (what the Redis stores keep in user:{id}:meta).
  CREATE TABLE spaces (
    user_id TEXT PRIMARY KEY,
    embedding_model TEXT NOT NULL,
    embedding_dim INTEGER NOT NULL
  ) STRICT;
  -- Every insert, update and delete of an intervention, by any process, in commit order: how a
  -- process holding vectors in memory catches up with what another process wrote or deleted.
  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL,
    key TEXT NOT NULL
  ) STRICT;
  CREATE TRIGGER interventions_inserted AFTER INSERT ON interventions
    BEGIN INSERT INTO changes (user_id, key) VALUES (NEW.user_id, NEW.key); END;
  CREATE TRIGGER interventions_updated AFTER UPDATE ON interventions
    BEGIN INSERT INTO changes (user_id, key) VALUES (NEW.user_id, NEW.key); END;
  CREATE TRIGGER interventions_deleted AFTER DELETE ON interventions
    BEGIN INSERT INTO changes (user_id, key) VALUES (OLD.user_id, OLD.key); END;
  -- Store-wide facts: 'pruned_through' (changes up to this seq were pruned), 'legacy_import'.
  CREATE TABLE store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (creating) the database in `dir` with the pragmas above and migrates it. The directory
 * and the file are created private (0700/0600); SQLite gives the WAL the database file's mode.
 */
export function openDatabase(dir: string): Database.Database {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = `${dir}/${DATABASE_FILE_NAME}`;
  closeSync(openSync(path, 'a', 0o600));
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Runs the migrations this database has not run yet; a second process waits and then skips them. */
function migrate(db: Database.Database): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() === SCHEMA_VERSION) return;
  db.transaction(() => {
    const current = version(); // re-read under the write lock: another process may have migrated
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `This memory was written by a newer Keel (schema ${current}, this one knows ${SCHEMA_VERSION}); update Keel to open it.`,
      );
    }
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Deletes expired records (every process sees them go through the change log) and prunes the
 * change log to its last `changesKept` rows, recording how far it was pruned: a process further
 * behind than that reloads its users in full. Returns how many records were deleted.
 */
export function sweepDatabase(db: Database.Database, now: number, changesKept: number): number {
  return db
    .transaction(() => {
      const swept = db
        .prepare('DELETE FROM interventions WHERE expires_at IS NOT NULL AND expires_at <= ?')
        .run(now).changes;
      const maxSeq = db
        .prepare('SELECT COALESCE(MAX(seq), 0) FROM changes')
        .pluck()
        .get() as number;
      const through = maxSeq - changesKept;
      if (through > 0 && db.prepare('DELETE FROM changes WHERE seq <= ?').run(through).changes) {
        db.prepare(
          `INSERT INTO store_meta (name, value) VALUES ('pruned_through', ?)
           ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
        ).run(String(through));
      }
      return swept;
    })
    .immediate();
}

// ---------------------------------------------------------------- row codecs

const iCols = INTERVENTION_COLUMNS.map((c) => c.column);

/** Insert-or-replace of one intervention (an UPDATE on conflict, so the change log sees one row). */
export const UPSERT_INTERVENTION_SQL = `INSERT INTO interventions (key, user_id, ${iCols.join(', ')}, embedding, expires_at)
  VALUES (@key, @user_id, ${iCols.map((c) => `@${c}`).join(', ')}, @embedding, @expires_at)
  ON CONFLICT (key) DO UPDATE SET ${['user_id', ...iCols, 'embedding', 'expires_at']
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

export const UPSERT_INSIGHT_SQL = `INSERT INTO insights (key, user_id, ${INSIGHT_COLUMNS.map((c) => c.column).join(', ')})
  VALUES (@key, @user_id, ${INSIGHT_COLUMNS.map((c) => `@${c.column}`).join(', ')})
  ON CONFLICT (key) DO UPDATE SET ${['user_id', ...INSIGHT_COLUMNS.map((c) => c.column)]
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

/** Named parameters for UPSERT_INTERVENTION_SQL; `expiresAt` null = never expires. */
export function interventionRow(
  userId: string,
  record: StoredIntervention,
  expiresAt: number | null,
): Record<string, unknown> {
  const row: Record<string, unknown> = { key: record.key, user_id: userId };
  for (const { field, column } of INTERVENTION_COLUMNS) {
    row[column] = (record as unknown as Record<string, unknown>)[field] ?? null;
  }
  row.embedding = vectorBytes(record.embedding);
  row.expires_at = expiresAt;
  return row;
}

export function insightRow(userId: string, insight: Insight): Record<string, unknown> {
  const row: Record<string, unknown> = { key: insight.key, user_id: userId };
  for (const { field, column } of INSIGHT_COLUMNS) {
    row[column] = (insight as unknown as Record<string, unknown>)[field];
  }
  return row;
}

const StoredFieldsSchema = InterventionFieldsSchema.extend({ key: RecordKeySchema });

/** A row read back → record (validated), or null when it does not hold a valid record. */
export function interventionFromRow(row: Record<string, unknown>): StoredIntervention | null {
  const fields: Record<string, unknown> = { key: row.key };
  for (const { field, column, spec } of INTERVENTION_COLUMNS) {
    const value = row[column];
    if (value === null && spec.optional) continue; // NULL = the optional field is absent
    fields[field] = value;
  }
  const parsed = StoredFieldsSchema.safeParse(fields);
  const blob = row.embedding;
  if (!parsed.success || !(blob instanceof Uint8Array)) return null;
  if (blob.byteLength !== parsed.data.embeddingDim * 4) return null;
  return { ...parsed.data, embedding: vectorFromBytes(blob) } as StoredIntervention;
}

export function insightFromRow(row: Record<string, unknown>): Insight | null {
  const fields: Record<string, unknown> = { key: row.key };
  for (const { field, column } of INSIGHT_COLUMNS) fields[field] = row[column];
  const parsed = InsightSchema.safeParse(fields);
  return parsed.success ? parsed.data : null;
}

/** The selected columns for reading interventions back (what interventionFromRow expects). */
export const INTERVENTION_SELECT = ['key', ...iCols, 'embedding', 'expires_at'].join(', ');

const SUMMARY_COLUMNS = INTERVENTION_COLUMNS.filter((c) => c.spec.summary);
/** The columns of a summary (no vector: recall's hits need only these). */
export const SUMMARY_SELECT = ['key', ...SUMMARY_COLUMNS.map((c) => c.column)].join(', ');

/** A row of SUMMARY_SELECT → summary (validated like a full record), or null. */
export function summaryFromRow(row: Record<string, unknown>): InterventionSummary | null {
  const fields: Record<string, unknown> = { key: row.key };
  for (const { field, column, spec } of SUMMARY_COLUMNS) {
    const value = row[column];
    if (value === null && spec.optional) continue;
    fields[field] = value;
  }
  const parsed = InterventionSummarySchema.safeParse(fields);
  return parsed.success ? (parsed.data as InterventionSummary) : null;
}
export const INSIGHT_SELECT = ['key', ...INSIGHT_COLUMNS.map((c) => c.column)].join(', ');
