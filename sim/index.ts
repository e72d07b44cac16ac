// npm run sim [-- --seeds N] [--json] [--explore]
// The learner simulation: simulated people through the real engine and memory, against uniform
// random and ε-greedy(0.1) on the same people and draws. Prints the figures and the targets met.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  checkTargets,
  runScenario,
  type PolicyFigures,
  type ScenarioFigures,
  type Target,
} from './harness';
import { EXPLORATORY, SCENARIOS } from './scenarios';

const FlagsSchema = z.object({
  seeds: z.coerce.number().int().min(1).max(500).default(40),
  json: z.boolean().default(false),
  explore: z.boolean().default(false),
  help: z.boolean().default(false),
});

const USAGE = `npm run sim -- [--seeds N] [--json] [--explore]
  --seeds N   simulated people per scenario (1-500, default 40: regret is bimodal, so a median
              over fewer people moves a lot between seed sets)
  --json      one JSON document instead of the table
  --explore   also run other success rates and numbers of good strategies (N/2 seeds each)`;

function row(p: PolicyFigures): string {
  const conv = p.convergedAfter === null ? 'never' : String(p.convergedAfter);
  const heard = p.understood === undefined ? '' : `  understood ${p.understood.toFixed(2)}`;
  return `  ${p.policy.padEnd(20)} ${conv.padStart(6)} ${`${p.converged}`.padStart(5)}  ${p.share.toFixed(2).padStart(5)}  ${p.medianRegret.toFixed(1).padStart(6)}  ${p.meanRegret.toFixed(1).padStart(5)}${heard}`;
}

function printScenario(s: ScenarioFigures, out: string[]): void {
  out.push(`(${s.scenario.name}) ${s.scenario.description} — ${s.seeds} people, 60 check-ins`);
  out.push(
    `  ${'policy'.padEnd(20)} ${'conv.'.padStart(6)} ${'runs'.padStart(5)}  ${'share'.padStart(5)}  ${'regret'.padStart(6)}  ${'mean'.padStart(5)}`,
  );
  for (const p of s.policies) out.push(row(p));
}

async function main(argv: string[]): Promise<number> {
  let flags: z.infer<typeof FlagsSchema>;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        seeds: { type: 'string' },
        json: { type: 'boolean' },
        explore: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    const parsed = FlagsSchema.safeParse(values);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
    flags = parsed.data;
  } catch (error) {
    process.stderr.write(`sim: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const results: Record<string, ScenarioFigures> = {};
  for (const scenario of Object.values(SCENARIOS)) {
    results[scenario.name] = await runScenario(scenario, flags.seeds, { ablation: true });
  }
  const targets: Target[] = checkTargets(results);
  const explored: ScenarioFigures[] = [];
  if (flags.explore) {
    const seeds = Math.max(1, Math.floor(flags.seeds / 2));
    for (const scenario of EXPLORATORY) {
      explored.push(await runScenario(scenario, seeds, { ablation: true, firstSeed: 1001 }));
    }
  }
  if (flags.json) {
    process.stdout.write(
      JSON.stringify({ scenarios: Object.values(results), targets, explored }, null, 2) + '\n',
    );
    return 0;
  }
  const out: string[] = [
    'Learner simulation: Keel (real engine + memory, offline embedder) vs baselines on the same draws.',
    'conv. = median check-in after which a best strategy is chosen in ≥ 7 of the next 10 ("never" if most runs never do);',
    'runs = runs that converged; share = best picks in check-ins 16–60; regret = median (and mean) expected regret over 60 check-ins.',
    '',
  ];
  for (const s of Object.values(results)) {
    printScenario(s, out);
    out.push('');
  }
  out.push('Targets:');
  for (const t of targets) out.push(`  ${t.met ? 'MET   ' : 'MISSED'} (${t.scenario}) ${t.what}`);
  if (explored.length) {
    out.push('', 'Exploratory (other settings, seeds from 1001):');
    for (const s of explored) {
      printScenario(s, out);
      out.push('');
    }
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`sim failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
