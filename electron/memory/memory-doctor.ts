// `keel doctor` / the app's health page: checks every link of the memory pipeline against the real
// store and embedder, and says how to fix what is wrong.
import type { DoctorCheck, DoctorReport } from '../../shared/settings';
import type { Embedder } from './embedders/types';
import type { MemoryStore, SpaceCheck } from './stores/types';

export interface DoctorDeps {
  userId: string;
  store: MemoryStore;
  embedder: Embedder;
  retentionDays: number;
  outboxPending: number;
  open(): Promise<void>;
  checkSpace(): Promise<SpaceCheck>;
  describe(error: unknown): string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function runMemoryDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const reindex = `run: keel reindex --user ${deps.userId}`;
  const storeFix =
    deps.store.kind === 'embedded'
      ? 'check that the data directory (KEEL_DATA_DIR) is writable'
      : 'start Redis or fix REDIS_URL (unset REDIS_URL to use the embedded store)';

  const storeOk = await attempt(checks, 'store', storeFix, deps, async () => {
    await deps.open();
    const info = await deps.store.describe(deps.userId);
    return info.description;
  });

  if (storeOk) {
    await attempt(checks, 'ping', storeFix, deps, async () => {
      if (!(await deps.store.ping())) throw new Error('no answer to PING');
      return 'PONG';
    });
    const info = await deps.store.describe(deps.userId).catch(() => null);
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

  checks.push({
    name: 'outbox',
    ok: deps.outboxPending === 0,
    detail: `${deps.outboxPending} record(s) waiting`,
    ...(deps.outboxPending
      ? { fix: 'they are replayed automatically once the store and embedder checks above pass' }
      : {}),
  });

  return { ok: checks.every((c) => c.ok), checks };
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
    checks.push({ name, ok: false, detail: deps.describe(error), fix });
    return false;
  }
}
