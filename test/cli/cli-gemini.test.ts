// The keel CLI with Gemini embeddings (GOOGLE_API_KEY + KEEL_GEMINI_BASE_URL → the local REST
// stand-in): one embedding request per command, and the key never appears in output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGeminiServer, type GeminiServer } from '../fixtures/gemini-server';
import { runInProcess } from './cli-harness';

const KEY = 'AIzaTestKeyThatMustNeverBePrinted0123';
let gemini: GeminiServer;
let dataDir: string;
beforeAll(async () => {
  gemini = await startGeminiServer();
  dataDir = mkdtempSync(join(tmpdir(), 'keel-cli-gemini-'));
});
afterAll(async () => {
  await gemini?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('keel CLI with Gemini', () => {
  it('embeds once per remember and once per recall, with the configured model and dimension', async () => {
    const env = {
      KEEL_DATA_DIR: dataDir,
      GOOGLE_API_KEY: KEY,
      KEEL_GEMINI_BASE_URL: gemini.baseUrl,
      KEEL_LOG: 'silent',
    };
    const remembered = await runInProcess(
      [
        'remember',
        '--user',
        'finn',
        '--task',
        'answer the tax letter',
        '--intervention',
        'Read only the first paragraph.',
        '--outcome',
        'task_completed',
      ],
      env,
    );
    expect(remembered.code).toBe(0);
    expect(gemini.embedRequests()).toHaveLength(1);

    // The moment text is what recall embeds, so the stand-in's per-text vector matches exactly.
    const recalled = await runInProcess(
      ['recall', '--user', 'finn', '--json', 'Task: answer the tax letter'],
      env,
    );
    expect(recalled.code).toBe(0);
    const [match] = JSON.parse(recalled.stdout) as Array<{ key: string; similarity: number }>;
    expect(match?.key).toBe(remembered.stdout.trim());
    expect(match?.similarity).toBeCloseTo(1, 4);
    expect(gemini.embedRequests()).toHaveLength(2);
    expect(gemini.embedRequests().every((r) => r.model === 'gemini-embedding-001')).toBe(true);

    const doctor = await runInProcess(['doctor', '--user', 'finn'], env);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/embedding\s+gemini gemini-embedding-001: 768 dimensions/);
    for (const run of [remembered, recalled, doctor])
      expect(run.stdout + run.stderr).not.toContain(KEY);
  });
});
