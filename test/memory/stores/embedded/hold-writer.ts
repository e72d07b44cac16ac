// Child process for the multi-process tests: keeps the embedded store open like the desktop app,
// and writes only when told, one command per stdin line, answering "ok" once the write is durable:
//   put FROM COUNT [USER]   records FROM..FROM+COUNT-1 (fixtures' record(), seeded vectors)
//   update N                record N again under the same key, outcome "stuck", new wording
//   outcome N OUTCOME       corrects record N's outcome (updateOutcome)
//   delete N                deletes record N (deleteIntervention)
//   insight N               one insight
//   forget USER             forgets USER
// End of stdin closes the store and exits. Usage: node --import tsx hold-writer.ts <storeDir> <user> <dim>
import { createInterface } from 'node:readline';
import type { Outcome } from '../../../../shared/domain';
import { silentLogger } from '../../../../electron/base/logger';
import { EmbeddedStore } from '../../../../electron/memory/stores/embedded/store';
import { DAY_MS, MODEL, record, seededUnitVector } from './fixtures';

const [dir, defaultUser, dimText] = process.argv.slice(2);
const dim = Number(dimText);
const store = new EmbeddedStore(dir!, { logger: silentLogger });
await store.open();
// As the app does at start: the user's embedding space is recorded before any record.
await store.prepareUser(defaultUser!, { model: MODEL, dim });
process.stdout.write('open\n');

async function run(command: string): Promise<void> {
  const [verb, a, b, c] = command.trim().split(/\s+/);
  const user = c ?? defaultUser!;
  switch (verb) {
    case 'put': {
      const from = Number(a);
      const records = Array.from({ length: Number(b) }, (_, i) =>
        record(user, from + i, seededUnitVector(from + i, dim)),
      );
      return store.putInterventions(user, records, 30 * DAY_MS);
    }
    case 'update': {
      const n = Number(a);
      const updated = record(defaultUser!, n, seededUnitVector(n, dim), {
        outcome: 'stuck',
        intervention: `nudge ${n} (updated)`,
      });
      return store.putInterventions(defaultUser!, [updated], 30 * DAY_MS);
    }
    case 'outcome':
    case 'delete': {
      const key = record(defaultUser!, Number(a), seededUnitVector(0, dim)).key;
      const done =
        verb === 'delete'
          ? await store.deleteIntervention(defaultUser!, key)
          : await store.updateOutcome(defaultUser!, key, b as Outcome);
      if (!done) throw new Error(`no record ${key}`);
      return;
    }
    case 'insight':
      return store.putInsight(defaultUser!, {
        key: `user:${defaultUser}:insight:${1_700_000_000_000 + Number(a)}-ins${a}`,
        text: `insight ${a}`,
        timestamp: 1_700_000_000_000 + Number(a),
        sessionId: `session-${a}`,
      });
    case 'forget':
      await store.forget(a!);
      return;
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}`);
  }
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  try {
    await run(line);
    process.stdout.write('ok\n');
  } catch (error) {
    process.stdout.write(`error ${(error as Error).message}\n`);
  }
}
await store.close();
