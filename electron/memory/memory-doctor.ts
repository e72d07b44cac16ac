// `keel doctor` / the app's health page: checks every link of the memory pipeline against the real
// store and embedder, and says how to fix what is wrong.
import type { DoctorCheck, DoctorReport } from '../../shared/settings';
import type { Embedder } from './embedders/types';
import { EMBEDDED_STORE_IDENTITY, type Outbox } from './outbox';
import type { MemoryStore, SpaceCheck } from './stores/types';

export interface DoctorDeps {
  userId: string;
  store: MemoryStore;
  embedder: Embedder;
  retentionDays: number;
  outbox: Outbox;
  open(): Promise<void>;
  checkSpace(): Promise<SpaceCheck>;
  describe(error: unknown): string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function runMemoryDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const space = { model: deps.embedder.model, dim: deps.embedder.dim };
  const reindex = `run: keel reindex --user ${deps.userId}`;
  const storeFix =
    deps.store.kind === 'embedded'
      ? 'check that the data directory (KEEL_DATA_DIR) is writable'
      : 'start Redis or fix REDIS_URL (unset REDIS_URL to use the embedded store)';

  const storeOk = await attempt(checks, 'store', storeFix, deps, async () => {
    await deps.open();
    const info = await deps.store.describe(deps.userId, space);
    return info.description;
  });

  if (storeOk) {
    await attempt(checks, 'ping', storeFix, deps, async () => {
      if (!(await deps.store.ping())) throw new Error('no answer to PING');
      return 'PONG';
    });
    const info = await deps.store.describe(deps.userId, space).catch(() => null);
    if (info?.server) {
      const { kind, version, modules } = info.server;
      checks.push({
        name: 'server',
        ok: true,
        detail: `${kind} ${version}; modules: ${modules.length ? modules.join(', ') : 'none'}`,
      });
    }
    const counts = await deps.store.counts(deps.userId).catch(() => null);
    if (info?.index) {
      const { name, exists, dim } = info.index;
      const ok = exists ? dim === deps.embedder.dim : (counts?.interventions ?? 0) === 0;
      checks.push({
        name: 'index',
        ok,
        detail: exists
          ? `${name} exists, DIM ${dim ?? '?'} (embedder: ${deps.embedder.dim})`
          : `${name} does not exist yet (it is created with the first record)`,
        ...(ok ? {} : { fix: reindex }),
      });
    }
    await attempt(checks, 'space', reindex, deps, async () => {
      const check = await deps.checkSpace();
      if (!check.ok) throw new Error(check.message);
      return check.stored
        ? `stored vectors: ${check.stored.model} (${check.stored.dim})`
        : 'no vectors stored yet';
    });
    await attempt(
      checks,
      'records',
      `${reindex} (rewrites every record with the retention TTL)`,
      deps,
      async () => {
        const c = counts ?? (await deps.store.counts(deps.userId));
        const ttl = await deps.store.sampleTtlMs(deps.userId);
        const detail = `${c.interventions} intervention(s), ${c.insights} insight(s)`;
        // A store skips documents that fail validation when it reads them: more stored keys than
        // readable records means damaged data, which must not pass as healthy.
        const readable = (await deps.store.listInterventions(deps.userId)).length;
        if (readable < c.interventions) {
          throw new DamagedDataError(
            `${detail}; ${c.interventions - readable} stored record(s) are damaged and were skipped`,
          );
        }
        if (c.interventions === 0) return detail;
        if (ttl === null || ttl <= 0) throw new Error(`${detail}; a sample record has no expiry`);
        if (ttl > deps.retentionDays * DAY_MS + 60_000) {
          throw new Error(
            `${detail}; sample TTL ${(ttl / DAY_MS).toFixed(1)} days exceeds the ${deps.retentionDays}-day retention`,
          );
        }
        return `${detail}; sample TTL ${(ttl / DAY_MS).toFixed(1)} days (retention ${deps.retentionDays})`;
      },
    );
  }

  const embedFix =
    deps.embedder.kind === 'gemini'
      ? 'check GOOGLE_API_KEY and the network (KEEL_GEMINI_BASE_URL), or use KEEL_EMBEDDER=offline'
      : 'the offline embedder needs no setup; report this as a bug';
  await attempt(checks, 'embedding', embedFix, deps, async () => {
    const [vector] = await deps.embedder.embed([
      'Keel doctor: write the first sentence of the report',
    ]);
    if (!vector || vector.length !== deps.embedder.dim) {
      throw new Error(`got ${vector?.length ?? 0} dimensions, expected ${deps.embedder.dim}`);
    }
    const norm = Math.sqrt(vector.reduce((s, x) => s + x * x, 0));
    if (Math.abs(norm - 1) > 1e-3)
      throw new Error(`vector is not unit length (norm ${norm.toFixed(4)})`);
    return `${deps.embedder.kind} ${deps.embedder.model}: ${vector.length} dimensions`;
  });

  checks.push(...(await outboxChecks(deps)));
  return { ok: checks.every((c) => c.ok), checks };
}

class DamagedDataError extends Error {}

/** Waiting entries (this store's and other stores'), damaged entries and torn writes. */
async function outboxChecks(deps: DoctorDeps): Promise<DoctorCheck[]> {
  const { outbox, userId } = deps;
  const pending = outbox.pending(userId).length;
  const checks: DoctorCheck[] = [
    {
      name: 'outbox',
      ok: pending === 0,
      detail: `${pending} record(s) waiting`,
      ...(pending
        ? { fix: 'they are replayed automatically once the store and embedder checks above pass' }
        : {}),
    },
  ];
  const elsewhere = new Map<string, number>();
  for (const e of outbox.foreign(userId))
    elsewhere.set(e.store!, (elsewhere.get(e.store!) ?? 0) + 1);
  for (const [store, count] of elsewhere) {
    const embedded = store === EMBEDDED_STORE_IDENTITY;
    checks.push({
      name: 'outbox',
      ok: false,
      detail: `${count} record(s) wait for ${embedded ? 'the embedded store' : store}, not for this store`,
      fix: embedded
        ? 'Run Keel once without REDIS_URL and they are saved into the embedded store.'
        : `Point REDIS_URL at ${store} again (with its password) and they are saved there.`,
    });
  }
  const damage = await outbox.damage();
  if (damage.corrupt.length) {
    checks.push({
      name: 'outbox',
      ok: false,
      detail: `${damage.corrupt.length} damaged entr${damage.corrupt.length === 1 ? 'y' : 'ies'} could not be read and were not replayed (kept in ${outbox.dir}/corrupt)`,
      fix: 'The file was damaged after it was written (disk or manual edit); keep it for a bug report or delete it.',
    });
  }
  if (damage.tornRemoved) {
    checks.push({
      name: 'outbox',
      ok: true,
      detail: `removed ${damage.tornRemoved} unfinished write(s) left by an interrupted run; nothing saved was lost`,
    });
  }
  return checks;
}

async function attempt(
  checks: DoctorCheck[],
  name: string,
  fix: string,
  deps: Pick<DoctorDeps, 'describe'>,
  run: () => Promise<string>,
): Promise<boolean> {
  try {
    checks.push({ name, ok: true, detail: await run() });
    return true;
  } catch (error) {
    const damaged = error instanceof DamagedDataError;
    checks.push({
      name,
      ok: false,
      detail: damaged ? error.message : deps.describe(error),
      fix: damaged
        ? 'Damaged records cannot be recalled; export what is readable (keel export), then re-import it after keel forget.'
        : fix,
    });
    return false;
  }
}
