// Non-secret settings (kept in settings.json under the data directory) and the views of secrets,
// memory status and history that the renderer may see. Secrets themselves never appear here.
import { z } from 'zod';
import { InsightSchema, InterventionSummarySchema, OUTCOMES, UserIdSchema } from './domain';

export const DEFAULT_EMBEDDING_MODEL = 'gemini-embedding-001';
export const DEFAULT_EMBEDDING_DIM = 768;
export const DEFAULT_TEXT_MODEL = 'gemini-flash-latest';
export const OFFLINE_EMBEDDING_MODEL = 'keel-offline-glove-v2';
export const DEFAULT_RETENTION_DAYS = 30;
/**
 * Recall's similarity floor per embedder: below it a record is not "similar" and is never shown.
 * Gemini embeddings of unrelated moments still score around 0.4–0.5 (the space is anisotropic).
 * The offline embedder (GloVe word vectors + hashed wording) gives paraphrases of the same moment
 * about 0.35–0.58 (10th–90th percentile on test/fixtures/paraphrase-moments.json) and unrelated
 * moments about 0.22 (median), so 0.3 keeps nearly every real match and drops most noise.
 */
export const DEFAULT_MIN_SIMILARITY: Readonly<Record<'gemini' | 'offline', number>> = {
  gemini: 0.55,
  offline: 0.3,
};
export const DEFAULT_CHECKIN_INTERVAL_MINUTES = 20;
/**
 * The burden budget's defaults. Twenty-four is about what the default 20-minute interval fires in
 * the default working day, so out of the box the interval is what the person sees; the cap is a
 * ceiling for short intervals and long days, and when it binds the check-ins left are spread over
 * the rest of the day. Ten minutes is the shortest gap between two scheduled check-ins whatever
 * else happens (a short snooze, a check-in asked for by hand).
 */
export const DEFAULT_DAILY_CHECKIN_CAP = 24;
export const DEFAULT_MIN_CHECKIN_GAP_MINUTES = 10;
/** The one snooze length: Esc, the snooze button, a "not now" reply and the IPC default. */
export const DEFAULT_SNOOZE_MINUTES = 15;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM (24h)');

export const DayHoursSchema = z.object({
  enabled: z.boolean(),
  start: TimeOfDaySchema,
  end: TimeOfDaySchema,
});
export type DayHours = z.infer<typeof DayHoursSchema>;

export const WorkingHoursSchema = z.object({
  mon: DayHoursSchema,
  tue: DayHoursSchema,
  wed: DayHoursSchema,
  thu: DayHoursSchema,
  fri: DayHoursSchema,
  sat: DayHoursSchema,
  sun: DayHoursSchema,
});
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;

const weekday = { enabled: true, start: '09:00', end: '17:30' };
const weekend = { enabled: false, start: '10:00', end: '16:00' };
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  mon: weekday,
  tue: weekday,
  wed: weekday,
  thu: weekday,
  fri: weekday,
  sat: weekend,
  sun: weekend,
};

export const SettingsSchema = z.object({
  userId: UserIdSchema.default('me'),
  /** auto = Gemini when an API key is available, otherwise the offline embedder. */
  embedder: z.enum(['auto', 'gemini', 'offline']).default('auto'),
  embeddingModel: z.string().min(1).max(128).default(DEFAULT_EMBEDDING_MODEL),
  embeddingDim: z.number().int().min(8).max(3072).default(DEFAULT_EMBEDDING_DIM),
  textModel: z.string().min(1).max(128).default(DEFAULT_TEXT_MODEL),
  checkInIntervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(240)
    .default(DEFAULT_CHECKIN_INTERVAL_MINUTES),
  snoozeMinutes: z.number().int().min(1).max(240).default(DEFAULT_SNOOZE_MINUTES),
  workingHours: WorkingHoursSchema.default(DEFAULT_WORKING_HOURS),
  /** Scheduled check-ins per day at most (a focus session started by hand has its own pace). */
  dailyCheckInCap: z.number().int().min(1).max(100).default(DEFAULT_DAILY_CHECKIN_CAP),
  /** Minutes between two check-ins at least. */
  minCheckInGapMinutes: z.number().int().min(1).max(240).default(DEFAULT_MIN_CHECKIN_GAP_MINUTES),
  /** Move scheduled check-ins toward the moments the person usually answers. */
  adaptiveTiming: z.boolean().default(true),
  retentionDays: z.number().int().min(1).max(3650).default(DEFAULT_RETENTION_DAYS),
  launchAtLogin: z.boolean().default(false),
  onboardingDone: z.boolean().default(false),
  vectorAlgorithm: z.enum(['FLAT', 'HNSW']).default('FLAT'),
  /** Recall's similarity floor; unset = DEFAULT_MIN_SIMILARITY for the embedder in use. */
  minSimilarity: z.number().min(-1).max(1).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

type WithoutDefaults<T> = { [K in keyof T]: T[K] extends z.ZodDefault<infer Inner> ? Inner : T[K] };
function withoutDefaults<T extends z.ZodRawShape>(shape: T): WithoutDefaults<T> {
  return Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [
      key,
      field instanceof z.ZodDefault ? field.unwrap() : field,
    ]),
  ) as WithoutDefaults<T>;
}
/**
 * A partial update. Built from the fields without their defaults: zod 4's .partial() keeps
 * defaults, so `{ checkInIntervalMinutes: 25 }` would otherwise come out as a full settings object
 * and reset every other field (onboardingDone included).
 */
