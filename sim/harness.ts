// Runs simulated people through the real coach engine and memory (the core factory with the offline
// embedder and the default local store in a temp dir), and through two baselines — uniform random
// and ε-greedy(0.1) — on the same pre-drawn luck; then the figures the learner is judged by.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUICK_REPLIES, type CheckInReply } from '../shared/checkin';
import { STRATEGY_IDS, type StrategyId } from '../shared/domain';
import { STRATEGY_FAMILIES } from '../electron/coach/learner';
import { seededRandom, type Random } from '../electron/coach/random';
import { createCoachEngine } from '../electron/coach/session-engine';
import { resolveConfig } from '../electron/base/config';
import { createKeelCore } from '../electron/memory/create-core';
import { silentLogger } from '../electron/base/logger';
import {
  CHECK_INS,
  SESSION_LENGTH,
  bestP,
  isGood,
  makePerson,
  replyText,
  respond,
  type Person,
  type Scenario,
  type SimOutcome,
  type TaskKind,
} from './people';

export type PolicyName = 'keel' | 'keel-no-similarity' | 'random' | 'epsilon-greedy';

export interface RunResult {
  /** Per check-in: was a best strategy chosen. */
  good: boolean[];
  /** Expected regret: Σ over available check-ins of (best p − p of the chosen strategy). */
  regret: number;
  /** Free text only: replies whose outcome the classifier got right, of all replies in words. */
  heard?: { right: number; total: number };
}

const QUICK_ID: Record<Exclude<SimOutcome, 'no_response'>, CheckInReply> = {
  task_completed: { kind: 'quick', id: 'done' },
  re_engaged: { kind: 'quick', id: 'on_it' },
  distracted: { kind: 'quick', id: 'distracted' },
  stuck: { kind: 'quick', id: 'stuck' },
  not_now: { kind: 'quick', id: 'not_now' },
};
// The quick replies the sim sends must exist: a renamed button would otherwise fail silently.
for (const reply of Object.values(QUICK_ID)) {
  if (reply.kind === 'quick' && !QUICK_REPLIES.some((q) => q.id === reply.id)) {
    throw new Error(`unknown quick reply ${reply.id}`);
  }
}

/** A settable clock starting on a Tuesday at 09:00 local time. */
function simClock() {
  let now = new Date(2026, 2, 3, 9, 0, 0).getTime();
  return { now: () => now, minutes: (m: number) => (now += m * 60_000) };
}

