// Child process for the kill test: writes records in a loop and prints "<n> <key>" for each record
// only after putInterventions has returned (i.e. after fsync). The test kills it with SIGKILL at an
// arbitrary moment and then checks every printed record survived intact.
// Usage: node --import tsx kill-writer.ts <storeDir> <userId> <dim>
import { silentLogger } from '../../../../electron/core/logger';
import { EmbeddedStore } from '../../../../electron/memory/stores/embedded/store';
import { record, seededUnitVector } from './fixtures';

const [dir, userId, dimText] = process.argv.slice(2);
const dim = Number(dimText);
const store = new EmbeddedStore(dir!, { logger: silentLogger });
await store.open();
process.stdout.write('open\n');
for (let n = 0; ;) {
  // Alternate single puts and 20-record batches, so a kill can land inside a large write too.
  const batch = n % 2 === 0 ? 1 : 20;
  const records = Array.from({ length: batch }, (_, i) =>
    record(userId!, n + i, seededUnitVector(n + i, dim)),
  );
  await store.putInterventions(userId!, records, 24 * 60 * 60 * 1000);
  process.stdout.write(records.map((r, i) => `${n + i} ${r.key}\n`).join(''));
  n += batch;
}
