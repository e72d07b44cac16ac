// The core (memory, embedder, generator) and the coach engine built on it, with clean rebuilds when
// a setting or secret that shapes them changes. Rebuilds are serialised: every caller awaits the
// runtime that is current once pending rebuilds finish, so nobody uses a core that is being closed.
// A rebuild that fails puts the previous configuration back, so a bad change never leaves Keel
// without memory.
import type { CheckInView } from '../../shared/checkin';
import { createCoachEngine } from '../coach/session-engine';
import type { CoachEngine } from '../coach/engine-types';
import { FileReplyCorrections, type ReplyCorrections } from '../coach/reply-corrections';
import type { KeelConfig } from '../base/config';
import { createKeelCore } from '../memory/create-core';
import { describeError } from '../base/redact';
import type { Logger } from '../base/logger';

type KeelCore = Awaited<ReturnType<typeof createKeelCore>>;

export interface Runtime {
  config: KeelConfig;
  core: KeelCore;
  engine: CoachEngine;
  /** The person's corrected replies (cleared with "delete my data"). */
  corrections: ReplyCorrections;
}

export interface RuntimeDeps {
  /** Resolves the configuration from current settings and secrets (throws InvalidInputError on bad ones). */
  resolve: () => Promise<KeelConfig>;
  clock: () => number;
  logger: Logger;
  /** The task the person last set (remembered across restarts); every new engine starts with it. */
  currentTask?: () => string | null;
  /** How long a check-in waits for a reply (the engine owns it; the loop reads it). */
  replyTimeoutMs?: number;
  /** The snooze length setting, read at each snooze. */
  snoozeMinutes?: () => number;
  /** The memory status changed by itself (re-embedding progress): announce it. */
  onMemoryStatusChange?: () => void;
  /** Told when the open check-in's final wording arrives (the host sends `checkin:updated`). */
  onCheckInUpdated?: (view: CheckInView) => void;
}

const MINUTE_MS = 60_000;
/** The shortest focus block a session may have (shared/checkin.ts StartSessionSchema). */
const MIN_SESSION_MINUTES = 5;

async function build(config: KeelConfig, deps: RuntimeDeps): Promise<Runtime> {
  // The app moves memory to a new embedding model by itself; nobody has to run keel reindex.
  const core = await createKeelCore(config, {
    clock: deps.clock,
    reembed: 'background',
    onMemoryStatusChange: deps.onMemoryStatusChange,
  });
  try {
    const corrections = await FileReplyCorrections.open({
      dataDir: config.dataDir,
      userId: config.userId,
      space: core.memory.space,
      // The reply alone, embedded like a moment without context.
      embed: (reply) => core.memory.embedMoment(reply, ''),
      logger: deps.logger,
    });
    const engine = await createCoachEngine({
      userId: config.userId,
      memory: core.memory,
      generator: core.generator,
      clock: deps.clock,
      logger: deps.logger,
      corrections,
      ...(deps.snoozeMinutes ? { snoozeMinutes: deps.snoozeMinutes } : {}),
      ...(deps.replyTimeoutMs !== undefined ? { replyTimeoutMs: deps.replyTimeoutMs } : {}),
      ...(deps.onCheckInUpdated ? { onCheckInUpdated: deps.onCheckInUpdated } : {}),
    });
    const task = deps.currentTask?.();
    if (task) engine.setTask(task);
    return { config, core, engine, corrections };
  } catch (error) {
    await core.close().catch(() => undefined);
    throw error;
  }
}

async function shutDown(runtime: Runtime, logger: Logger): Promise<void> {
  try {
    await runtime.engine.flush();
  } catch (error) {
    logger.warn(`flushing the coach before closing failed: ${describeError(error)}`);
  }
  try {
    await runtime.core.close();
  } catch (error) {
    logger.warn(`closing the core failed: ${describeError(error)}`);
  }
}

/** A focus session running in the old engine carries on in the new one (same task, remaining time). */
async function carryOverSession(from: Runtime, to: Runtime, now: number): Promise<void> {
  const session = from.engine.session();
  if (!session.active) return;
  const remaining =
    session.endsAt === null ? undefined : Math.floor((session.endsAt - now) / MINUTE_MS);
  if (remaining !== undefined && remaining < MIN_SESSION_MINUTES) return;
  await to.engine.startSession({
    ...(session.task ? { task: session.task } : {}),
    ...(remaining !== undefined ? { minutes: remaining } : {}),
  });
}

export class CoreRuntime {
  private current: Promise<Runtime>;
  private closed = false;

  private constructor(
    private readonly deps: RuntimeDeps,
    first: Promise<Runtime>,
  ) {
    this.current = first;
  }

  static async open(deps: RuntimeDeps): Promise<CoreRuntime> {
    const first = build(await deps.resolve(), deps);
    await first;
    return new CoreRuntime(deps, first);
  }

  get(): Promise<Runtime> {
    if (this.closed) return Promise.reject(new Error('Keel is shutting down'));
    return this.current;
  }

  /**
   * Rebuilds the core with the configuration `deps.resolve()` now gives. If that fails, `revert` is
   * called (to undo the settings/secret change) and the previous configuration is rebuilt.
   */
  rebuild(revert: () => Promise<void> = async () => {}): Promise<Runtime> {
    type Outcome =
      { runtime: Runtime; failed: false } | { runtime: Runtime; failed: true; error: unknown };
    const attempt = this.current.then(async (old): Promise<Outcome> => {
      let config: KeelConfig;
      try {
        config = await this.deps.resolve();
      } catch (error) {
        // Refused before anything was closed: the old runtime simply stays.
        await revert();
        return { runtime: old, failed: true, error };
      }
      await shutDown(old, this.deps.logger);
      try {
        const fresh = await build(config, this.deps);
        await this.carryOver(old, fresh);
        return { runtime: fresh, failed: false };
      } catch (error) {
        this.deps.logger.warn(
          `rebuilding the core failed, restoring the previous one: ${describeError(error)}`,
        );
        await revert();
        const restored = await build(old.config, this.deps);
        await this.carryOver(old, restored);
        return { runtime: restored, failed: true, error };
      }
    });
    this.current = attempt.then((result) => result.runtime);
    return attempt.then((result) => {
      if (result.failed) throw result.error;
      return result.runtime;
    });
  }

  private async carryOver(from: Runtime, to: Runtime): Promise<void> {
    try {
      await carryOverSession(from, to, this.deps.clock());
    } catch (error) {
      this.deps.logger.warn(`could not carry the focus session over: ${describeError(error)}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const runtime = await this.current.catch(() => null);
    if (runtime) await shutDown(runtime, this.deps.logger);
  }
}
