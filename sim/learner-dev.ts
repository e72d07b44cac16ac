// npx tsx sim/learner-dev.ts [--people N] [--first SEED] [--scenarios a,b,c]
// For working on the learner: the learner alone (sim/offline.ts, no engine) on many development
// people — seeds from 3001 by default, never the seeds `npm run sim` reports (1–40) — against
// ε-greedy on the same people and draws, and a structure-aware reference (see offline.ts).
//
// It also says how much a target met on 40 people owes to which 40 they are: for random sets of
// 40 of these people it prints the range of ε-greedy's median regret and how often Keel's median
// is ≤ 0.8 × ε-greedy's. Regret is bimodal (the good strategy is found early, or it is not), so a
// median over 40 people moves a lot between sets; a change to the learner should be judged on the
// whole population's medians here first, and only then confirmed with `npm run sim`.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { STRATEGY_FAMILIES, chooseStrategy } from '../electron/coach/learner';
import { seededRandom } from '../electron/coach/random';
import { median, runBaseline, type RunResult } from './harness';
import { runOffline, structureAwareChooser } from './offline';
import { makePerson, type Scenario } from './people';
import { EXPLORATORY, SCENARIOS } from './scenarios';

export interface Spread {
  /** 10th and 90th percentile of ε-greedy's median regret over random sets of `size` people. */
  baselineLow: number;
  baselineHigh: number;
  /** Share of those sets in which Keel's median regret is ≤ `ratio` × ε-greedy's. */
  metShare: number;
}

/** Random sets of `size` people drawn (with replacement, paired) from the runs of both policies. */
export function spread(
  keel: readonly number[],
  baseline: readonly number[],
  options: { size?: number; sets?: number; ratio?: number; seed?: number } = {},
): Spread {
  const size = options.size ?? 40;
  const sets = options.sets ?? 2000;
  const ratio = options.ratio ?? 0.8;
  const random = seededRandom(options.seed ?? 7);
  const medians: number[] = [];
  let met = 0;
  for (let t = 0; t < sets; t++) {
    const pick = Array.from({ length: size }, () => Math.floor(random() * keel.length));
    const b = median(pick.map((i) => baseline[i]!));
    medians.push(b);
    if (median(pick.map((i) => keel[i]!)) <= ratio * b) met += 1;
  }
  medians.sort((x, y) => x - y);
  return {
    baselineLow: medians[Math.floor(sets * 0.1)]!,
    baselineHigh: medians[Math.floor(sets * 0.9)]!,
    metShare: met / sets,
  };
}

const regrets = (runs: readonly RunResult[]) => runs.map((r) => r.regret);
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function report(scenario: Scenario, first: number, people: number): string[] {
  const persons = Array.from({ length: people }, (_, i) =>
    makePerson(scenario, first + i, STRATEGY_FAMILIES),
  );
  const keel = regrets(persons.map((p) => runOffline(p, chooseStrategy)));
  const off = regrets(persons.map((p) => runOffline(p, chooseStrategy, { taskSimilarity: false })));
  const eps = regrets(persons.map((p) => runBaseline(p, 'epsilon-greedy')));
  const rows: [string, number[]][] = [
    ['keel (learner alone)', keel],
    ['keel-no-similarity', off],
  ];
  if ((scenario.goodCount ?? 1) === 1 && scenario.siblings === undefined) {
    const told = structureAwareChooser(scenario);
    rows.push(['told the structure', regrets(persons.map((p) => runOffline(p, told)))]);
  }
  rows.push(['epsilon-greedy', eps]);
  const e = median(eps);
  const out = [`(${scenario.name}) ${scenario.description} — ${people} people from seed ${first}`];
  for (const [name, r] of rows) {
    const m = median(r);
    out.push(
      `  ${name.padEnd(22)} median ${m.toFixed(2).padStart(6)}  mean ${mean(r).toFixed(2).padStart(6)}  ratio ${(m / e).toFixed(2)}`,
    );
  }
  const s = spread(keel, eps);
  out.push(
    `  on random sets of 40 of them: ε-greedy's median ${s.baselineLow.toFixed(1)}–${s.baselineHigh.toFixed(1)} (10th–90th percentile); Keel ≤ 0.8 × ε-greedy in ${(100 * s.metShare).toFixed(0)} % of the sets`,
  );
  return out;
}

const FlagsSchema = z.object({
  people: z.coerce.number().int().min(10).max(20_000).default(1000),
  first: z.coerce.number().int().min(41).default(3001),
  scenarios: z.string().default('a,b,c'),
});

function main(): number {
  const { values } = parseArgs({
    options: {
      people: { type: 'string' },
      first: { type: 'string' },
      scenarios: { type: 'string' },
    },
    strict: true,
  });
  const flags = FlagsSchema.parse(values);
  const all: Record<string, Scenario> = { ...SCENARIOS };
  for (const s of EXPLORATORY) all[s.name] = s;
  const out: string[] = [];
  for (const name of flags.scenarios.split(',')) {
    const scenario = all[name.trim()];
    if (!scenario)
      throw new Error(`unknown scenario ${name} (known: ${Object.keys(all).join(', ')})`);
    out.push(...report(scenario, flags.first, flags.people), '');
  }
  process.stdout.write(out.join('\n'));
  return 0;
}

// Run as a script only (the test imports `spread`).
if (process.argv[1]?.endsWith('learner-dev.ts')) process.exit(main());
