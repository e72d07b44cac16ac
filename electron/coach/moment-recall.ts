// What memory says about a moment: its embedding, the prompt's memory context, the similar
// interventions that worked (shown to the person) and all similar outcomes (evidence for the
// learner). Every call fails soft: a check-in never breaks because memory is unavailable.
import type { SimilarIntervention } from '../../shared/domain';
import type { Logger } from '../base/logger';
import { describeError } from '../base/redact';
import type { Memory } from '../memory/types';
import { taskKey } from './focus-session';
import { LEARNING_RECALL_K } from './learner';
import { saidKey } from './strategies';

/** The "what worked before" list: this many, at least this similar. */
export const SIMILAR_SHOWN = 3;
export const SIMILAR_MIN = 0.3;
/**
 * A moment from ANOTHER task is shown only when it is at least this similar (the same task needs
 * SIMILAR_MIN) and the two tasks are worded alike (TASK_ALIKE_MIN). Moment vectors carry the time
 * of day and the place in the block, so two different tasks at the same time of day can be closer
 * (0.85 with the offline embedder) than one task at two times (0.72): the moment alone cannot say
 * whether a nudge for "Write the report" belongs next to "Walk dog". The task words can.
 */
export const OTHER_TASK_MIN = 0.5;
export const TASK_ALIKE_MIN = 0.6;
/** How many recalled moments the list is chosen from (same-task moments may rank below others). */
const WORKED_RECALL_K = 50;

/** What "before" means for one check-in: which records and nudges not to show. */
export interface WorkedFilter {
  /** The current task: its own moments come first. */
  task: string;
  /** Records at or after this time belong to the current focus session: never shown. */
  sessionStartedAt: number | null;
  /** Nudges said in this session (saidKey form), the current one included: never shown again. */
  said?: ReadonlySet<string>;
}

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

  /** Similar past interventions that worked before this session, same task first, each nudge once. */
  worked(vector: Float32Array, filter: WorkedFilter): Promise<SimilarIntervention[]> {
    return this.safely(
      'recalling what worked',
      async () =>
        whatWorkedBefore(
          (
            await this.memory.findSimilar(this.userId, vector, {
              k: WORKED_RECALL_K,
              minSimilarity: SIMILAR_MIN,
            })
          ).matches,
          filter,
        ),
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
    const key = saidKey(m.intervention);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The "what worked before" list from recalled matches: nothing from the current session, nothing
 * already said in it, nothing under SIMILAR_MIN; the same task first, other tasks only when
 * clearly alike; each nudge once; at most SIMILAR_SHOWN.
 */
export function whatWorkedBefore(
  matches: readonly SimilarIntervention[],
  filter: WorkedFilter,
): SimilarIntervention[] {
  const task = taskKey(filter.task);
  const before = matches.filter(
    (m) =>
      m.similarity >= SIMILAR_MIN &&
      (filter.sessionStartedAt === null || m.timestamp < filter.sessionStartedAt) &&
      !filter.said?.has(saidKey(m.intervention)),
  );
  const sameTask = before.filter((m) => taskKey(m.task) === task);
  const otherTasks = before.filter(
    (m) =>
      taskKey(m.task) !== task &&
      m.similarity >= OTHER_TASK_MIN &&
      taskAlike(m.task, filter.task) >= TASK_ALIKE_MIN,
  );
  const bySimilarity = (a: SimilarIntervention, b: SimilarIntervention) =>
    b.similarity - a.similarity;
  return distinctNudges([...sameTask.sort(bySimilarity), ...otherTasks.sort(bySimilarity)]).slice(
    0,
    SIMILAR_SHOWN,
  );
}

/** How alike two task texts are in their letters (Dice over character trigrams, 0..1). */
export function taskAlike(a: string, b: string): number {
  const grams = (text: string) => {
    const padded = ` ${taskKey(text)} `;
    const out = new Set<string>();
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
    return out;
  };
  const x = grams(a);
  const y = grams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  return (2 * shared) / (x.size + y.size);
}
