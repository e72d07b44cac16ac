// The learner alone, without the engine or memory: simulated people (the same people and luck as
// `npm run sim`) meet `chooseStrategy` directly, with the session rules the engine applies around it
// (a new session every 6 check-ins, the session's transcript, a smaller step after `stuck`, a new
// task after `task_completed`). Hundreds of people a second, so a change to the learner can be
// compared on many seeds and settings before it is confirmed through the real engine.
//
// It mirrors what the engine hands the learner (evidence = every earlier check-in, as recall with
// k = LEARNING_RECALL_K returns them all over 60 check-ins) but not the wording rules (a strategy
// whose six phrasings were all said this session is avoided: with six check-ins a session that
// almost never happens), nor the engine's own random stream: its figures are close to the engine
// run's, not equal.
import {
  STRATEGY_IDS,
  type Outcome,
  type SimilarIntervention,
  type StrategyId,
} from '../shared/domain';
import {
  OUTCOME_CREDIT,
  pickStrategy,
  type ChooseOptions,
  type SessionTurn,
  type StrategyChoice,
} from '../electron/coach/learner';
import { seededRandom } from '../electron/coach/random';
import { getStrategy, isStrategyId, type StepSize } from '../electron/coach/strategies';
import type { RunResult } from './harness';
import {
  CHECK_INS,
  SESSION_LENGTH,
  TASKS,
  bestP,
  isGood,
  respond,
  type Person,
  type Scenario,
  type TaskKind,
} from './people';

export type Chooser = (
  evidence: readonly SimilarIntervention[],
  options: ChooseOptions,
) => StrategyChoice;

/** One person through `choose` (the learner) with the engine's session rules, 60 check-ins. */
export function runOffline(
  person: Person,
  choose: Chooser,
  settings: { taskSimilarity?: boolean } = {},
): RunResult {
  const random = seededRandom(person.seed * 104_729 + 17);
  const next: Record<TaskKind, number> = { writing: 0, email: 0 };
  const nextTask = (kind: TaskKind) => {
    const list = person.taskOrder[kind];
    return list[next[kind]++ % list.length]!;
  };
  const evidence: SimilarIntervention[] = [];
  const result: RunResult = { good: [], regret: 0 };
  let kind: TaskKind = 'writing';
  let task = '';
  let session: SessionTurn[] = [];
  let smallerThan: StepSize | null = null;
  for (let i = 0; i < CHECK_INS; i++) {
    if (i % SESSION_LENGTH === 0) {
      kind = person.sessionKinds[i / SESSION_LENGTH]!;
      task = nextTask(kind);
      session = [];
      smallerThan = null;
    }
    const choice = choose(evidence, {
      ...settings,
      random,
      task,
      session,
      avoid: null,
      smallerThan,
    });
    const strategy: StrategyId = choice.strategy;
    result.good.push(isGood(person, kind, strategy));
    const said = respond(person, i, kind, strategy);
    const outcome: Outcome = said;
    if (person.draws[i]!.available) {
      result.regret += bestP(person, kind) - person.p[kind][strategy];
    }
    evidence.push({
      key: `k${i}`,
      intervention: '',
      context: '',
      task,
      outcome,
      strategy,
      timestamp: i,
      similarity: 1,
      score: 1,
    });
    session.push({ strategy, outcome });
    smallerThan = outcome === 'stuck' ? getStrategy(strategy).size : null;
    if (outcome === 'task_completed') task = nextTask(kind);
  }
  return result;
}

/**
 * A reference, not a learner: it is told the scenario's structure (one strategy succeeds with
 * `good`, every other with `other`; by kind of task if the scenario says so) and chooses by the
 * exact posterior probability that a strategy is the good one, under the same session rules as
 * Keel. With two possible success rates that posterior ranks arms as their Gittins index does, so
 * this is about the best an index policy can do on these people: a target it misses is out of
 * reach of any learner that has to estimate the rates too.
 */
export function structureAwareChooser(scenario: Scenario): Chooser {
  if ((scenario.goodCount ?? 1) !== 1 || scenario.siblings !== undefined) {
    throw new Error('the structure-aware reference needs one good strategy and no siblings rate');
  }
  const win = Math.log(scenario.good / scenario.other);
  const loss = Math.log((1 - scenario.good) / (1 - scenario.other));
  const kindOf = (task: string): TaskKind | null =>
    TASKS.writing.includes(task) ? 'writing' : TASKS.email.includes(task) ? 'email' : null;
  return (evidence, options) => {
    const llr = new Map<StrategyId, number>(STRATEGY_IDS.map((id) => [id, 0]));
    const kind = options.task === undefined ? null : kindOf(options.task);
    for (const item of evidence) {
      if (!item.strategy || !isStrategyId(item.strategy)) continue;
      if (scenario.byTaskKind && kindOf(item.task) !== kind) continue;
      const credit = OUTCOME_CREDIT[item.outcome];
      llr.set(
        item.strategy,
        llr.get(item.strategy)! + credit.success * win + credit.failure * loss,
      );
    }
    const top = Math.max(...llr.values());
    let total = 0;
    for (const v of llr.values()) total += Math.exp(v - top);
    const scores = STRATEGY_IDS.map((id) => {
      const p = Math.exp(llr.get(id)! - top) / total;
      return { strategy: id, index: p, mean: p };
    });
    const { strategy } = pickStrategy(scores, options);
    return { strategy, why: '', beliefs: [] };
  };
}
