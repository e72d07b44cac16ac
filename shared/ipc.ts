// The one IPC contract between the renderer and the main process (and the browser-preview bridge,
// which implements the same contract over HTTP). Each channel has a request and a response schema;
// main validates requests before acting and responses before sending, the renderer validates
// responses on arrival. Nobody can call a channel that is not in this table.
import { z } from 'zod';
import {
  AnswerResultSchema,
  CheckInCorrectionSchema,
  CheckInReplySchema,
  CheckInViewSchema,
  EndSessionResultSchema,
  SessionViewSchema,
  StartSessionSchema,
} from './checkin';
import { LIMITS, OutcomeSchema, SimilarInterventionSchema, requiredText } from './domain';
import {
  AppStatusSchema,
  AvailabilityViewSchema,
  DoctorReportSchema,
  HistoryViewSchema,
  SecretNameSchema,
  SecretsViewSchema,
  SettingsPatchSchema,
  SettingsSchema,
} from './settings';
import type { HostAction } from './ipc-channels';

const NoInput = z.object({}).strict().default({});

/** A stored check-in's key as History shows it: `user:{id}:intervention:{ms}-{nonce}`. */
const InterventionKeySchema = z
  .string()
  .max(160)
  .regex(
    /^user:[A-Za-z0-9_-]{1,64}:intervention:[0-9]{1,16}-[A-Za-z0-9]{1,32}$/,
    'not a check-in key',
  );

/** Pause choices offered by the tray and the window. */
export const PauseRequestSchema = z.object({
  until: z.union([
    z.object({
      minutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60),
    }),
    z.literal('tomorrow'),
    z.literal('indefinitely'),
    z.literal('resume'),
  ]),
});
export type PauseRequest = z.infer<typeof PauseRequestSchema>;

/** The phrase the person types to confirm deleting all of their data. */
export const DELETE_CONFIRMATION = 'delete my data';

export const ipcContract = {
  'app:status': { request: NoInput, response: AppStatusSchema },
  'onboarding:complete': {
    request: z.object({ task: z.string().max(LIMITS.task).optional() }).strict(),
    response: AppStatusSchema,
  },
  'session:get': { request: NoInput, response: SessionViewSchema },
  'session:start': { request: StartSessionSchema.strict(), response: SessionViewSchema },
  'session:end': { request: NoInput, response: EndSessionResultSchema },
  'task:set': {
    request: z.object({ task: requiredText(LIMITS.task, 'task') }).strict(),
    response: SessionViewSchema,
  },
  'checkin:current': { request: NoInput, response: CheckInViewSchema.nullable() },
  'checkin:now': { request: NoInput, response: CheckInViewSchema },
  'checkin:answer': {
    request: z
      .object({
        checkInId: z.string().min(1).max(100),
        reply: CheckInReplySchema,
        /** Which wording the person saw when they answered; the engine records that text. */
        seenWording: z.enum(['gemini', 'library']).optional(),
      })
      .strict(),
    response: AnswerResultSchema,
  },
  'checkin:snooze': {
    // Without minutes: the snooze length from Settings (the same as Esc and a "not now" reply).
    request: z.object({ minutes: z.number().int().min(1).max(240).optional() }).strict(),
    response: SessionViewSchema,
  },
  /** "Not quite?" on the check-in just answered: the outcome the person meant. */
  'checkin:correct': { request: CheckInCorrectionSchema.strict(), response: AnswerResultSchema },
  'checkin:similar': { request: NoInput, response: z.array(SimilarInterventionSchema) },
  'pause:set': { request: PauseRequestSchema.strict(), response: AppStatusSchema },
  'settings:get': { request: NoInput, response: SettingsSchema },
  'settings:update': { request: SettingsPatchSchema, response: SettingsSchema },
  'secrets:get': { request: NoInput, response: SecretsViewSchema },
  'secrets:set': {
    // Pointing memory at another Redis moves where new memories go: the window asks the person
    // first, and only a request that says so is accepted (a valid URL alone is not enough).
    request: z
      .object({
        name: SecretNameSchema,
        value: z.string().trim().min(1).max(4096),
        confirmed: z.literal(true).optional(),
      })
      .strict()
      .refine((r) => r.name !== 'redisUrl' || r.confirmed === true, {
        path: ['confirmed'],
        message: 'Changing where memories are kept needs your confirmation in Settings.',
      }),
    response: SecretsViewSchema,
  },
  'secrets:clear': {
    request: z.object({ name: SecretNameSchema }).strict(),
    response: SecretsViewSchema,
  },
  'secrets:test-gemini': {
    request: NoInput,
    response: z.object({ ok: z.boolean(), message: z.string() }),
  },
  'memory:doctor': { request: NoInput, response: DoctorReportSchema },
  /** Reads the availability signals now (Settings shows them with their values). */
  'availability:get': { request: NoInput, response: AvailabilityViewSchema },
  'history:get': {
    request: z.object({ days: z.number().int().min(1).max(365).default(30) }).strict(),
    response: HistoryViewSchema,
  },
  /** Changes the outcome of a past check-in (History). */
  'history:correct': {
    request: z.object({ key: InterventionKeySchema, outcome: OutcomeSchema }).strict(),
    response: z.object({ key: z.string(), outcome: OutcomeSchema }),
  },
  /** Deletes a past check-in (History; the window asks for confirmation first). */
  'history:delete': {
    request: z.object({ key: InterventionKeySchema }).strict(),
    response: z.object({ key: z.string(), deleted: z.literal(true) }),
  },
  'data:export': {
    request: NoInput,
    response: z.object({ path: z.string(), interventions: z.number(), insights: z.number() }),
  },
  'data:delete': {
    request: z.object({ confirm: z.literal(DELETE_CONFIRMATION) }).strict(),
    response: z.object({ deleted: z.number().int().nonnegative() }),
  },
} as const;

export type IpcChannel = keyof typeof ipcContract;
export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['request']>;
export type IpcParsedRequest<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['response']>;

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && Object.hasOwn(ipcContract, value);
}

/** Main → renderer events. */
export const eventContract = {
  'checkin:due': CheckInViewSchema,
  /** The open check-in changed without a new one opening: its final wording arrived. */
  'checkin:updated': CheckInViewSchema,
  'status:changed': AppStatusSchema,
  navigate: z.object({
    view: z.enum(['checkin', 'settings', 'history', 'onboarding']),
    /** 'task': open the check-in view with its task field focused (tray "Current task: …"). */
    focus: z.enum(['task']).optional(),
  }),
} as const;
export type IpcEvent = keyof typeof eventContract;
export const IPC_EVENTS = Object.keys(eventContract) as IpcEvent[];
export type IpcEventPayload<E extends IpcEvent> = z.output<(typeof eventContract)[E]>;

/** Every invoke resolves to an envelope, so errors keep their code and readable message. */
export const IpcErrorSchema = z.object({
  code: z.enum(['invalid_input', 'forbidden', 'not_found', 'unavailable', 'failed']),
  message: z.string(),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** The API the preload exposes as `window.keel` (and the preview bridge client mirrors). */
export interface KeelApi {
  invoke<C extends IpcChannel>(
    channel: C,
    request: IpcRequest<C>,
  ): Promise<IpcResult<IpcResponse<C>>>;
  /** Asks the host to do something to the calling window; resolves when it is done (or refused). */
  host(action: HostAction): Promise<void>;
  /** Subscribes to a main → renderer event; returns an unsubscribe function. */
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
}

/** The global name the preload binds the API under. */
export const KEEL_API_GLOBAL = 'keel';
