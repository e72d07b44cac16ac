// The committed icons are what resources/make-icons.ts draws, every tray state has its files, and
// electron-builder.yml passes electron-builder's own schema (packaging itself cannot run here).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeIcons } from '../../resources/make-icons';
import { TRAY_STATES, trayIconPath } from '../../electron/main/tray-icons';

const resources = fileURLToPath(new URL('../../resources', import.meta.url));
const require = createRequire(import.meta.url);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('icons', () => {
  it('the committed PNGs are exactly what make-icons draws', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keel-icons-'));
    try {
      const files = makeIcons(dir);
      expect(files).toHaveLength(3 + 4 * 4);
      for (const file of files) {
        expect(await readFile(join(resources, file)), file).toEqual(
          await readFile(join(dir, file)),
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('has 16 px and 32 px tray icons for every state on every platform', async () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      for (const state of TRAY_STATES) {
        const path = trayIconPath(state, resources, platform);
        expect(pngSize(await readFile(path))).toEqual({ width: 16, height: 16 });
        expect(pngSize(await readFile(path.replace(/\.png$/, '@2x.png')))).toEqual({
          width: 32,
          height: 32,
        });
      }
    }
    expect(pngSize(await readFile(join(resources, 'icon.png')))).toEqual({
      width: 512,
      height: 512,
    });
  });
});

describe('electron-builder.yml', () => {
  it('is valid for electron-builder and keeps the packaging promises', async () => {
    const yaml = require('js-yaml') as { load(text: string): Record<string, unknown> };
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    const config = yaml.load(
      await readFile(new URL('../../electron-builder.yml', import.meta.url), 'utf8'),
    );
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config).toMatchObject({
      appId: 'app.keel.focus',
      productName: 'Keel',
      npmRebuild: true,
      asarUnpack: expect.arrayContaining(['node_modules/keytar/**', '**/*.node']),
      mac: { extendInfo: { LSUIElement: true }, hardenedRuntime: false },
      deb: { depends: ['libsecret-1-0'], fpm: ['resources/linux/keel=/usr/bin/keel'] },
      linux: {
        category: 'Utility',
        target: ['AppImage', 'deb'],
        executableName: 'keel-app',
        extraResources: [{ from: 'resources/linux/keel', to: 'keel' }],
      },
      electronFuses: {
        runAsNode: true,
        enableNodeCliInspectArguments: false,
        onlyLoadAppFromAsar: true,
        enableCookieEncryption: true,
      },
      win: { target: 'nsis' },
    });
    expect(config.files).toEqual(
      expect.arrayContaining(['out/**', 'package.json', 'resources/tray/**']),
    );
  });
});
