// Writes the old-format fixture (test/fixtures/legacy-memory-log/): a real `memory.log` made by the
// append-only log store as it was before SQLite, plus `expected.json`, what a faithful import must
// find in it. It was run once, with the old store still in the tree (commit 495462a), and both
// files were committed; the store it imports is now the SQLite one, so to make the fixture again,
// check that commit out (git worktree add /tmp/keel-old 495462a) and run it there:
//   node --import tsx test/memory/stores/embedded/make-legacy-log.ts
// The log holds what a person's file can hold: two users, a record rewritten under the same key,
// records with and without a strategy, every outcome, two embedding spaces, insights, a record with a
// ten-year TTL, one whose TTL has run out, a forgotten user (whose forgetting
// compacted the file) and a cleared embedding space.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUTCOMES } from '../../../../shared/domain';
import { silentLogger } from '../../../../electron/base/logger';
import { EmbeddedStore } from '../../../../electron/memory/stores/embedded/store';
import { DAY_MS, MODEL, record, seededUnitVector } from './fixtures';

/** The clock the fixture was written at; the import test opens the new store at this time + 1 day. */
export const FIXTURE_NOW = 1_800_000_000_000;
const DIM = 8;
// The old store refused an Infinity TTL (zod rejects Infinity), so its files only hold finite ones.
const LONG_TTL = 3650 * DAY_MS;
const OUT = fileURLToPath(new URL('../../../fixtures/legacy-memory-log/', import.meta.url));

const work = join(OUT, 'work');
rmSync(work, { recursive: true, force: true });
const store = new EmbeddedStore(work, { logger: silentLogger, now: () => FIXTURE_NOW });
await store.open();
await store.prepareUser('alice', { model: MODEL, dim: DIM });
await store.prepareUser('bob', { model: MODEL, dim: DIM });
await store.prepareUser('gone', { model: MODEL, dim: DIM });
// Forgetting compacts the log, so it comes first: everything after it stays as appended frames
// (dead versions and expired records included), as in a file that has not been compacted lately.
await store.putInterventions('gone', [record('gone', 200, seededUnitVector(200, DIM))], DAY_MS);
await store.forget('gone');

const alice = Array.from({ length: 14 }, (_, n) =>
  record('alice', n, seededUnitVector(n, DIM), {
    outcome: OUTCOMES[n % OUTCOMES.length]!,
    ...(n % 3 === 0 ? {} : { strategy: n % 3 === 1 ? 'tiny_first_step' : 'my-own_way' }),
    context: n === 5 ? '' : `context ${n} — with “quotes”, emoji 🧭 and a\nnewline`,
  }),
);
await store.putInterventions('alice', alice.slice(0, 10), 30 * DAY_MS);
await store.putInterventions('alice', alice.slice(10, 12), LONG_TTL);
// Expired by the time the fixture is imported (1 hour TTL, imported a day later).
await store.putInterventions('alice', alice.slice(12, 13), 60 * 60 * 1000);
await store.putInterventions('alice', alice.slice(13), 30 * DAY_MS);
// Rewritten under the same key: the import must keep only the second version.
const rewritten = { ...alice[2]!, outcome: 'stuck' as const, intervention: 'nudge 2 (rewritten)' };
await store.putInterventions('alice', [rewritten], 30 * DAY_MS);
alice[2] = rewritten;

// A record in a second embedding space (another dimension) for bob, and bob's space cleared.
const bob = [
  record('bob', 100, seededUnitVector(100, DIM)),
  record('bob', 101, seededUnitVector(101, 16), { embeddingModel: 'other-model' }),
];
await store.putInterventions('bob', bob, 30 * DAY_MS);
await store.resetSpace('bob');

const insights = [0, 1, 2].map((n) => ({
  key: `user:alice:insight:${1_700_000_000_000 + n}-ins00${n}`,
  text: `insight ${n}: short check-ins help`,
  timestamp: 1_700_000_000_000 + n,
  sessionId: `session-${n}`,
}));
for (const insight of insights) await store.putInsight('alice', insight);

await store.close();

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'memory.log'), readFileSync(join(work, 'memory.log')));
rmSync(work, { recursive: true, force: true });

const live = (r: (typeof alice)[number], expiresAt: number | null) => ({
  key: r.key,
  intervention: r.intervention,
  context: r.context,
  task: r.task,
  outcome: r.outcome,
  ...(r.strategy !== undefined ? { strategy: r.strategy } : {}),
  timestamp: r.timestamp,
  embeddingModel: r.embeddingModel,
  embeddingDim: r.embeddingDim,
  embedding: Array.from(r.embedding),
  expiresAt,
});
const expected = {
  fixtureNow: FIXTURE_NOW,
  users: {
    alice: {
      space: { model: MODEL, dim: DIM },
      interventions: [
        ...alice.slice(0, 10).map((r) => live(r, FIXTURE_NOW + 30 * DAY_MS)),
        ...alice.slice(10, 12).map((r) => live(r, FIXTURE_NOW + LONG_TTL)),
        ...alice.slice(13).map((r) => live(r, FIXTURE_NOW + 30 * DAY_MS)),
      ],
      expired: [alice[12]!.key],
      insights,
    },
    bob: { space: null, interventions: bob.map((r) => live(r, FIXTURE_NOW + 30 * DAY_MS)) },
    gone: { space: null, interventions: [] },
  },
};
writeFileSync(join(OUT, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
process.stdout.write(`wrote ${join(OUT, 'memory.log')} and expected.json\n`);
