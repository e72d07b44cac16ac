// Durable, private files: the one way Keel writes a data file (settings, the current task, the
// outbox, exports, encrypted secrets) and creates a data folder.
//
// A write goes to a temporary file in the same folder, is fsynced, renamed over the target and the
// folder fsynced, so a crash leaves either the old file or the new one, never half of either. The
// temp file is removed on every failure path (a full disk must not fill up with hidden leftovers),
// and its name carries the writer's pid, so a later start can remove the temp files of processes
// that died mid-write without touching those of a process still writing (the app and the CLI may
// share one data folder).
//
// Files are 0600 and folders 0700: they hold personal data. The mode is set at creation and
// tightened again on existing paths (chmod), because folders made by older versions were 0755.
// Stores call privateFile/privateFiles for files they create through a library (a database and its
// WAL/journal files), so the same rule applies everywhere.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Creates the folder (and missing parents) owner-only, and tightens it if it already existed. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmodQuietly(dir, PRIVATE_DIR_MODE);
}

/**
 * Tightens files another library created (a database, its -wal/-shm/-journal files) to 0600.
 * Missing paths are skipped. Call after opening, and again after the library may have made a new one.
 */
export async function privateFiles(paths: readonly string[]): Promise<void> {
  for (const path of paths) await chmodQuietly(path, PRIVATE_FILE_MODE);
}

/**
 * Tightens a folder a library filled (an embedded store's directory): the folder and its sub-folders
 * to 0700, every file in them to 0600. A database's WAL and journal files take the database file's
 * mode when SQLite creates them, so doing this once after opening covers them too.
 */
export async function privateTree(dir: string): Promise<void> {
  await chmodQuietly(dir, PRIVATE_DIR_MODE);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await privateTree(path);
    else if (entry.isFile()) await chmodQuietly(path, PRIVATE_FILE_MODE);
  }
}

/** The temporary name a durable write uses next to `path` (hidden, with the writer's pid). */
export function tempPathFor(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

/**
 * Writes `content` to `path` durably and privately (see the top of this file). Throws the write's
 * error after removing the temp file; the target is then unchanged.
 */
export async function writeFileDurable(path: string, content: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  let created = false;
  try {
    const file = await open(temp, 'wx', PRIVATE_FILE_MODE);
    created = true;
    try {
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    created = false;
  } catch (error) {
    if (created) await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDir(dirname(path));
}

/**
 * Appends `text` to `path` (created 0600 if missing) and returns once it is fsynced: for
 * append-only logs whose earlier lines must survive whatever happens to the next one.
 */
export async function appendFileDurable(path: string, text: string): Promise<void> {
  const file = await open(path, 'a', PRIVATE_FILE_MODE);
  try {
    await file.appendFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Makes a rename/unlink in `dir` durable. Directories cannot be opened on Windows: best effort. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported on this platform; the rename itself is still atomic.
  }
}

/**
 * Removes the temp files of durable writes in `dir` whose writer has ended (crashed or killed
 * mid-write). Returns how many were removed; temp files of live processes are left alone.
 */
export async function removeStaleTemps(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    const pid = staleTempPid(name);
    if (pid === null || isAlive(pid)) continue;
    try {
      if (!(await stat(join(dir, name))).isFile()) continue;
      await unlink(join(dir, name));
      removed++;
    } catch {
      // Removed meanwhile by another process starting up.
    }
  }
  return removed;
}

/** The writer's pid if `name` is a durable write's temp file, else null. */
export function staleTempPid(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m ? Number(m[1]) : null;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function chmodQuietly(path: string, mode: number): Promise<void> {
  try {
    await chmod(path, mode);
  } catch {
    // Missing, or no POSIX modes on this platform.
  }
}
