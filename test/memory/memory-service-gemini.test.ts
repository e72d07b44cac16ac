// The memory service with the real Gemini embedder over HTTP, against the local Gemini REST
// stand-in: one embedding request per check-in, and records made while Gemini fails are embedded
// later from the outbox.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../electron/base/config';
import { silentLogger } from '../../electron/base/logger';
import { createEmbedder } from '../../electron/memory/embedders';
import type { MemoryService } from '../../electron/memory/memory-service';
import { OfflineEmbedder } from '../../electron/memory/embedders/offline';
import { EmbeddedStore } from '../../electron/memory/stores/embedded/store';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';
import { intervention, makeService, tempDir, waitFor } from './memory-service.fixture';

let gemini: GeminiServer;
beforeAll(async () => {
  // Similar texts get similar vectors (the offline hashing embedder), so recall is meaningful.
  const offline = new Map<number, OfflineEmbedder>();
  gemini = await startGeminiServer({
    embed: (text, dim) => {
      if (!offline.has(dim)) offline.set(dim, new OfflineEmbedder(dim));
      return Array.from(offline.get(dim)!.embedOne(text)).map((x) => x * 3); // not unit length
    },
  });
});
afterAll(() => gemini?.close());

const open: MemoryService[] = [];
const stores: EmbeddedStore[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  // Closed explicitly, not left for the garbage collector (which closes file handles with a warning).
  for (const s of stores.splice(0)) await s.close();
  cleanups.splice(0).forEach((c) => c());
  gemini.reset();
});

async function geminiService() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const config = resolveConfig({
    env: {},
    overrides: {
      dataDir: t.dir,
      googleApiKey: 'test-key-123',
      geminiBaseUrl: gemini.baseUrl,
      embedder: 'gemini',
    },
  });
  // The uncached Gemini embedder: every embed call is an HTTP request the server counts.
  const embedder = createEmbedder(config, { retry: { attempts: 1 }, timeoutMs: 2_000 }).inner;
  const store = new EmbeddedStore(join(t.dir, 'memory'), { logger: silentLogger });
  stores.push(store);
  const memory = await makeService(t.dir, { store, embedder });
  await memory.start(['alice']);
  open.push(memory);
  return memory;
}

describe('MemoryService with Gemini embeddings', () => {
  it('sends one embedding request per check-in (recall and record share the vector)', async () => {
    const memory = await geminiService();
    expect(memory.space).toEqual({ model: 'gemini-embedding-001', dim: 768 });
    await memory.record('alice', intervention(1));
    gemini.reset();

    const input = intervention(2);
    const vector = await memory.embedMoment(input.task, input.context ?? '');
    const recall = await memory.findSimilar('alice', vector!);
    const result = await memory.record('alice', input, vector);

    expect(result.status).toBe('stored');
    expect(recall.matches[0]?.intervention).toBe('Write one rough sentence for section 1.');
    const requests = gemini.embedRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.model).toBe('gemini-embedding-001');
    expect(JSON.stringify(requests[0]!.body)).toContain('"outputDimensionality":768');
  });

  it('queues a record when Gemini fails and embeds it at replay once Gemini answers', async () => {
    const memory = await geminiService();
    gemini.script({ status: 503, match: 'embed' });
    expect(await memory.embedMoment('task', 'ctx')).toBeNull();

    gemini.script({ status: 503, match: 'embed' });
    const result = await memory.record('alice', intervention(3));
    expect(result.status).toBe('queued');
    expect(result.problem).toMatch(/embedding failed/);

    // Gemini answers again: the probe replays the record with a fresh embedding.
    await waitFor(() => memory.status().outboxPending === 0, memory);
    const recall = await memory.findSimilar(
      'alice',
      'Task: write section 3 of the quarterly report',
    );
    expect(recall.matches.map((m) => m.key)).toContain(result.key);
    expect(memory.status()).toMatchObject({ healthy: true, problem: null });
  });
});
