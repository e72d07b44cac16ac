// What each log frame means, both ways: domain objects → frames for writing, and frames read from
// disk → validated entries for replay. Everything read back goes through zod, so a frame that
// passes its checksum but holds nonsense (an old bug, a hand edit) is skipped, not trusted.
import { z } from 'zod';
import {
  EmbeddingSpaceSchema,
  InsightSchema,
  InterventionDocSchema,
  UserIdSchema,
  describeZodError,
  type EmbeddingSpace,
  type Insight,
  type StoredIntervention,
} from '../../../../shared/domain';
import { userIdOfKey } from '../../keys';
import { FrameType, encodeFrame, type DecodedFrame } from './frame-codec';
import type { RecordFields } from './space-vectors';

/** Everything but the vector, which travels as raw bytes after the JSON. */
const InterventionFieldsSchema = InterventionDocSchema.omit({ embedding: true });

const InterventionFrameSchema = z.object({
  key: z.string().min(1).max(200),
  /** ms since the epoch; null = never expires. */
  expiresAt: z.number().nullable(),
  doc: InterventionFieldsSchema,
});
const InsightFrameSchema = z.object({ insight: InsightSchema });
const MetaFrameSchema = z.object({ userId: UserIdSchema, space: EmbeddingSpaceSchema });
const UserFrameSchema = z.object({ userId: UserIdSchema });

export type LogEntry =
  | {
      type: 'intervention';
      userId: string;
      fields: RecordFields;
      model: string;
      dim: number;
      /** Raw little-endian FLOAT32 bytes (a view into the read buffer). */
      vectorBytes: Uint8Array;
      expiresAt: number;
    }
  | { type: 'insight'; userId: string; insight: Insight }
  | { type: 'setMeta'; userId: string; space: EmbeddingSpace }
  | { type: 'clearMeta'; userId: string }
  | { type: 'forgetUser'; userId: string };

export type DecodeResult = { ok: true; entry: LogEntry } | { ok: false; reason: string };

export function encodeIntervention(record: StoredIntervention, expiresAt: number): Buffer {
  const doc = {
    intervention: record.intervention,
    context: record.context,
    task: record.task,
    outcome: record.outcome,
    ...(record.strategy !== undefined ? { strategy: record.strategy } : {}),
    timestamp: record.timestamp,
    embeddingModel: record.embeddingModel,
    embeddingDim: record.embeddingDim,
  };
  const json = { key: record.key, expiresAt: Number.isFinite(expiresAt) ? expiresAt : null, doc };
  return encodeFrame(FrameType.putIntervention, json, record.embedding);
}

export function encodeInsight(insight: Insight): Buffer {
  return encodeFrame(FrameType.putInsight, { insight });
}

export function encodeSetMeta(userId: string, space: EmbeddingSpace): Buffer {
  return encodeFrame(FrameType.setMeta, { userId, space: { model: space.model, dim: space.dim } });
}

export function encodeClearMeta(userId: string): Buffer {
  return encodeFrame(FrameType.clearMeta, { userId });
}

export function encodeForgetUser(userId: string): Buffer {
  return encodeFrame(FrameType.forgetUser, { userId });
}

/** Validates a frame read from disk into a log entry. */
export function decodeEntry(frame: DecodedFrame): DecodeResult {
  switch (frame.type) {
    case FrameType.putIntervention: {
      const parsed = InterventionFrameSchema.safeParse(frame.json);
      if (!parsed.success) return invalid('intervention', parsed.error);
      const { key, expiresAt, doc } = parsed.data;
      const userId = userIdOfKey(key);
      if (!userId || !key.startsWith(`user:${userId}:intervention:`)) {
        return {
          ok: false,
          reason: `intervention frame has a foreign key ${JSON.stringify(key.slice(0, 80))}`,
        };
      }
      if (frame.vectorBytes.byteLength !== doc.embeddingDim * 4) {
        return {
          ok: false,
          reason: `intervention ${key} has ${frame.vectorBytes.byteLength} vector bytes, expected ${doc.embeddingDim * 4}`,
        };
      }
      const fields: RecordFields = {
        key,
        intervention: doc.intervention,
        context: doc.context,
        task: doc.task,
        outcome: doc.outcome,
        ...(doc.strategy !== undefined ? { strategy: doc.strategy } : {}),
        timestamp: doc.timestamp,
      };
      return {
        ok: true,
        entry: {
          type: 'intervention',
          userId,
          fields,
          model: doc.embeddingModel,
          dim: doc.embeddingDim,
          vectorBytes: frame.vectorBytes,
          expiresAt: expiresAt ?? Infinity,
        },
      };
    }
    case FrameType.putInsight: {
      const parsed = InsightFrameSchema.safeParse(frame.json);
      if (!parsed.success) return invalid('insight', parsed.error);
      const userId = userIdOfKey(parsed.data.insight.key);
      if (!userId || !parsed.data.insight.key.startsWith(`user:${userId}:insight:`)) {
        return { ok: false, reason: 'insight frame has a foreign key' };
      }
      return { ok: true, entry: { type: 'insight', userId, insight: parsed.data.insight } };
    }
    case FrameType.setMeta: {
      const parsed = MetaFrameSchema.safeParse(frame.json);
      if (!parsed.success) return invalid('meta', parsed.error);
      return { ok: true, entry: { type: 'setMeta', ...parsed.data } };
    }
    case FrameType.clearMeta:
    case FrameType.forgetUser: {
      const parsed = UserFrameSchema.safeParse(frame.json);
      if (!parsed.success) return invalid('user', parsed.error);
      const type = frame.type === FrameType.clearMeta ? 'clearMeta' : 'forgetUser';
      return { ok: true, entry: { type, userId: parsed.data.userId } };
    }
    default:
      return { ok: false, reason: `unknown frame type ${frame.type}` };
  }
}

function invalid(what: string, error: z.ZodError): DecodeResult {
  return { ok: false, reason: `invalid ${what} frame: ${describeZodError(error)}` };
}
