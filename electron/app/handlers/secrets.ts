// The Gemini API key and the Redis URL: set, clear, test. Values go into the secret store only and
// are registered with the logger for redaction; the renderer only ever learns set/source.
import { InvalidInputError } from '../../../shared/domain';
import type { SecretName, SecretsView } from '../../../shared/settings';
import { registerSecret } from '../../base/logger';
import { describeError } from '../../base/redact';
import { resolveSecret } from '../../secrets/env-overrides';
import { SecretStoreUnavailableError } from '../../secrets/secret-store';
import { AppError } from '../invoke';
import { checkGeminiKey } from '../gemini-key-check';
import type { AppHandlers } from '../types';
import type { AppContext } from './context';

/** Checks a secret's shape before it is stored, with a message that says what is expected. */
export function validateSecret(name: SecretName, value: string): string {
  const trimmed = value.trim();
  if (name === 'redisUrl') {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new InvalidInputError(
        'The Redis URL is not a URL: expected redis://[user:password@]host:port',
      );
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
      throw new InvalidInputError('The Redis URL must start with redis:// or rediss://');
    }
    return trimmed;
  }
  if (/\s/.test(trimmed))
    throw new InvalidInputError('The API key must not contain spaces or line breaks');
  return trimmed;
}

export async function secretsView(ctx: AppContext): Promise<SecretsView> {
  const status = async (name: SecretName) => {
    try {
      const { value, source } = await resolveSecret(name, ctx.secrets, ctx.env);
      return { set: value !== null, source };
    } catch (error) {
      ctx.logger.warn(
        `reading ${name} from ${ctx.secrets.backend} failed: ${describeError(error)}`,
      );
      return { set: false, source: 'none' as const };
    }
  };
  return {
    backend: ctx.secrets.backend,
    backendDetail: ctx.secrets.detail,
    geminiApiKey: await status('geminiApiKey'),
    redisUrl: await status('redisUrl'),
  };
}

async function writeSecret(ctx: AppContext, name: SecretName, value: string | null): Promise<void> {
  const previous = await ctx.secrets.get(name).catch(() => null);
  try {
    if (value === null) await ctx.secrets.delete(name);
    else await ctx.secrets.set(name, value);
  } catch (error) {
    if (error instanceof SecretStoreUnavailableError)
      throw new AppError('unavailable', error.message);
    throw error;
  }
  // The core is built from the secrets: rebuild it; if that fails, put the old value back.
  await ctx.runtime.rebuild(async () => {
    if (previous === null) await ctx.secrets.delete(name);
    else await ctx.secrets.set(name, previous);
  });
}

export function secretsHandlers(
  ctx: AppContext,
): Pick<AppHandlers, 'secrets:get' | 'secrets:set' | 'secrets:clear' | 'secrets:test-gemini'> {
  return {
    'secrets:get': async () => secretsView(ctx),
    'secrets:set': async ({ name, value }) => {
      const clean = validateSecret(name, value);
      registerSecret(clean);
      await writeSecret(ctx, name, clean);
      await ctx.announceStatus();
      return secretsView(ctx);
    },
    'secrets:clear': async ({ name }) => {
      await writeSecret(ctx, name, null);
      await ctx.announceStatus();
      return secretsView(ctx);
    },
    'secrets:test-gemini': async () => {
      const { value } = await resolveSecret('geminiApiKey', ctx.secrets, ctx.env);
      if (!value) return { ok: false, message: 'No Gemini API key is set.' };
      const config = await ctx.resolveConfig(ctx.settings.get());
      return checkGeminiKey({
        apiKey: value,
        baseUrl: config.geminiBaseUrl,
        model: config.embeddingModel,
      });
    },
  };
}
