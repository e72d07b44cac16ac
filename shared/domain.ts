// The domain vocabulary shared by the main process, the CLI and the renderer: outcomes, strategies,
// user ids, text limits and the validated shapes of interventions and insights.
// Every boundary (IPC, CLI, stored documents, server replies) parses through these schemas.
import { z } from 'zod';

/** What happened after a nudge. `no_response` is only ever set by the session (timeout). */
export const OUTCOMES = [
  'task_completed',
  're_engaged',
  'distracted',
  'stuck',
  'not_now',
  'no_response',
  'unclear',
] as const;
export const OutcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof OutcomeSchema>;

/** Outcomes that count as "the nudge worked": the default recall filter. */
export const SUCCESS_OUTCOMES: readonly Outcome[] = ['task_completed', 're_engaged'];

/** The built-in coaching strategies (see electron/coach/strategies.ts for their wording). */
export const STRATEGY_IDS = [
  'implementation_intention',
  'tiny_first_step',
  'next_physical_action',
  'time_box',
  'body_doubling',
  'movement_break',
  'change_environment',
  'reward_pairing',
  'self_compassion',
  'break_down',
  'restate_goal',
  'easiest_piece',
] as const;
export const StrategyIdSchema = z.enum(STRATEGY_IDS);
export type StrategyId = z.infer<typeof StrategyIdSchema>;

/**
 * Length limits for every text field. Longer input is truncated (with an ellipsis), never stored
 * whole: a 10 MB paste must not become a 10 MB Redis document or embedding request.
 */
export const LIMITS = {
  userId: 64,
  task: 300,
  context: 2000,
  intervention: 1000,
  reply: 2000,
  insight: 1000,
  strategy: 64,
  sessionId: 64,
} as const;

/** Hard cap on raw input accepted at all (before truncation), to refuse absurd payloads early. */
export const MAX_RAW_TEXT = 1_000_000;

export const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * User ids become part of Redis key names, SCAN patterns and index names, so only a safe alphabet
 * is accepted; anything else is refused with a message that says what is allowed.
 */
export const UserIdSchema = z
  .string()
  .regex(
    USER_ID_PATTERN,
    'user id must be 1-64 characters from A-Z, a-z, 0-9, "_" and "-" (it becomes part of Redis key names)',
  );
export type UserId = z.infer<typeof UserIdSchema>;

