// The shapes of a check-in as the coach engine produces them and the renderer shows them.
// The engine (electron/coach/session-engine.ts) returns exactly these; IPC validates them.
import { z } from 'zod';
import {
  InsightSchema,
  LIMITS,
  OutcomeSchema,
  SimilarInterventionSchema,
  boundedText,
  requiredText,
} from './domain';

/** The five quick-reply buttons, in the order they are shown (number keys 1-5 pick them). */
export const QUICK_REPLIES = [
  { id: 'done', label: 'Done', outcome: 'task_completed' },
  { id: 'on_it', label: 'On it', outcome: 're_engaged' },
  { id: 'distracted', label: 'Got distracted', outcome: 'distracted' },
  { id: 'stuck', label: 'Stuck', outcome: 'stuck' },
  { id: 'not_now', label: 'Not now', outcome: 'not_now' },
] as const;
export const QuickReplyIdSchema = z.enum(['done', 'on_it', 'distracted', 'stuck', 'not_now']);
export type QuickReplyId = z.infer<typeof QuickReplyIdSchema>;

/**
 * What the outcome classifier returns for one reply. `correction`: the person said what they meant
 * ("Not quite?"), or the reply is close to one they corrected before.
 */
export const ClassificationSchema = z.object({
  outcome: OutcomeSchema,
  /** 0..1: how sure the classifier is. */
  confidence: z.number().min(0).max(1),
  /** Human-readable reasons that decided it, e.g. "negated completion: 'not done'". */
  signals: z.array(z.string()),
  /** Which classifier settled it. */
  source: z.enum(['quick_reply', 'rules', 'model', 'timeout', 'correction']).default('rules'),
});
export type Classification = z.infer<typeof ClassificationSchema>;

/** A reply to a check-in: a button or free text. */
export const CheckInReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('quick'), id: QuickReplyIdSchema }),
  z.object({ kind: z.literal('text'), text: requiredText(LIMITS.reply, 'reply') }),
]);
export type CheckInReply = z.input<typeof CheckInReplySchema>;

export const FollowUpSchema = z.object({
  kind: z.enum(['congratulate', 'smaller_step', 'encourage', 'refocus', 'snooze', 'end']),
  text: z.string(),
  /** For `snooze`: when the next check-in will come. */
  snoozeMinutes: z.number().int().positive().optional(),
  /** After `task_completed`: the next steps offered (the window shows them as buttons). */
  next: z.array(z.enum(['new_task', 'break', 'end_session'])).optional(),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const CheckInStateSchema = z.enum(['awaiting_reply', 'answered', 'timed_out', 'snoozed']);

export const CheckInViewSchema = z.object({
  id: z.string(),
  task: z.string(),
  nudge: z.string(),
  strategy: z.string(),
  strategyLabel: z.string(),
  /** Where the wording came from: Gemini or the built-in library. */
  wordingSource: z.enum(['gemini', 'library']),
  /**
   * True while the model's wording may still replace the library nudge shown now (a
   * `checkin:updated` event follows with the final text); absent or false once it is final.
   */
  wordingPending: z.boolean().optional(),
  createdAt: z.number(),
  state: CheckInStateSchema,
  /** The similar past interventions that worked, best first (what the window shows). */
  similar: z.array(SimilarInterventionSchema),
  /** Why the learner chose this strategy, in one sentence (e.g. "… worked 4 of 5 times on similar tasks"). */
  why: z.string().optional(),
  answer: z
    .object({
      reply: z.string(),
      classification: ClassificationSchema,
      followUp: FollowUpSchema,
    })
    .optional(),
});
export type CheckInView = z.infer<typeof CheckInViewSchema>;

/** "Not quite?": the outcome the person meant for a check-in they answered. */
export const CheckInCorrectionSchema = z.object({
  checkInId: z.string().min(1).max(100),
  outcome: OutcomeSchema,
});

export const AnswerResultSchema = z.object({
  checkIn: CheckInViewSchema,
  classification: ClassificationSchema,
  followUp: FollowUpSchema,
  /** One kind sentence when check-ins could not be saved (a full disk), shown once; else absent. */
  memoryNotice: z.string().max(300).nullable().optional(),
});
export type AnswerResult = z.infer<typeof AnswerResultSchema>;

export const SessionViewSchema = z.object({
  id: z.string().nullable(),
  active: z.boolean(),
  /**
   * A focus block the person started (working hours do not apply to it), as opposed to the session
   * a scheduled check-in opens by itself.
   */
  focus: z.boolean().default(false),
  task: z.string().nullable(),
  startedAt: z.number().nullable(),
  /** Planned end of the focus block, if it has a length. */
  endsAt: z.number().nullable(),
  checkIns: z.number().int().nonnegative(),
  /**
   * When the last snooze ends (it may have passed); null when none is pending or a check-in has used
   * it up. The coach owns it; the schedule reads it.
   */
  snoozedUntil: z.number().nullable(),
  lastOutcome: OutcomeSchema.nullable(),
  /** The current task was reported done in this session: Keel no longer nudges about it. */
  taskDone: z.boolean().default(false),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

export const StartSessionSchema = z.object({
  task: boundedText(LIMITS.task).optional(),
  /** Length of the focus block in minutes; omitted = open-ended. */
  minutes: z.number().int().min(5).max(600).optional(),
});

export const EndSessionResultSchema = z.object({
  session: SessionViewSchema,
  insight: InsightSchema.nullable(),
});
export type EndSessionResult = z.infer<typeof EndSessionResultSchema>;
