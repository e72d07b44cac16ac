// Resolves Keel's runtime configuration from (in increasing priority) defaults, settings.json,
// the environment and explicit overrides (CLI flags, the desktop app's keychain secrets).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { InvalidInputError, UserIdSchema, describeZodError } from '../../shared/domain';
import {
  DEFAULT_EMBEDDING_DIM,
  DEFAULT_EMBEDDING_MODEL,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_TEXT_MODEL,
  type Settings,
} from '../../shared/settings';

export interface KeelConfig {
  dataDir: string;
  userId: string;
  redisUrl: string | null;
  googleApiKey: string | null;
  geminiBaseUrl: string | null;
  /** Resolved: gemini when a key is available (unless forced offline), otherwise offline. */
  embedder: 'gemini' | 'offline';
  embeddingModel: string;
  embeddingDim: number;
  textModel: string;
  retentionDays: number;
  vectorAlgorithm: 'FLAT' | 'HNSW';
  /** Recall's similarity floor; null = the embedder's default (DEFAULT_MIN_SIMILARITY). */
  minSimilarity: number | null;
  wandbApiKey: string | null;
}

export type ConfigOverrides = Partial<Omit<KeelConfig, 'embedder'>> & {
  embedder?: 'auto' | 'gemini' | 'offline';
};

const EnvSchema = z.object({
  REDIS_URL: z.string().optional(),
  GOOGLE_API_KEY: z.string().optional(),
  GEMINI_API_KEY: z.string().optional(),
  KEEL_GEMINI_BASE_URL: z.string().url('KEEL_GEMINI_BASE_URL must be a URL').optional(),
  KEEL_DATA_DIR: z.string().optional(),
  KEEL_USER: UserIdSchema.optional(),
  KEEL_EMBEDDER: z.enum(['auto', 'gemini', 'offline']).optional(),
  KEEL_EMBEDDING_MODEL: z.string().min(1).optional(),
  KEEL_EMBEDDING_DIM: z.coerce.number().int().min(8).max(3072).optional(),
  KEEL_TEXT_MODEL: z.string().min(1).optional(),
  KEEL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).optional(),
  KEEL_VECTOR_ALGORITHM: z.enum(['FLAT', 'HNSW']).optional(),
  KEEL_MIN_SIMILARITY: z.coerce.number().min(-1).max(1).optional(),
  WANDB_API_KEY: z.string().optional(),
});

/** Where Keel keeps its local data when KEEL_DATA_DIR is not set (XDG / macOS / Windows conventions). */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Keel');
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Keel');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Keel');
}

function blankToNull(value: string | null | undefined): string | null {
  return value && value.trim() ? value.trim() : null;
}

export function resolveConfig(
  options: {
    env?: NodeJS.ProcessEnv;
    settings?: Partial<Settings>;
    overrides?: ConfigOverrides;
  } = {},
): KeelConfig {
  const parsedEnv = EnvSchema.safeParse(options.env ?? process.env);
  if (!parsedEnv.success) {
    throw new InvalidInputError(`Invalid environment: ${describeZodError(parsedEnv.error)}`);
  }
  const env = parsedEnv.data;
  const settings = options.settings ?? {};
  const o = options.overrides ?? {};

  const googleApiKey = blankToNull(o.googleApiKey ?? env.GOOGLE_API_KEY ?? env.GEMINI_API_KEY);
  const embedderChoice = o.embedder ?? env.KEEL_EMBEDDER ?? settings.embedder ?? 'auto';
  if (embedderChoice === 'gemini' && !googleApiKey) {
    throw new InvalidInputError(
      'The Gemini embedder was requested but no API key is set: set GOOGLE_API_KEY, or use KEEL_EMBEDDER=offline.',
    );
  }
  const embedder =
    embedderChoice === 'auto' ? (googleApiKey ? 'gemini' : 'offline') : embedderChoice;

  const userId = o.userId ?? env.KEEL_USER ?? settings.userId ?? 'me';
  const checkedUser = UserIdSchema.safeParse(userId);
  if (!checkedUser.success)
    throw new InvalidInputError(`Invalid user id: ${checkedUser.error.issues[0]?.message}`);

  return {
    dataDir:
      o.dataDir ?? blankToNull(env.KEEL_DATA_DIR) ?? defaultDataDir(options.env ?? process.env),
    userId: checkedUser.data,
    redisUrl: blankToNull(o.redisUrl ?? env.REDIS_URL),
    googleApiKey,
    geminiBaseUrl: blankToNull(o.geminiBaseUrl ?? env.KEEL_GEMINI_BASE_URL),
    embedder,
    embeddingModel:
      o.embeddingModel ??
      env.KEEL_EMBEDDING_MODEL ??
      settings.embeddingModel ??
      DEFAULT_EMBEDDING_MODEL,
    embeddingDim:
      o.embeddingDim ?? env.KEEL_EMBEDDING_DIM ?? settings.embeddingDim ?? DEFAULT_EMBEDDING_DIM,
    textModel: o.textModel ?? env.KEEL_TEXT_MODEL ?? settings.textModel ?? DEFAULT_TEXT_MODEL,
    retentionDays:
      o.retentionDays ??
      env.KEEL_RETENTION_DAYS ??
      settings.retentionDays ??
      DEFAULT_RETENTION_DAYS,
    vectorAlgorithm:
      o.vectorAlgorithm ?? env.KEEL_VECTOR_ALGORITHM ?? settings.vectorAlgorithm ?? 'FLAT',
    minSimilarity: o.minSimilarity ?? env.KEEL_MIN_SIMILARITY ?? settings.minSimilarity ?? null,
    wandbApiKey: blankToNull(o.wandbApiKey ?? env.WANDB_API_KEY),
  };
}