export function assertUserId(userId: unknown): UserId {
  const parsed = UserIdSchema.safeParse(userId);
  if (!parsed.success) {
    throw new InvalidInputError(
      `Invalid user id ${JSON.stringify(String(userId)).slice(0, 80)}: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

/** A strategy name: one of ours, or a custom one in a key-safe alphabet. */
export const StrategyNameSchema = z
  .string()
  .regex(/^[a-z0-9_-]{1,64}$/, 'strategy must be 1-64 characters from a-z, 0-9, "_" and "-"');

// Control characters other than tab and newline are stripped: they have no place in a nudge or a reply
// and some (NUL) break terminals and JSON consumers.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Cleans and truncates free text to `max` characters (code points), adding an ellipsis when cut. */
export function clampText(text: string, max: number): string {
  const clean = text.replace(CONTROL_CHARS, '').trim();
  const chars = Array.from(clean);
  if (chars.length <= max) return clean;
  return (
    chars
      .slice(0, max - 1)
      .join('')
      .trimEnd() + '…'
  );
}

/** A text field with a length limit: over-long input is truncated, absurdly long input refused. */
export function boundedText(max: number) {
  return z
    .string()
    .max(MAX_RAW_TEXT, `text is over ${MAX_RAW_TEXT} characters and was refused`)
    .transform((s) => clampText(s, max));
}

export function requiredText(max: number, what: string) {
  return boundedText(max).refine((s) => s.length > 0, `${what} must not be empty`);
}

/** What a caller supplies to record one intervention. */
export const InterventionInputSchema = z.object({
  intervention: requiredText(LIMITS.intervention, 'intervention'),
  context: boundedText(LIMITS.context).default(''),
  task: requiredText(LIMITS.task, 'task'),
  outcome: OutcomeSchema,
  strategy: StrategyNameSchema.optional(),
  timestamp: z.number().int().positive().optional(),
});
export type InterventionInput = z.input<typeof InterventionInputSchema>;
export type ValidInterventionInput = z.output<typeof InterventionInputSchema>;

/** The embedding space a vector lives in. Vectors from different spaces are never compared. */
export const EmbeddingSpaceSchema = z.object({
  model: z.string().min(1).max(128),
  dim: z.number().int().min(1).max(8192),
});
export type EmbeddingSpace = z.infer<typeof EmbeddingSpaceSchema>;

// ---------------------------------------------------------------- the record schema
//
// An intervention and an insight are each declared ONCE, as a field table, in the manner of
// RedisVL's IndexSchema. Everything else is derived from these tables: the zod schemas below, the
// SQLite columns and row codec (stores/embedded/sqlite-schema.ts), the Redis HASH and JSON
// documents (stores/redis/documents.ts), the FT.CREATE field list and KNN RETURN fields
// (stores/redis/query-engine-schema.ts), the outbox entry's record and the export line.
//
// `kind` says how a field is written where values are strings (a HASH) or typed columns (SQLite);
// `index` is its Query Engine attribute type (null = not indexed); `summary` marks the fields that
// travel without the vector (recall hits, history, outbox entries, exports). `strategy` is a
// StrategyName everywhere (one of ours or a custom name in the key-safe alphabet): a stored document
// whose strategy is anything else is refused like any other malformed field.

interface FieldSpec {
  schema: z.ZodType;
  kind: 'text' | 'number';
  optional?: true;
  index: 'TEXT' | 'TAG' | 'NUMERIC' | null;
  sortable?: true;
  summary: boolean;
}
type FieldTable = Record<string, FieldSpec>;
type ShapeOf<T extends FieldTable> = { [K in keyof T]: T[K]['schema'] };
type SummaryName<T extends FieldTable> = {
  [K in keyof T]: T[K]['summary'] extends true ? K : never;
}[keyof T];

function shapeOf<T extends FieldTable>(table: T): ShapeOf<T> {
  return Object.fromEntries(
    Object.entries(table).map(([name, spec]) => [name, spec.schema]),
  ) as ShapeOf<T>;
}

/** An intervention's fields other than its key and vector (the vector is `embedding`, FLOAT32). */
export const INTERVENTION_FIELDS = {
  intervention: {
    schema: z.string().max(LIMITS.intervention),
    kind: 'text',
    index: 'TEXT',
    summary: true,
  },
  context: { schema: z.string().max(LIMITS.context), kind: 'text', index: 'TEXT', summary: true },
  task: { schema: z.string().max(LIMITS.task), kind: 'text', index: 'TEXT', summary: true },
  outcome: { schema: OutcomeSchema, kind: 'text', index: 'TAG', summary: true },
  strategy: {
    schema: StrategyNameSchema.optional(),
    kind: 'text',
    optional: true,
    index: 'TAG',
    summary: true,
  },
  timestamp: {
    schema: z.number().int().nonnegative(),
    kind: 'number',
    index: 'NUMERIC',
    sortable: true,
    summary: true,
  },
  embeddingModel: { schema: z.string().min(1).max(128), kind: 'text', index: null, summary: false },
  embeddingDim: {
    schema: z.number().int().min(1).max(8192),
    kind: 'number',
    index: null,
    summary: false,
  },
} as const satisfies FieldTable;

/** An insight's fields other than its key. Insights have no vector and are not indexed. */
export const INSIGHT_FIELDS = {
  text: { schema: z.string().max(LIMITS.insight), kind: 'text', index: null, summary: true },
  timestamp: { schema: z.number().int().nonnegative(), kind: 'number', index: null, summary: true },
  sessionId: { schema: z.string().max(LIMITS.sessionId), kind: 'text', index: null, summary: true },
} as const satisfies FieldTable;

/** The table's entries, in declaration order (the order of columns, HASH fields and FT.CREATE). */
export function fieldsOf<T extends FieldTable>(table: T): Array<[keyof T & string, FieldSpec]> {
  return Object.entries(table) as Array<[keyof T & string, FieldSpec]>;
}

/** The fields that travel without the vector, in table order. */
export const SUMMARY_FIELDS = fieldsOf(INTERVENTION_FIELDS)
  .filter(([, spec]) => spec.summary)
  .map(([name]) => name) as Array<SummaryName<typeof INTERVENTION_FIELDS>>;

const summaryMask = Object.fromEntries(SUMMARY_FIELDS.map((name) => [name, true])) as {
  [K in SummaryName<typeof INTERVENTION_FIELDS>]: true;
};

/** Keys as stored: `user:{id}:intervention:{ms}-{nonce}` / `user:{id}:insight:…` (checked by the stores). */
export const RecordKeySchema = z.string().min(1).max(200);

/** Every field of a stored intervention but its key and vector. */
export const InterventionFieldsSchema = z.object(shapeOf(INTERVENTION_FIELDS));
export type InterventionFields = z.infer<typeof InterventionFieldsSchema>;

/** An intervention without its vector: what recall, history, the outbox and export carry. */
export const InterventionSummarySchema = z
  .object({ key: RecordKeySchema })
  .extend(InterventionFieldsSchema.pick(summaryMask).shape);
export type InterventionSummary = z.infer<typeof InterventionSummarySchema>;

/** An intervention as the stores hold it: the summary, its embedding space and its vector. */
export type StoredIntervention = InterventionSummary &
  Pick<InterventionFields, 'embeddingModel' | 'embeddingDim'> & { embedding: Float32Array };

export const InsightSchema = z.object({ key: RecordKeySchema }).extend(shapeOf(INSIGHT_FIELDS));
export type Insight = z.infer<typeof InsightSchema>;

/** The summary of a record, field by field from the table (an absent optional field stays absent). */
export function toSummary(record: InterventionSummary): InterventionSummary {
  const out: Record<string, unknown> = { key: record.key };
  for (const name of SUMMARY_FIELDS) {
    if (record[name] !== undefined) out[name] = record[name];
  }
  return out as InterventionSummary;
}

/**
 * Checks a record before any store writes it: every field against the table, and a vector of the
 * stated dimension holding only finite numbers. Returns it unchanged, or throws InvalidInputError.
 */
/** Built once: every stored write checks each record against it (an import, thousands a second). */
const StoredFieldsSchema = InterventionFieldsSchema.extend({ key: RecordKeySchema });

export function checkStoredIntervention(record: StoredIntervention): StoredIntervention {
  const parsed = StoredFieldsSchema.safeParse(record);
  const what = `Invalid intervention ${JSON.stringify(String(record?.key)).slice(0, 100)}`;
  if (!parsed.success) throw new InvalidInputError(`${what}: ${describeZodError(parsed.error)}`);
  const vector = record.embedding;
  if (!(vector instanceof Float32Array) || vector.length !== record.embeddingDim) {
    throw new InvalidInputError(
      `${what}: embedding must be a Float32Array of ${record.embeddingDim} numbers`,
    );
  }
  for (const value of vector) {
    if (!Number.isFinite(value))
      throw new InvalidInputError(`${what}: embedding holds a non-finite value`);
  }
  return record;
}

/** One line of an export (`keel export`, the app's export): the format `keel import` reads back. */
export const ExportLineSchema = z.discriminatedUnion('type', [
  InterventionSummarySchema.extend({
    type: z.literal('intervention'),
    embeddingModel: INTERVENTION_FIELDS.embeddingModel.schema.optional(),
    embeddingDim: INTERVENTION_FIELDS.embeddingDim.schema.optional(),
    embedding: z.array(z.number()).optional(),
  }),
  InsightSchema.extend({ type: z.literal('insight') }),
]);

/**
 * The export line of a record. A stored intervention carries its space (and its vector only when
 * asked); parsing through the schema drops anything else a store attached.
 */
export function exportLine(
  item:
    | {
        type: 'intervention';
        record: InterventionSummary | StoredIntervention;
        withVector?: boolean;
      }
    | { type: 'insight'; insight: Insight },
): string {
  if (item.type === 'insight') {
    return JSON.stringify(ExportLineSchema.parse({ type: 'insight', ...item.insight }));
  }
  const record = item.record;
  const stored = 'embedding' in record ? record : null;
  return JSON.stringify(
    ExportLineSchema.parse({
      type: 'intervention',
      ...toSummary(record),
      ...(stored
        ? { embeddingModel: stored.embeddingModel, embeddingDim: stored.embeddingDim }
        : {}),
      ...(stored && item.withVector ? { embedding: Array.from(stored.embedding) } : {}),
    }),
  );
}

/** A recalled intervention with its cosine similarity (1 − cosine distance) and blended score. */
export const SimilarInterventionSchema = InterventionSummarySchema.extend({
  similarity: z.number(),
  /** Similarity blended with recency when asked for; equals similarity otherwise. */
  score: z.number(),
});
export type SimilarIntervention = z.infer<typeof SimilarInterventionSchema>;

export const InsightInputSchema = z.object({
  text: requiredText(LIMITS.insight, 'insight'),
  sessionId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'session id must be 1-64 safe characters'),
  timestamp: z.number().int().positive().optional(),
});
export type InsightInput = z.input<typeof InsightInputSchema>;

/** Thrown for input refused at a boundary; its message is meant for the person, not a stack trace. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** Formats a zod error as one readable line: "field: problem; field: problem". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

/** Parses with a schema, turning failures into InvalidInputError with a readable message. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new InvalidInputError(`Invalid ${what}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
