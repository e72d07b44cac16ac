// Memory.correctOutcome / deleteIntervention through the service: a stored record changes in the
// store, a record still waiting in the outbox changes (or goes) there, and bad input is refused.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/base/logger';
import type { MemoryService } from '../../electron/memory/memory-service';
import { EmbeddedStore } from '../../electron/memory/stores/embedded/store';
import { StoreUnavailableError, type MemoryStore } from '../../electron/memory/stores/types';
import { intervention, makeService, tempDir } from './memory-service.fixture';

let dir: ReturnType<typeof tempDir>;
let store: EmbeddedStore;
let down = false;
let service: MemoryService;

beforeEach(async () => {
  dir = tempDir();
  store = new EmbeddedStore(join(dir.dir, 'memory'), { logger: silentLogger });
  // The real store, except that writes fail while `down` is set (Redis gone, say).
  const flaky = new Proxy(store, {
    get(target, prop) {
      if (prop === 'putInterventions') {
        return (...args: Parameters<MemoryStore['putInterventions']>) =>
          down
            ? Promise.reject(new StoreUnavailableError('store down'))
            : target.putInterventions(...args);
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as MemoryStore;
  down = false;
  service = await makeService(dir.dir, { store: flaky, probe: { initialMs: 60_000 } });
  await service.start(['alice']);
});
afterEach(async () => {
  await service.close();
  await store.close();
  dir.cleanup();
});

describe('correcting and deleting one check-in', () => {
  it('changes a stored record, and refuses keys of other users and unknown outcomes', async () => {
    const { key, status } = await service.record('alice', intervention(1, { outcome: 'stuck' }));
    expect(status).toBe('stored');
    expect(await service.correctOutcome('alice', key, 're_engaged')).toBe(true);
    expect((await service.listRecent('alice')).map((r) => r.outcome)).toEqual(['re_engaged']);
    const { matches } = await service.findSimilar(
      'alice',
      'write section 1 of the quarterly report',
    );
    expect(matches[0]).toMatchObject({ key, outcome: 're_engaged' });
    await expect(service.correctOutcome('bob', key, 'stuck')).rejects.toThrow(
      /Invalid intervention key/,
    );
    await expect(service.correctOutcome('alice', key, 'great' as never)).rejects.toThrow();
    expect(await service.deleteIntervention('alice', key)).toBe(true);
    expect(await service.listRecent('alice')).toEqual([]);
    expect(await service.correctOutcome('alice', key, 'stuck')).toBe(false);
  });

  it('changes or removes a record still waiting in the outbox; the replay writes the change', async () => {
    down = true;
    const a = await service.record('alice', intervention(1, { outcome: 'distracted' }));
    const b = await service.record('alice', intervention(2, { outcome: 'distracted' }));
    expect([a.status, b.status]).toEqual(['queued', 'queued']);
    expect(await service.correctOutcome('alice', a.key, 'task_completed')).toBe(true);
    expect(await service.deleteIntervention('alice', b.key)).toBe(true);
    expect(service.outbox.pending('alice')).toHaveLength(1);

    down = false;
    await service.drain();
    const stored = await service.listRecent('alice');
    expect(stored.map((r) => [r.key, r.outcome])).toEqual([[a.key, 'task_completed']]);
  });
});
