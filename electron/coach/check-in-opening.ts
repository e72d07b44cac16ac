// Opening a check-in: embed the moment ONCE → recall what worked and the learner's evidence with
// that vector → choose a strategy → the CheckInView with the library wording, at once. The model's
// wording (at most one generation call) follows as `wording`, for the engine to apply if the
// check-in still waits for its reply when it arrives.
import { randomUUID } from 'node:crypto';
import type { CheckInView } from '../../shared/checkin';
import type { SimilarIntervention, StrategyId } from '../../shared/domain';
import type { Logger } from '../base/logger';
import { markSaid, nudgeTask, recentTurns, type ActiveSession } from './focus-session';
import { chooseStrategy, type LearnerSettings } from './learner';
import type { MomentRecall } from './moment-recall';
import { getStrategy, hasUnsaidPhrasing, libraryNudge, saidKey, type StepSize } from './strategies';
import type { TextGenerator } from '../gemini/text-generator';
import { DEFAULT_WORDING_TIMEOUT_MS, wordWithModel, type WordedNudge } from './wording';

/** A check-in plus what the engine keeps about it (never shown): the vector, context and evidence. */
export interface OpenCheckIn {
  view: CheckInView;
  sessionId: string;
  strategy: StrategyId;
  context: string;
  vector: Float32Array | null;
  evidence: SimilarIntervention[];
  /** The library wording the view opened with (what is recorded if the model's never shows). */
  libraryNudge: string;
  /** The model's wording on its way (null offline); resolves, never rejects. */
  wording: Promise<WordedNudge> | null;
}

export interface CheckInOpener {
  recall: MomentRecall;
  generator: TextGenerator | null;
  random: () => number;
  wordingTimeoutMs?: number;
  logger: Logger;
  learner?: LearnerSettings;
}

/**
 * Opens a check-in in `session` at `now`; `context` is the moment in words. Never throws for model
 * or memory failures: the library wording and empty recall stand in.
 */
export async function openCheckIn(
  session: ActiveSession,
  turn: { smallerThan: StepSize | null },
  now: number,
  context: string,
  opener: CheckInOpener,
): Promise<OpenCheckIn> {
  const { recall } = opener;
  // A task reported done is never nudged about again: the check-in asks about what comes next.
  const task = nudgeTask(session);

  // The vector and the prompt context do not depend on each other: fetch them together.
  const [vector, memoryContext] = await Promise.all([
    recall.embed(task, context),
    opener.generator ? recall.promptContext() : Promise.resolve(''),
  ]);
  const filter = { task, sessionStartedAt: session.startedAt, said: session.said };
  const [recalled, evidence] = vector
    ? await Promise.all([recall.worked(vector, filter), recall.evidence(vector)])
    : [[], []];

  const choose = (avoid: StrategyId | null) =>
    chooseStrategy(evidence, {
      ...opener.learner,
      random: opener.random,
      task,
      session: session.transcript,
      avoid,
      smallerThan: turn.smallerThan,
    });
  let choice = choose(null);
  // Every wording of this strategy was said already in this session: another one, not a repeat.
  if (!hasUnsaidPhrasing(choice.strategy, task, session.said)) choice = choose(choice.strategy);
  const strategy = getStrategy(choice.strategy);
  // The library wording is picked first so the random sequence does not depend on the model's luck;
  // like every text in a session, it is one not said before.
  const library = libraryNudge(strategy.id, task, opener.random, session.said);
  const wording = opener.generator
    ? wordWithModel(
        {
          task,
          strategy: strategy.id,
          recent: recentTurns(session),
          worked: recalled,
          memoryContext,
          said: session.said,
        },
        library,
        {
          generator: opener.generator,
          random: opener.random,
          timeoutMs: opener.wordingTimeoutMs ?? DEFAULT_WORDING_TIMEOUT_MS,
          logger: opener.logger,
        },
      )
    : null;
  // Marked before the model's wording is checked, so the model cannot repeat it either.
  markSaid(session, library);
  // The nudge being shown is not also listed as something that worked before.
  const worked = recalled.filter((m) => saidKey(m.intervention) !== saidKey(library));
  const view: CheckInView = {
    id: `checkin-${now}-${randomUUID().slice(0, 8)}`,
    task,
    nudge: library,
    strategy: strategy.id,
    strategyLabel: strategy.label,
    wordingSource: 'library',
    wordingPending: wording !== null,
    createdAt: now,
    state: 'awaiting_reply',
    similar: worked,
    why: choice.why,
  };
  return {
    view,
    sessionId: session.id,
    strategy: strategy.id,
    context,
    vector,
    evidence,
    libraryNudge: library,
    wording,
  };
}
