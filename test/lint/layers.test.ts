// The layer rule (eslint.layers.js) must bite: a wrong-way import in each layer is an error, the
// allowed directions are not. Runs the project's real ESLint configuration on probe files.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const probe = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;

describe('layer rule', () => {
  it.each([
    ['electron/memory/probe.ts', '../coach/learner', 'electron/memory may import'],
    [
      'electron/memory/stores/redis/probe.ts',
      '../../../app/keel-app',
      'electron/memory may import',
    ],
    ['electron/coach/probe.ts', '../app/scheduler', 'electron/coach may import'],
    ['electron/gemini/probe.ts', '../coach/engine-types', 'electron/gemini may import'],
    ['electron/gemini/probe.ts', '../secrets/types', 'electron/gemini may import'],
    ['electron/secrets/probe.ts', '../memory/types', 'electron/secrets may import'],
    ['electron/base/probe.ts', '../memory/types', 'electron/base may import'],
    ['electron/app/probe.ts', '../main/windows', 'electron/app may import'],
    ['electron/main/probe.ts', '../preview/server', 'electron/main may import'],
    ['electron/preload/probe.ts', '../app/types', 'electron/preload may import'],
    ['electron/app/probe.ts', '../../test/fixtures/redis', 'never imports tests'],
    ['electron/memory/probe.ts', '../../bench/dataset', 'never imports tests'],
    ['shared/probe.ts', '../electron/base/logger', 'shared/ imports nothing'],
    ['shared/outcome/probe.ts', 'node:fs', 'no Electron or Node modules'],
    ['renderer/src/probe.ts', '../../electron/app/types', 'renderer/ may import shared/ only'],
    ['renderer/src/probe.ts', 'electron', 'no Electron or Node modules'],
  ])('%s importing %s is refused', async (file, spec, message) => {
    const errors = await layerErrors(file, probe(spec));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    ['electron/main/probe.ts', '../app/keel-app'],
    ['electron/cli/probe.ts', '../memory/create-core'],
    ['electron/app/probe.ts', '../coach/session-engine'],
    ['electron/app/probe.ts', '../memory/types'],
    ['electron/coach/probe.ts', '../memory/types'],
    ['electron/coach/probe.ts', '../gemini/text-generator'],
    ['electron/memory/probe.ts', '../gemini/client'],
    ['electron/memory/stores/embedded/probe.ts', '../../../base/logger'],
    ['electron/memory/stores/embedded/probe.ts', '../redis/escape'],
    ['electron/secrets/probe.ts', '../base/durable-file'],
    ['electron/base/probe.ts', '../../shared/settings'],
    ['renderer/src/views/probe.ts', '../../../shared/ipc'],
    ['shared/outcome/probe.ts', '../domain'],
  ])('%s importing %s is allowed', async (file, spec) => {
    expect(await layerErrors(file, probe(spec))).toEqual([]);
  });
});
