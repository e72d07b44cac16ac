// Reading the append-only log Keel kept before SQLite (`memory.log`), once, to import it. Only the
// reader is left of that store. The format: an 8-byte magic, then frames
//
//   u32 LE bodyLength | u32 LE crc32(body) | body
//   body = u8 type | u32 LE jsonLength | JSON (utf-8) | raw little-endian FLOAT32 vector bytes
//
// replayed in order, as the old store did at open: later frames overwrite earlier ones, a record
// whose TTL ran out is as good as deleted, a torn tail is ignored, a damaged region is stepped
// over to the next frame whose checksum verifies, and a frame that verifies but does not validate
// is skipped and reported. The file is never written to.
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import {
  EmbeddingSpaceSchema,
  InsightSchema,
  InterventionFieldsSchema,
  RecordKeySchema,
  UserIdSchema,
  type EmbeddingSpace,
  type Insight,
  type StoredIntervention,
} from '../../../../shared/domain';
import { userIdOfKey } from '../../keys';
import { vectorFromBytes } from '../../vector-math';

export const LEGACY_LOG_FILE_NAME = 'memory.log';
const MAGIC = Buffer.from('KEELMEM1', 'latin1');
const HEADER = 8;
const BODY_PREFIX = 5;
const MAX_BODY = 8 * 1024 * 1024;
const FRAME = { intervention: 1, insight: 2, setMeta: 3, clearMeta: 4, forgetUser: 5 } as const;

const InterventionFrame = z.object({
  key: RecordKeySchema,
  expiresAt: z.number().nullable(),
  doc: InterventionFieldsSchema,
});
const InsightFrame = z.object({ insight: InsightSchema });
const MetaFrame = z.object({ userId: UserIdSchema, space: EmbeddingSpaceSchema });
const UserFrame = z.object({ userId: UserIdSchema });

export interface LegacyUser {
  space: EmbeddingSpace | null;
  insights: Map<string, Insight>;
  /** Live records by key; `expiresAt` null = never expires. */
  interventions: Map<string, { record: StoredIntervention; expiresAt: number | null }>;
}

export interface LegacyLog {
  users: Map<string, LegacyUser>;
  /** Whole frames read. */
  frames: number;
  /** What could not be read (damage, invalid frames), one line each, for the log. */
  problems: string[];
}

/** Reads and replays the log at `path` as of `now` (ms). Throws when the file is not a Keel log. */
export function readLegacyLog(path: string, now: number): LegacyLog {
  // Read whole: a one-time import, and the largest logs (100k records of 768 floats) are ~300 MB.
  const bytes = readFileSync(path);
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error(`${path} is not a Keel memory log (wrong header); it was left untouched.`);
  }
  const log: LegacyLog = { users: new Map(), frames: 0, problems: [] };
  let pos = MAGIC.length;
  while (pos < bytes.length) {
    const body = frameAt(bytes, pos);
    if (body) {
      log.frames++;
      const problem = apply(log.users, body, now);
      if (problem) log.problems.push(`record at byte ${pos}: ${problem}`);
      pos += HEADER + body.length;
      continue;
    }
    const next = nextFrame(bytes, pos + 1);
    if (next === null) {
      log.problems.push(`${bytes.length - pos} bytes of an unfinished write at the end ignored`);
      break;
    }
    log.problems.push(`${next - pos} damaged bytes at ${pos} skipped`);
    pos = next;
  }
  return log;
}

/** The body of a whole, checksum-verified frame at `pos`, or null. */
function frameAt(bytes: Buffer, pos: number): Buffer | null {
  if (pos + HEADER > bytes.length) return null;
  const length = bytes.readUInt32LE(pos);
  if (length < BODY_PREFIX || length > MAX_BODY || pos + HEADER + length > bytes.length)
    return null;
  const body = bytes.subarray(pos + HEADER, pos + HEADER + length);
  return crc32(body) === bytes.readUInt32LE(pos + 4) ? body : null;
}

function nextFrame(bytes: Buffer, from: number): number | null {
  for (let pos = from; pos + HEADER < bytes.length; pos++) if (frameAt(bytes, pos)) return pos;
  return null;
}

function userOf(users: Map<string, LegacyUser>, userId: string): LegacyUser {
  let user = users.get(userId);
  if (!user) {
    user = { space: null, insights: new Map(), interventions: new Map() };
    users.set(userId, user);
  }
  return user;
}

/** Applies one frame; returns why it was skipped, or null. */
function apply(users: Map<string, LegacyUser>, body: Buffer, now: number): string | null {
  const type = body.readUInt8(0);
  const jsonLength = body.readUInt32LE(1);
  if (BODY_PREFIX + jsonLength > body.length) return 'bad JSON length';
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8', BODY_PREFIX, BODY_PREFIX + jsonLength));
  } catch {
    return 'JSON does not parse';
  }
  const vector = body.subarray(BODY_PREFIX + jsonLength);
  switch (type) {
    case FRAME.intervention: {
      const parsed = InterventionFrame.safeParse(json);
      if (!parsed.success) return 'invalid intervention';
      const { key, expiresAt, doc } = parsed.data;
      const userId = userIdOfKey(key);
      if (!userId || !key.startsWith(`user:${userId}:intervention:`)) return 'foreign key';
      if (vector.byteLength !== doc.embeddingDim * 4) return `wrong vector size for ${key}`;
      const user = userOf(users, userId);
      if (expiresAt !== null && expiresAt <= now) user.interventions.delete(key);
      else {
        const record = { key, ...doc, embedding: vectorFromBytes(vector) } as StoredIntervention;
        user.interventions.set(key, { record, expiresAt });
      }
      return null;
    }
    case FRAME.insight: {
      const parsed = InsightFrame.safeParse(json);
      if (!parsed.success) return 'invalid insight';
      const userId = userIdOfKey(parsed.data.insight.key);
      if (!userId || !parsed.data.insight.key.startsWith(`user:${userId}:insight:`))
        return 'foreign key';
      userOf(users, userId).insights.set(parsed.data.insight.key, parsed.data.insight);
      return null;
    }
    case FRAME.setMeta: {
      const parsed = MetaFrame.safeParse(json);
      if (!parsed.success) return 'invalid space';
      userOf(users, parsed.data.userId).space = parsed.data.space;
      return null;
    }
    case FRAME.clearMeta:
    case FRAME.forgetUser: {
      const parsed = UserFrame.safeParse(json);
      if (!parsed.success) return 'invalid user';
      if (type === FRAME.forgetUser) users.delete(parsed.data.userId);
      else userOf(users, parsed.data.userId).space = null;
      return null;
    }
    default:
      return `unknown record type ${type}`;
  }
}
