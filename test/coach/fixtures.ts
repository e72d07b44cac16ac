// Shared set-up for the coach tests: a real MemoryService (embedded store in a temp dir, offline
// embedder, with an embed-call counter that only observes), a fake clock, and a Gemini text
// generator pointed at the local Gemini REST stand-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The Gemini SDK loads lazily (once per process, when a client is made); loaded here up front so
// that the tests' short wording deadlines measure requests, not the one-time module load.
import '@google/genai';
import type { CoachEngine, CoachEngineOptions } from '../../electron/coach/engine-types';
import { seededRandom } from '../../electron/coach/random';
import { createCoachEngine } from '../../electron/coach/session-engine';
import { silentLogger } from '../../electron/base/logger';
import { createGenAI } from '../../electron/gemini/client';
import { GeminiTextGenerator } from '../../electron/gemini/text-generator';
import { OfflineEmbedder } from '../../electron/memory/embedders/offline';
import { MemoryService } from '../../electron/memory/memory-service';
import { CountingEmbedder } from '../memory/memory-service.fixture';
import { EmbeddedStore } from '../../electron/memory/stores/embedded/store';

export { CountingEmbedder };

/** A settable clock starting on a Tuesday at 09:00 local time. */
export function fakeClock(start = new Date(2026, 2, 3, 9, 0, 0).getTime()) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    minutes(m: number) {
      now += m * 60_000;
    },
  };
}

export interface TestMemory {
  memory: MemoryService;
  embedder: CountingEmbedder;
  dir: string;
  close(): Promise<void>;
}

export async function makeMemory(
  clock: () => number = Date.now,
  userId = 'alice',
): Promise<TestMemory> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-coach-'));
  const embedder = new CountingEmbedder(new OfflineEmbedder(128));
  const store = new EmbeddedStore(join(dir, 'memory'), { logger: silentLogger, now: clock });
  const memory = await MemoryService.create({
    dataDir: dir,
    store,
    embedder,
    retentionDays: 30,
    logger: silentLogger,
    clock,
  });
  await memory.start([userId]);
  return {
    memory,
    embedder,
    dir,
    async close() {
      await memory.close();
      // The service does not own the store: whoever opened it closes it.
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The real Gemini text generator against the local stand-in, without retries (one request per call). */
export function localGenerator(baseUrl: string): GeminiTextGenerator {
  const config = { googleApiKey: 'test-key', geminiBaseUrl: baseUrl };
  return new GeminiTextGenerator(createGenAI(config), {
    model: 'gemini-flash-latest',
    apiKey: config.googleApiKey,
    baseUrl,
    retry: { attempts: 1 },
  });
}

/** The real coach engine for user alice over a test memory, offline, with a seeded random. */
export function coachEngine(
  t: TestMemory,
  clock: () => number,
  overrides: Partial<CoachEngineOptions> = {},
): CoachEngine {
  return createCoachEngine({
    userId: 'alice',
    memory: t.memory,
    generator: null,
    clock,
    random: seededRandom(42),
    ...overrides,
  });
}
