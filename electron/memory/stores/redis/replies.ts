// Readers for raw replies from sendCommand. node-redis hands back different shapes for the same
// command depending on the protocol (RESP2: flat [key, value, ...] arrays; RESP3: maps, which it
// turns into plain objects or Map) and on the type mapping (strings or Buffers), and servers differ
// too (Redis 8, Redis Stack, Valkey). Everything that parses a reply goes through these.

/** A string from a string, Buffer or number reply; null for nil. */
export function replyString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  // VerbatimString (RESP3 INFO) extends String.
  if (value instanceof String) return value.toString();
  return null;
}

/** A finite number from a number or numeric string reply; null otherwise. */
export function replyNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = replyString(value);
  if (text === null || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** A Buffer from a binary reply (or a string reply, as latin1 would corrupt it: utf8 bytes). */
export function replyBuffer(value: unknown): Buffer | null {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return null;
}

/** An array reply, or [] for nil. */
export function replyArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  return [];
}

/**
 * A key → value record from a RESP3 map (object or Map) or a RESP2 flat [key, value, ...] array.
 * Keys are compared lower-case (servers differ: "dim" vs "DIM"). Null when it is neither.
 */
export function replyRecord(value: unknown): Map<string, unknown> | null {
  const out = new Map<string, unknown>();
  if (value instanceof Map) {
    for (const [k, v] of value) {
      const key = replyString(k);
      if (key !== null) out.set(key.toLowerCase(), v);
    }
    return out;
  }
  if (Array.isArray(value)) {
    if (value.length % 2 !== 0) return null;
    for (let i = 0; i < value.length; i += 2) {
      const key = replyString(value[i]);
      if (key === null) return null;
      out.set(key.toLowerCase(), value[i + 1]);
    }
    return out;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) out.set(k.toLowerCase(), v);
    return out;
  }
  return null;
}

/** True when an error is the server saying it does not know a command (no module loaded). */
export function isUnknownCommand(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /unknown command|unknown subcommand|command not (found|supported)|not supported/i.test(
    message,
  );
}
