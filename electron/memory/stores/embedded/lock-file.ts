// One writer at a time: the embedded store holds `memory.lock` for as long as it is open, so the
// desktop app and a CLI command can never append to (or compact) the same log concurrently.
// The lock is created atomically with link(2) (the file appears complete or not at all) and holds
// the owner's pid and host; a lock whose process is gone (kill -9, power loss) is taken over.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';

const LockContentSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  token: z.string(),
  since: z.number(),
});
type LockContent = z.infer<typeof LockContentSchema>;

/** Who holds the lock, as its file says. */
export interface LockHolder {
  pid: number;
  host: string;
}

/** Thrown when another live process holds the store; the message says who and what to do. */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';

  constructor(
    message: string,
    /** The live holder, when its lock file could be read (null: unknown). */
    readonly holder: LockHolder | null = null,
  ) {
    super(message);
  }
}

/** The lock's current holder, or null when there is no readable lock file. Never writes. */
export async function readLockHolder(path: string): Promise<LockHolder | null> {
  const holder = await readHolder(path);
  return holder ? { pid: holder.pid, host: holder.host } : null;
}

export class LockFile {
  private constructor(
    readonly path: string,
    private readonly token: string,
  ) {}

  static async acquire(path: string): Promise<LockFile> {
    const mine: LockContent = {
      pid: process.pid,
      host: hostname(),
      token: randomBytes(8).toString('hex'),
      since: Date.now(),
    };
    const tmp = `${path}.${process.pid}.${mine.token}`;
    await writeFile(tmp, JSON.stringify(mine), { flush: true });
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await link(tmp, path);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          const holder = await readHolder(path);
          if (holder && isAlive(holder)) throw lockedError(path, holder);
          // Stale (its process is gone) or unreadable: take it over.
          await rm(path, { force: true });
          continue;
        }
        // Two processes clearing the same stale lock at once: only the one whose token is in the
        // file goes on.
        const holder = await readHolder(path);
        if (holder?.token !== mine.token) throw lockedError(path, holder);
        return new LockFile(path, mine.token);
      }
      throw new StoreLockedError(`Could not take the memory store lock ${path}; try again.`);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** Removes the lock if it is still ours. */
  async release(): Promise<void> {
    const holder = await readHolder(this.path);
    if (holder?.token === this.token) await rm(this.path, { force: true });
  }
}

async function readHolder(path: string): Promise<LockContent | null> {
  try {
    const parsed = LockContentSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockContent): boolean {
  // A lock from another machine (a synced folder) cannot be checked: treat it as held.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(path: string, holder: LockContent | null): StoreLockedError {
  const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
  return new StoreLockedError(
    `The local memory store is in use by ${who} (the Keel app or another keel command). ` +
      `Close it and try again, or set REDIS_URL so several processes can share memory. Lock file: ${path}`,
    holder ? { pid: holder.pid, host: holder.host } : null,
  );
}