export const SettingsPatchSchema = z
  .object(withoutDefaults(SettingsSchema.shape))
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const SECRET_NAMES = ['geminiApiKey', 'redisUrl'] as const;
export const SecretNameSchema = z.enum(SECRET_NAMES);
export type SecretName = z.infer<typeof SecretNameSchema>;

/** Where secrets are kept. `basic_text` safeStorage is never used. */
export const SecretBackendSchema = z.enum(['keytar', 'safeStorage', 'memory', 'unavailable']);
export type SecretBackend = z.infer<typeof SecretBackendSchema>;

/** What the renderer may know about one secret: whether it is set and where from. Never its value. */
export const SecretStatusSchema = z.object({
  set: z.boolean(),
  source: z.enum(['keychain', 'environment', 'none']),
});
export const SecretsViewSchema = z.object({
  backend: SecretBackendSchema,
  /** Human-readable, e.g. "OS keychain (libsecret)" or "Electron safeStorage (gnome_libsecret)". */
  backendDetail: z.string(),
  geminiApiKey: SecretStatusSchema,
  redisUrl: SecretStatusSchema,
});
export type SecretsView = z.infer<typeof SecretsViewSchema>;

export const StoreKindSchema = z.enum(['embedded', 'plain-redis', 'query-engine']);
export type StoreKind = z.infer<typeof StoreKindSchema>;

/** The memory pipeline's status: which store is active and why, and what degraded. */
export const MemoryStatusSchema = z.object({
  store: StoreKindSchema,
  /** Why this store was chosen, e.g. "REDIS_URL set; server has search + json modules". */
  reason: z.string(),
  healthy: z.boolean(),
  /** Set when degraded: e.g. "Redis unreachable since 10:02 — 3 records waiting in the outbox". */
  problem: z.string().nullable(),
  outboxPending: z.number().int().nonnegative(),
  embedder: z.object({ kind: z.enum(['gemini', 'offline']), model: z.string(), dim: z.number() }),
  /** Set when stored vectors come from another model/dimension: recall is refused until reindexed. */
  mismatch: z.string().nullable(),
  /** Re-embedding after a model change, under way: records done of total (Settings shows it). */
  reembedding: z
    .object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() })
    .nullable()
    .default(null),
});
export type MemoryStatus = z.infer<typeof MemoryStatusSchema>;

export const DoctorCheckSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  /** How to fix it, when not ok. */
  fix: z.string().optional(),
});
export type DoctorCheck = z.infer<typeof DoctorCheckSchema>;
export const DoctorReportSchema = z.object({
  ok: z.boolean(),
  checks: z.array(DoctorCheckSchema),
});
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

const outcomeCounts = Object.fromEntries(
  OUTCOMES.map((o) => [o, z.number().int().nonnegative()]),
) as {
  [K in (typeof OUTCOMES)[number]]: z.ZodNumber;
};

export const HistoryViewSchema = z.object({
  /** One row per day (YYYY-MM-DD, local time), oldest first, with a count per outcome. */
  days: z.array(z.object({ date: z.string(), ...outcomeCounts })),
  strategies: z.array(
    z.object({
      strategy: z.string(),
      label: z.string(),
      tries: z.number().int().nonnegative(),
      successes: z.number().int().nonnegative(),
    }),
  ),
  insights: z.array(InsightSchema),
  recent: z.array(InterventionSummarySchema),
  /** When check-ins get answers: per local hour, how many opened and how many got a reply. */
  answerTimes: z
    .array(
      z.object({
        hour: z.number().int().min(0).max(23),
        opened: z.number().int().nonnegative(),
        answered: z.number().int().nonnegative(),
        medianLatencySeconds: z.number().nonnegative().nullable(),
      }),
    )
    .default([]),
});
export type HistoryView = z.infer<typeof HistoryViewSchema>;

export const TrayStateSchema = z.enum(['active', 'paused', 'due', 'offline']);
export type TrayState = z.infer<typeof TrayStateSchema>;

export const AppStatusSchema = z.object({
  trayState: TrayStateSchema,
  /** Check-ins paused until this time (ms); null = not paused; Infinity is sent as -1 (indefinitely). */
  pausedUntil: z.number().nullable(),
  nextCheckInAt: z.number().nullable(),
  memory: MemoryStatusSchema,
  onboardingDone: z.boolean(),
  /** 'electron' in the app, 'preview' in the browser preview. */
  host: z.enum(['electron', 'preview']),
  /** Why a due check-in has not opened ("you're in a call"), or null. */
  hold: z
    .object({ kind: z.enum(['availability', 'budget', 'timing']), reason: z.string() })
    .nullable()
    .default(null),
});
export type AppStatus = z.infer<typeof AppStatusSchema>;

export const SignalStatusSchema = z.object({
  id: z.enum(['do_not_disturb', 'microphone', 'presenting', 'fullscreen']),
  label: z.string(),
  state: z.enum(['busy', 'free', 'unknown']),
  detail: z.string(),
  source: z.string(),
  /** Busy for longer than Keel trusts this signal: shown, but no longer holding check-ins. */
  expired: z.boolean(),
});
/** The availability signals Keel can read on this machine and their current values. */
export const AvailabilityViewSchema = z.object({
  available: z.boolean(),
  heldBy: z.object({ id: SignalStatusSchema.shape.id, reason: z.string() }).nullable(),
  signals: z.array(SignalStatusSchema),
  checkedAt: z.number(),
});
export type AvailabilityView = z.infer<typeof AvailabilityViewSchema>;
