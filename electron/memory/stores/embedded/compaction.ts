// Keeping the embedded store's log and memory small: expired records are swept out of memory at
// most hourly, and the log is rewritten with only live records once dead frames (overwritten,
// expired, forgotten) are both numerous and the majority.
import type { Logger } from '../../../core/logger';
import { encodeInsight, encodeIntervention, encodeSetMeta } from './record-codec';
import type { StoreWriter } from './store-writer';
import type { UserIndex } from './user-index';

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export class Compactor {
  constructor(
    private readonly now: () => number,
    private readonly logger: Logger,
    /** Compact once at least this many frames are dead and they outnumber the live ones. */
    private readonly minDeadFrames: number,
  ) {}

  /** Sweeps expired records if an hour has passed, then compacts if enough frames are dead. */
  async maybeCompact(writer: StoreWriter): Promise<void> {
    const now = this.now();
    if (now - writer.lastSweepMs >= SWEEP_INTERVAL_MS) {
      for (const user of writer.users.values()) user.removeExpired(now);
      writer.lastSweepMs = now;
    }
    const live = liveFrames(writer.users);
    const dead = writer.framesInLog - live;
    if (dead >= this.minDeadFrames && dead > live) await this.compact(writer);
  }

  /** Rewrites the log with only live records (expired ones and forgotten users are dropped). */
  async compact(writer: StoreWriter): Promise<void> {
    const now = this.now();
    for (const user of writer.users.values()) user.removeExpired(now);
    const frames = await writer.rewrite(liveLog(writer.users, now));
    writer.lastSweepMs = now;
    this.logger.info(`compacted ${writer.path}: ${frames} live records kept`);
  }
}

/** Every live record as a frame: each user's space, insights and unexpired interventions. */
function* liveLog(users: Map<string, UserIndex>, now: number): Generator<Buffer> {
  for (const [userId, user] of users) {
    if (user.space) yield encodeSetMeta(userId, user.space);
    for (const insight of user.insights.values()) yield encodeInsight(insight);
    for (const space of user.allSpaces()) {
      for (const { fields, vector, expiresAt } of space.live(now)) {
        const record = {
          ...fields,
          embeddingModel: space.model,
          embeddingDim: space.dim,
          embedding: vector,
        };
        yield encodeIntervention(record, expiresAt);
      }
    }
  }
}

/** Frames that still back something in memory: records held (expired or not), insights, spaces. */
function liveFrames(users: Map<string, UserIndex>): number {
  let live = 0;
  for (const user of users.values())
    live += user.interventionsHeld + user.insights.size + (user.space ? 1 : 0);
  return live;
}
