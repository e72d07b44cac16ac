// The word vectors are found wherever Keel runs: from the built main bundle (electron-vite inlines
// the embedder into out/main/, two folders below the checkout) and from the packaged app, where
// electron-builder's extraResources puts the file next to app.asar (process.resourcesPath).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  WORD_VECTORS_FILE,
  loadWordVectors,
  wordVectorsCandidates,
} from '../../../electron/memory/embedders/word-vectors';

const root = join(import.meta.dirname, '..', '..', '..');
const committed = join(root, 'resources', WORD_VECTORS_FILE);
const tmp = mkdtempSync(join(tmpdir(), 'keel-wv-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('locating the word vectors', () => {
  it('a bundle in out/main/ finds resources/ at the root of its checkout', async () => {
    await build({
      configFile: false,
      logLevel: 'silent',
      ssr: { noExternal: true },
      build: {
        ssr: join(root, 'electron/memory/embedders/word-vectors.ts'),
        outDir: join(tmp, 'out', 'main'),
        emptyOutDir: true,
        rollupOptions: { output: { format: 'es', entryFileNames: 'index.mjs' } },
      },
    });
    mkdirSync(join(tmp, 'resources'));
    copyFileSync(committed, join(tmp, 'resources', WORD_VECTORS_FILE));
    const bundled = (await import(
      pathToFileURL(join(tmp, 'out', 'main', 'index.mjs')).href
    )) as typeof import('../../../electron/memory/embedders/word-vectors');
    expect(bundled.wordVectorsCandidates(undefined)).toContain(
      join(tmp, 'resources', WORD_VECTORS_FILE),
    );
    expect(bundled.loadWordVectors().header.dims).toBe(100);
  });

  it('the packaged app ships the file as an extra resource and looks there first', () => {
    const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(builder).toMatch(
      new RegExp(
        `extraResources:\\s*\\n\\s*- from: resources/${WORD_VECTORS_FILE}\\s*\\n\\s*to: ${WORD_VECTORS_FILE}`,
      ),
    );
    mkdirSync(join(tmp, 'app-resources'), { recursive: true });
    copyFileSync(committed, join(tmp, 'app-resources', WORD_VECTORS_FILE));
    const [first] = wordVectorsCandidates(join(tmp, 'app-resources'));
    expect(first).toBe(join(tmp, 'app-resources', WORD_VECTORS_FILE));
    expect(loadWordVectors(first).header.count).toBeGreaterThan(30_000);
  });
});
