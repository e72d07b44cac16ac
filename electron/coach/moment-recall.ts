// What memory says about a moment: its embedding, the prompt's memory context, the similar
// interventions that worked (shown to the person) and all similar outcomes (evidence for the
// learner). Every call fails soft: a check-in never breaks because memory is unavailable.
import type { SimilarIntervention } from '../../shared/domain';
import type { Logger } from '../core/logger';
import { describeError } from '../core/redact';
import type { Memory } from '../memory/types';
import { LEARNING_RECALL_K } from './learner';

/** The "what worked before" list: this many, at least this similar. */
export const SIMILAR_SHOWN = 3;
export const SIMILAR_MIN = 0.3;

export class MomentRecall {
  constructor(
    private readonly memory: Memory,
    private readonly userId: string,
    private readonly logger: Logger,
  ) {}

  /** The moment's vector, or null when embedding failed. */
  embed(task: string, context: string): Promise<Float32Array | null> {
    return this.safely('embedding the moment', () => this.memory.embedMoment(task, context), null);
  }

  /** The memory context for the wording prompt ('' when it cannot be read). */
  promptContext(): Promise<string> {
    return this.safely(
      'reading the memory context',
      () => this.memory.getContextForPrompt(this.userId),
      '',
    );
  }

  /** Similar past interventions that worked, each nudge once. */
  worked(vector: Float32Array): Promise<SimilarIntervention[]> {
    return this.safely(
      'recalling what worked',
      async () =>
        distinctNudges(
          (
            await this.memory.findSimilar(this.userId, vector, {
              // Room for repeats: the same library phrasing can have worked several times.
              k: SIMILAR_SHOWN * 4,
              minSimilarity: SIMILAR_MIN,
            })
          ).matches,
        ).slice(0, SIMILAR_SHOWN),
      [] as SimilarIntervention[],
    );
  }

  /** Similar past moments whatever their outcome: the learner's evidence. */
  evidence(vector: Float32Array): Promise<SimilarIntervention[]> {
    return this.safely(
      'recalling similar moments',
      async () =>
        (
          await this.memory.findSimilar(this.userId, vector, {
            outcomes: 'any',
            k: LEARNING_RECALL_K,
          })
        ).matches,
      [] as SimilarIntervention[],
    );
  }

  /** Runs a memory call; on failure logs it and goes on with `fallback` (a check-in never breaks). */
  private async safely<T>(what: string, run: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.logger.warn(`${what} failed: ${describeError(error)}`);
      return fallback;
    }
  }
}

/**
 * One entry per distinct nudge (the best-matching occurrence): "what worked before" should show
 * different things that helped, not the same sentence three times.
 */
export function distinctNudges(matches: readonly SimilarIntervention[]): SimilarIntervention[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = m.intervention.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
