// Non-secret settings (kept in settings.json under the data directory) and the views of secrets,
// memory status and history that the renderer may see. Secrets themselves never appear here.
import { z } from 'zod';
import { InsightSchema, InterventionSummarySchema, OUTCOMES, UserIdSchema } from './domain';

export const DEFAULT_EMBEDDING_MODEL = 'gemini-embedding-001';
export const DEFAULT_EMBEDDING_DIM = 768;
export const DEFAULT_TEXT_MODEL = 'gemini-flash-latest';
export const OFFLINE_EMBEDDING_MODEL = 'keel-offline-hash-v1';
export const DEFAULT_RETENTION_DAYS = 30;
/**
 * The least similarity a recalled moment needs to count as "similar", per embedder, unless the
 * minSimilarity setting says otherwise. The scales differ: Gemini embeddings of unrelated moments
 * still score around 0.4–0.5 (the space is anisotropic), while the offline embedder gives 0 to
 * moments that share no feature, so a small positive floor already means "shares something".
 */
export const DEFAULT_MIN_SIMILARITY: Readonly<Record<'gemini' | 'offline', number>> = {
  gemini: 0.55,
  offline: 0.1,
};
export const DEFAULT_CHECKIN_INTERVAL_MINUTES = 20;

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
  workingHours: WorkingHoursSchema.default(DEFAULT_WORKING_HOURS),
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
});
export type AppStatus = z.infer<typeof AppStatusSchema>;
