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

/** An intervention as the stores hold it (the key carries the user id and time). */
export interface StoredIntervention {
  key: string;
  intervention: string;
  context: string;
  task: string;
  outcome: Outcome;
  strategy?: string;
  timestamp: number;
  embeddingModel: string;
  embeddingDim: number;
  embedding: Float32Array;
}

/** The JSON document shape of a stored intervention (what JSON.SET / the embedded log hold). */
export const InterventionDocSchema = z.object({
  intervention: z.string().max(LIMITS.intervention),
  context: z.string().max(LIMITS.context),
  task: z.string().max(LIMITS.task),
  outcome: OutcomeSchema,
  strategy: StrategyNameSchema.optional(),
  timestamp: z.number().int().nonnegative(),
  embeddingModel: z.string().min(1).max(128),
  embeddingDim: z.number().int().min(1).max(8192),
  embedding: z.array(z.number()).optional(),
});
export type InterventionDoc = z.infer<typeof InterventionDocSchema>;

/** An intervention without its vector: what recall, history and export show. */
export const InterventionSummarySchema = z.object({
  key: z.string(),
  intervention: z.string(),
  context: z.string(),
  task: z.string(),
  outcome: OutcomeSchema,
  strategy: z.string().optional(),
  timestamp: z.number(),
});
export type InterventionSummary = z.infer<typeof InterventionSummarySchema>;

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

export const InsightSchema = z.object({
  key: z.string(),
  text: z.string().max(LIMITS.insight),
  timestamp: z.number().int().nonnegative(),
  sessionId: z.string().max(LIMITS.sessionId),
});
export type Insight = z.infer<typeof InsightSchema>;

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
