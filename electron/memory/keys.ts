// Redis key names for one person's memory. Every store (embedded, plain Redis, Query Engine) uses the
// same names, so data can move between them and the outbox can replay into any of them.
import { createHash, randomBytes } from 'node:crypto';
import { InvalidInputError, assertUserId } from '../../shared/domain';

export function interventionPrefix(userId: string): string {
  return `user:${assertUserId(userId)}:intervention:`;
}

export function insightPrefix(userId: string): string {
  return `user:${assertUserId(userId)}:insight:`;
}

export function metaKey(userId: string): string {
  return `user:${assertUserId(userId)}:meta`;
}

export function indexName(userId: string): string {
  return `idx:user:${assertUserId(userId)}`;
}

/**
 * `user:{id}:intervention:{ms}-{nonce}`. The nonce (6 random base-36 characters) keeps keys unique
 * when two records land in the same millisecond, even from two processes (the app and the CLI).
 * The key is chosen once, when the record is created, so replaying it from the outbox rewrites the
 * same key: a replay can never duplicate a record.
 */
export function newInterventionKey(userId: string, timestampMs: number): string {
  return `${interventionPrefix(userId)}${timestampMs}-${nonce()}`;
}

/**
 * The key of a record whose time was given (imports, exports brought back): the nonce is derived from
 * the record's content, so importing the same file twice rewrites the same keys instead of storing
 * every record again.
 */
export function contentInterventionKey(
  userId: string,
  timestampMs: number,
  content: {
    task: string;
    context: string;
    intervention: string;
    outcome: string;
    strategy?: string;
  },
): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        content.task,
        content.context,
        content.intervention,
        content.outcome,
        content.strategy ?? '',
      ]),
    )
    .digest();
  const nonce = (digest.readUInt32BE(0) % 36 ** 6).toString(36).padStart(6, '0');
  return `${interventionPrefix(userId)}${timestampMs}-${nonce}`;
}

export function newInsightKey(userId: string, timestampMs: number): string {
  return `${insightPrefix(userId)}${timestampMs}-${nonce()}`;
}

const KEY_SUFFIX = /^[0-9]{1,16}-[A-Za-z0-9]{1,32}$/;

/** Whether `key` is `user:{id}:intervention:{ms}-{nonce}` for this user (what newInterventionKey makes). */
export function isInterventionKeyOf(userId: string, key: unknown): key is string {
  const prefix = interventionPrefix(userId);
  return (
    typeof key === 'string' && key.startsWith(prefix) && KEY_SUFFIX.test(key.slice(prefix.length))
  );
}

/** The key, or an InvalidInputError saying what an intervention key of this user looks like. */
export function assertInterventionKeyOf(userId: string, key: unknown): string {
  if (isInterventionKeyOf(userId, key)) return key;
  throw new InvalidInputError(
    `Invalid intervention key ${JSON.stringify(String(key)).slice(0, 100)}: expected ${interventionPrefix(userId)}{ms}-{nonce}`,
  );
}

/** The user id a key belongs to, or null when the key is not one of ours. */
export function userIdOfKey(key: string): string | null {
  const match = /^user:([A-Za-z0-9_-]{1,64}):(intervention|insight|meta)(:|$)/.exec(key);
  return match ? match[1]! : null;
}

function nonce(): string {
  // 6 base-36 characters ≈ 31 bits; collisions inside one millisecond for one user are negligible.
  return (randomBytes(4).readUInt32BE(0) % 36 ** 6).toString(36).padStart(6, '0');
}
