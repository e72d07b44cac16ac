// Escaping for the three places where data meets Redis syntax: TAG values inside a search query,
// glob patterns for SCAN MATCH, and record keys handed in by callers. User ids are validated before
// they get here (shared/domain.ts), so these are a second line, not the only one.
import { InvalidInputError, OUTCOMES, type Outcome } from '../../../../shared/domain';
import { assertInterventionKeyOf, insightPrefix } from '../../keys';

/** Escapes a value for `@field:{...}`: every punctuation character and whitespace gets a backslash. */
export function escapeTagValue(value: string): string {
  return value.replace(/[,.<>{}[\]"':;!@#$%^&*()\-+=~|/\\\s?`]/g, '\\$&');
}

/** Escapes text so SCAN MATCH treats it literally (`*`, `?`, `[`, `]`, `\`). */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\^]/g, '\\$&');
}

/** Outcomes are an enum; anything else is refused before it can reach a query. */
export function assertOutcomes(outcomes: readonly string[]): Outcome[] {
  for (const outcome of outcomes) {
    if (!(OUTCOMES as readonly string[]).includes(outcome)) {
      throw new InvalidInputError(`Unknown outcome ${JSON.stringify(outcome).slice(0, 40)}`);
    }
  }
  return outcomes as Outcome[];
}

const KEY_SUFFIX = /^[0-9]{1,16}-[A-Za-z0-9]{1,32}$/;

/** Refuses a record key that is not `user:{id}:intervention:{ms}-{nonce}` for this user. */
export const assertInterventionKey = assertInterventionKeyOf;

/** Refuses a record key that is not `user:{id}:insight:{ms}-{nonce}` for this user. */
export function assertInsightKey(userId: string, key: string): string {
  return assertKeyUnder(insightPrefix(userId), key, 'insight');
}

function assertKeyUnder(prefix: string, key: string, what: string): string {
  if (
    typeof key !== 'string' ||
    !key.startsWith(prefix) ||
    !KEY_SUFFIX.test(key.slice(prefix.length))
  ) {
    throw new InvalidInputError(
      `Invalid ${what} key ${JSON.stringify(String(key)).slice(0, 100)}: expected ${prefix}{ms}-{nonce}`,
    );
  }
  return key;
}
