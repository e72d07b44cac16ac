// Shared set-up for the memory-service tests: a temp data dir, the real embedded store and the real
// offline embedder, and a MemoryService over them with a fast probe.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InterventionInput } from '../../shared/domain';
import { OfflineEmbedder } from '../../electron/memory/embedders/offline';
import type { Embedder } from '../../electron/memory/embedders/types';
import { MemoryService, type MemoryServiceOptions } from '../../electron/memory/memory-service';
import { EmbeddedStore } from '../../electron/memory/stores/embedded/store';
import type { MemoryStore } from '../../electron/memory/stores/types';
import { silentLogger } from '../../electron/base/logger';

/** Counts calls and texts on the way to a real embedder (it observes; the embedder does the work). */
export class CountingEmbedder implements Embedder {
  calls = 0;
  texts = 0;
  constructor(readonly inner: Embedder) {}
  get kind() {
    return this.inner.kind;
  }
  get model() {
    return this.inner.model;
  }
  get dim() {
    return this.inner.dim;
  }
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls++;
    this.texts += texts.length;
    return this.inner.embed(texts);
  }
}

export function tempDir(prefix = 'keel-mem-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function makeService(
  dataDir: string,
  overrides: Partial<Omit<MemoryServiceOptions, 'outbox'>> & { store?: MemoryStore } = {},
): Promise<MemoryService> {
  const store =
    overrides.store ?? new EmbeddedStore(join(dataDir, 'memory'), { logger: silentLogger });
  return MemoryService.create({
    dataDir,
    store,
    embedder: overrides.embedder ?? new OfflineEmbedder(64),
    retentionDays: 30,
    logger: silentLogger,
    probe: { initialMs: 20, maxMs: 100 },
    ...overrides,
  });
}

export function intervention(
  n: number,
  overrides: Partial<InterventionInput> = {},
): InterventionInput {
  return {
    task: `write section ${n} of the quarterly report`,
    context: `editor open on report.md, paragraph ${n}`,
    intervention: `Write one rough sentence for section ${n}.`,
    outcome: 'task_completed',
    strategy: 'tiny_first_step',
    ...overrides,
  };
}

/**
 * Waits until the predicate holds: the reconnect probe and the replay run on their own timers.
 * Between checks it waits for the service to be idle (a replay in flight finishes first), then for
 * the next timer turn. No deadline of its own: a busy machine only makes it slower, and the test's
 * timeout still catches a predicate that never holds.
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  memory?: { whenIdle(): Promise<void> },
): Promise<void> {
  while (!(await predicate())) {
    await memory?.whenIdle();
    await new Promise((r) => setTimeout(r, 20));
  }
}