/** One person through the real engine and memory, 60 check-ins, a new session every 6. */
export async function runKeel(person: Person, taskSimilarity = true): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-sim-'));
  const clock = simClock();
  // env {} so a REDIS_URL or API key in the caller's environment cannot leak into the simulation.
  const config = resolveConfig({
    env: {},
    overrides: { dataDir: dir, embedder: 'offline', userId: 'sim' },
  });
  const core = await createKeelCore(config, {
    clock: clock.now,
    generator: null,
    logger: silentLogger,
  });
  const engine = createCoachEngine({
    userId: 'sim',
    memory: core.memory,
    generator: null,
    clock: clock.now,
    random: seededRandom(person.seed * 104_729 + 17),
    logger: silentLogger,
    learner: { taskSimilarity },
  });
  const next: Record<TaskKind, number> = { writing: 0, email: 0 };
  const nextTask = (kind: TaskKind) => {
    const list = person.taskOrder[kind];
    return list[next[kind]++ % list.length]!;
  };
  const result: RunResult = { good: [], regret: 0 };
  if (person.scenario.freeText) result.heard = { right: 0, total: 0 };
  try {
    let kind: TaskKind = 'writing';
    for (let i = 0; i < CHECK_INS; i++) {
      if (i % SESSION_LENGTH === 0) {
        await engine.endSession();
        const session = i / SESSION_LENGTH;
        // A few sessions a day, so times of day and gaps vary like real ones.
        clock.minutes(session % 3 === 0 ? 14 * 60 : 90);
        kind = person.sessionKinds[session]!;
        await engine.startSession({ task: nextTask(kind) });
      }
      clock.minutes(12);
      const view = await engine.checkInNow();
      const strategy = view.strategy;
      result.good.push(isGood(person, kind, strategy));
      const outcome = respond(person, i, kind, strategy);
      const draw = person.draws[i]!;
      if (draw.available) {
        result.regret += bestP(person, kind) - person.p[kind][strategy as StrategyId];
      }
      if (outcome === 'no_response') {
        await engine.timeout(view.id);
      } else if (person.scenario.freeText) {
        const answer = await engine.answer(view.id, {
          kind: 'text',
          text: replyText(outcome, draw),
        });
        result.heard!.total += 1;
        if (answer.classification.outcome === outcome) result.heard!.right += 1;
      } else {
        await engine.answer(view.id, QUICK_ID[outcome]);
      }
      // Done: the person moves on to another task of the same kind.
      if (outcome === 'task_completed') engine.setTask(nextTask(kind));
      await engine.flush();
    }
    await engine.endSession();
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/** Uniform random or ε-greedy(0.1) on the same person and draws (no engine: the policy alone). */
export function runBaseline(person: Person, policy: 'random' | 'epsilon-greedy'): RunResult {
  const random: Random = seededRandom(person.seed * 15_485_863 + (policy === 'random' ? 1 : 2));
  const arms = STRATEGY_IDS;
  const tries = new Map<StrategyId, number>(arms.map((a) => [a, 0]));
  const wins = new Map<StrategyId, number>(arms.map((a) => [a, 0]));
  const anyOf = (list: readonly StrategyId[]) => list[Math.floor(random() * list.length)]!;
  const result: RunResult = { good: [], regret: 0 };
  for (let i = 0; i < CHECK_INS; i++) {
    const kind = person.sessionKinds[Math.floor(i / SESSION_LENGTH)]!;
    let chosen: StrategyId;
    if (policy === 'random' || random() < 0.1) {
      chosen = anyOf(arms);
    } else {
      // Textbook ε-greedy with every arm tried once first; then the best mean, ties at random.
      const untried = arms.filter((a) => tries.get(a) === 0);
      if (untried.length > 0) chosen = anyOf(untried);
      else {
        const mean = (a: StrategyId) => wins.get(a)! / tries.get(a)!;
        const top = Math.max(...arms.map(mean));
        chosen = anyOf(arms.filter((a) => mean(a) === top));
      }
    }
    result.good.push(isGood(person, kind, chosen));
    const outcome = respond(person, i, kind, chosen);
    if (!person.draws[i]!.available) continue;
    result.regret += bestP(person, kind) - person.p[kind][chosen];
    tries.set(chosen, tries.get(chosen)! + 1);
    if (outcome === 'task_completed' || outcome === 're_engaged') {
      wins.set(chosen, wins.get(chosen)! + 1);
    }
  }
  return result;
}

export interface PolicyFigures {
  policy: PolicyName;
  /** Median check-in after which a best strategy is chosen in ≥ 7 of the next 10 (null: most never). */
  convergedAfter: number | null;
  /** How many runs converged at all. */
  converged: number;
  /** Share of best picks over check-ins 16–60, all runs pooled. */
  share: number;
  medianRegret: number;
  /** Mean regret: runs that never find the good strategy show here more than in the median. */
  meanRegret: number;
  /** Free text: share of replies the classifier read as their true outcome. */
  understood?: number;
}

/** The check-in after which a best strategy fills ≥ 7 of the next 10, or null. */
export function convergedAfter(good: readonly boolean[]): number | null {
  for (let c = 0; c + 10 <= good.length; c++) {
    if (good.slice(c, c + 10).filter(Boolean).length >= 7) return c;
  }
  return null;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarise(policy: PolicyName, runs: readonly RunResult[]): PolicyFigures {
  const conv = runs.map((r) => convergedAfter(r.good));
  const m = median(conv.map((c) => c ?? Infinity));
  const late = runs.flatMap((r) => r.good.slice(15, 60));
  const figures: PolicyFigures = {
    policy,
    convergedAfter: Number.isFinite(m) ? m : null,
    converged: conv.filter((c) => c !== null).length,
    share: late.filter(Boolean).length / late.length,
    medianRegret: median(runs.map((r) => r.regret)),
    meanRegret: runs.reduce((sum, r) => sum + r.regret, 0) / runs.length,
  };
  const heard = runs.filter((r) => r.heard);
  if (heard.length) {
    const right = heard.reduce((s, r) => s + r.heard!.right, 0);
    const total = heard.reduce((s, r) => s + r.heard!.total, 0);
    figures.understood = total ? right / total : 0;
  }
  return figures;
}

export interface ScenarioFigures {
  scenario: Scenario;
  seeds: number;
  policies: PolicyFigures[];
}

/** Every policy on the same `seeds` people of one scenario. */
export async function runScenario(
  scenario: Scenario,
  seeds: number,
  options: { ablation?: boolean; firstSeed?: number } = {},
): Promise<ScenarioFigures> {
  const people = Array.from({ length: seeds }, (_, i) =>
    makePerson(scenario, (options.firstSeed ?? 1) + i, STRATEGY_FAMILIES),
  );
  const keel: RunResult[] = [];
  const ablation: RunResult[] = [];
  for (const person of people) {
    keel.push(await runKeel(person, true));
    if (options.ablation) ablation.push(await runKeel(person, false));
  }
  const policies = [
    summarise('keel', keel),
    ...(options.ablation ? [summarise('keel-no-similarity', ablation)] : []),
    summarise(
      'random',
      people.map((p) => runBaseline(p, 'random')),
    ),
    summarise(
      'epsilon-greedy',
      people.map((p) => runBaseline(p, 'epsilon-greedy')),
    ),
  ];
  return { scenario, seeds, policies };
}

export interface Target {
  scenario: string;
  what: string;
  met: boolean;
}

function fig(s: ScenarioFigures, policy: PolicyName): PolicyFigures {
  return s.policies.find((p) => p.policy === policy)!;
}

/** The targets, checked on the figures of scenarios a, b and c. */
export function checkTargets(byName: Readonly<Record<string, ScenarioFigures>>): Target[] {
  const out: Target[] = [];
  const a = byName.a;
  if (a) {
    const k = fig(a, 'keel');
    out.push({
      scenario: 'a',
      what: `median convergence ≤ 12 (Keel: ${k.convergedAfter ?? 'never'})`,
      met: k.convergedAfter !== null && k.convergedAfter <= 12,
    });
    out.push({
      scenario: 'a',
      what: `share of good picks 16–60 ≥ 0.70 (Keel: ${k.share.toFixed(2)})`,
      met: k.share >= 0.7,
    });
  }
  for (const name of ['a', 'b', 'c']) {
    const s = byName[name];
    if (!s) continue;
    const k = fig(s, 'keel').medianRegret;
    const e = fig(s, 'epsilon-greedy').medianRegret;
    out.push({
      scenario: name,
      what: `regret ≤ 0.8 × ε-greedy's (Keel ${k.toFixed(1)} vs ${(0.8 * e).toFixed(1)} = 0.8 × ${e.toFixed(1)}; ratio ${(k / e).toFixed(2)})`,
      met: k <= 0.8 * e,
    });
  }
  const c = byName.c;
  if (c && c.policies.some((p) => p.policy === 'keel-no-similarity')) {
    const k = fig(c, 'keel');
    const off = fig(c, 'keel-no-similarity');
    out.push({
      scenario: 'c',
      what: `better than similarity weighting off (regret ${k.medianRegret.toFixed(1)} vs ${off.medianRegret.toFixed(1)}; share ${k.share.toFixed(2)} vs ${off.share.toFixed(2)})`,
      met: k.medianRegret < off.medianRegret && k.share > off.share,
    });
  }
  return out;
}
