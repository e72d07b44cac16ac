// Child process for the crash and concurrency tests: writes records FROM, FROM+1, … in a loop and
// prints "<n> <key>" for each record only after putInterventions has returned (the transaction is
// committed and fsynced). Alternates single records and batches of 100 (what an import writes),
// so a SIGKILL can land inside a large transaction. With COUNT it stops after COUNT records and
// prints "done"; without, it runs until killed.
// Usage: node --import tsx kill-writer.ts <storeDir> <userId> <dim> [FROM] [COUNT]
// KEEL_TEST_NOW=<ms>: the store's clock starts there (a fixture's own time) instead of the real one.
import { silentLogger } from '../../../../electron/base/logger';
import { EmbeddedStore } from '../../../../electron/memory/stores/embedded/store';
import { record, seededUnitVector } from './fixtures';

const [dir, userId, dimText, fromText, countText] = process.argv.slice(2);
const dim = Number(dimText);
const from = Number(fromText ?? 0);
const end = countText === undefined ? Infinity : from + Number(countText);
const startAt = process.env.KEEL_TEST_NOW ? Number(process.env.KEEL_TEST_NOW) : null;
const startedAt = Date.now();
const store = new EmbeddedStore(dir!, {
  logger: silentLogger,
  ...(startAt !== null ? { now: () => startAt + (Date.now() - startedAt) } : {}),
});
await store.open();
process.stdout.write('open\n');
for (let n = from, i = 0; n < end; i++) {
  const batch = Math.min(i % 2 === 0 ? 1 : 100, end - n);
  const records = Array.from({ length: batch }, (_, j) =>
    record(userId!, n + j, seededUnitVector(n + j, dim)),
  );
  await store.putInterventions(userId!, records, 24 * 60 * 60 * 1000);
  process.stdout.write(records.map((r, j) => `${n + j} ${r.key}\n`).join(''));
  n += batch;
}
await store.close();
process.stdout.write('done\n');
