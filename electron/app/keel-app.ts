// Composition of the application layer: settings, secrets, the core + coach runtime, the check-in
// loop and the handlers, behind one invoke() that both hosts (Electron IPC, the preview's HTTP
// bridge) call. Hosts add transport only.
import { InvalidInputError } from '../../shared/domain';
import type { IpcChannel, IpcRequest, IpcResponse, IpcResult } from '../../shared/ipc';
import type { AppStatus, Settings } from '../../shared/settings';
import { resolveConfig, type KeelConfig } from '../base/config';
import { createLogger, registerSecret } from '../base/logger';
import { describeError } from '../base/redact';
import { resolveSecret } from '../secrets/env-overrides';
import { createAvailability } from './availability/index';
import { CheckInLoop } from './check-in-loop';
import { CoreRuntime } from './core-runtime';
import { CurrentTask } from './current-task';
import type { AppContext } from './handlers/context';
import { createHandlers } from './handlers/index';
import { invokeChannel } from './invoke';
import { PacingLog } from './pacing';
import { openSettingsStore } from './settings-store';
import { deriveTrayState } from './tray-state';
import type { KeelApp, KeelAppOptions } from './types';

/** AppStatus carries "paused indefinitely" as -1 (JSON has no Infinity). */
function pausedUntilForStatus(pausedUntil: number | null): number | null {
  if (pausedUntil === null) return null;
  return Number.isFinite(pausedUntil) ? pausedUntil : -1;
}

export async function createKeelApp(options: KeelAppOptions): Promise<KeelApp> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? Date.now;
  const logger = createLogger('app');
  const settings = await openSettingsStore(options.dataDir, logger);
  const secrets = options.secrets;
  const currentSecrets: Array<string | null> = [];

  async function resolveConfigFor(candidate: Settings): Promise<KeelConfig> {
    // Environment values win over stored ones (resolveSecret), and are passed as overrides so that
    // resolveConfig sees the same effective secret whichever place it came from.
    const readSecret = async (name: 'geminiApiKey' | 'redisUrl') => {
      try {
        return (await resolveSecret(name, secrets, env)).value;
      } catch (error) {
        logger.warn(
          `reading ${name} from the ${secrets.backend} store failed (${describeError(error)}); continuing without it`,
        );
        return null;
      }
    };
    const googleApiKey = await readSecret('geminiApiKey');
    const redisUrl = await readSecret('redisUrl');
    for (const value of [googleApiKey, redisUrl]) {
      registerSecret(value);
      if (value && !currentSecrets.includes(value)) currentSecrets.push(value);
    }
    return resolveConfig({
      env,
      settings: candidate,
      overrides: { ...options.overrides, dataDir: options.dataDir, googleApiKey, redisUrl },
    });
  }

  /**
   * The configuration the runtime is built from. A forced Gemini embedder whose key has gone (keychain
   * locked, key cleared) falls back to 'auto' with a warning rather than leaving Keel unable to start;
   * settings:update still refuses to *choose* Gemini without a key.
   */
  async function runtimeConfig(): Promise<KeelConfig> {
    const current = settings.get();
    try {
      return await resolveConfigFor(current);
    } catch (error) {
      if (!(error instanceof InvalidInputError) || current.embedder !== 'gemini') throw error;
      logger.warn(`${error.message} Using the automatic embedder choice instead.`);
      return resolveConfigFor({ ...current, embedder: 'auto' });
    }
  }

  const currentTask = await CurrentTask.open(options.dataDir, logger);
  let started = false;
  const runtime = await CoreRuntime.open({
    resolve: runtimeConfig,
    clock,
    logger,
    currentTask: () => currentTask.get(),
    snoozeMinutes: () => settings.get().snoozeMinutes,
    ...(options.replyTimeoutMs !== undefined ? { replyTimeoutMs: options.replyTimeoutMs } : {}),
    // Re-embedding progress after a model change shows in Settings as it happens.
    onMemoryStatusChange: () => {
      if (started) announceIfChanged();
    },
    onCheckInUpdated: (view) => options.emit('checkin:updated', view),
  });

  const availability = createAvailability({
    clock,
    ...(options.availabilityReaders ? { readers: options.availabilityReaders } : {}),
  });
  const pacing = await PacingLog.open(options.dataDir, logger);

  let lastAnnounced = '';
  async function status(): Promise<AppStatus> {
    const { core, engine } = await runtime.get();
    const memory = core.memory.status();
    const pausedUntil = loop.pausedUntil();
    return {
      trayState: deriveTrayState({
        checkInAwaitingReply: engine.current()?.state === 'awaiting_reply',
        memoryHealthy: memory.healthy,
        paused: pausedUntil !== null,
      }),
      pausedUntil: pausedUntilForStatus(pausedUntil),
      nextCheckInAt:
        pausedUntil === null || Number.isFinite(pausedUntil)
          ? loop.evaluation(engine.session()).nextAt
          : null,
      memory,
      onboardingDone: settings.get().onboardingDone,
      host: options.host,
      hold: loop.hold(),
    };
  }
  async function announceStatus(): Promise<AppStatus> {
    const current = await status();
    lastAnnounced = JSON.stringify({ ...current, nextCheckInAt: null });
    options.emit('status:changed', current);
    return current;
  }
  /** From the loop's ticks: only tell the host when something visible changed. */
  function announceIfChanged(): void {
    void status()
      .then((current) => {
        const key = JSON.stringify({ ...current, nextCheckInAt: null });
        if (key === lastAnnounced) return;
        lastAnnounced = key;
        options.emit('status:changed', current);
      })
      .catch(() => undefined);
  }

  const loop = new CheckInLoop({
    runtime: () => runtime.get(),
    settings: () => settings.get(),
    clock,
    emit: options.emit,
    logger,
    onChange: announceIfChanged,
    availability,
    pacing,
    ...(options.checkInTickMs !== undefined ? { tickMs: options.checkInTickMs } : {}),
  });

  const ctx: AppContext = {
    options,
    env,
    clock,
    logger,
    settings,
    secrets,
    runtime,
    loop,
    availability,
    pacing,
    resolveConfig: resolveConfigFor,
    rememberTask: (task) => currentTask.remember(task, clock()),
    status,
    announceStatus,
  };
  const handlers = createHandlers(ctx);
  loop.start();
  started = true;

  let closed = false;
  const dispatch = (channel: string, rawRequest: unknown): Promise<IpcResult<unknown>> =>
    closed
      ? Promise.resolve({
          ok: false,
          error: { code: 'unavailable', message: 'Keel is shutting down' },
        })
      : invokeChannel(
          { handlers, logger, knownSecrets: () => currentSecrets },
          channel,
          rawRequest,
        );
  return {
    handlers,
    dispatch,
    // The contract validates the response inside dispatch, so its type is the channel's response.
    invoke: <C extends IpcChannel>(channel: C, request: IpcRequest<C>) =>
      dispatch(channel, request) as Promise<IpcResult<IpcResponse<C>>>,
    setSystemState: (state) => loop.setSystemState(state),
    checkSchedule: () => loop.tick(),
    async close() {
      if (closed) return;
      closed = true;
      loop.stop();
      await pacing.flush();
      await runtime.close();
    },
  };
}
