#!/usr/bin/env node
// `npm run package:check` (also the last step of `npm test`): builds the unpacked Linux app the
// way `npm run dist` does, but with a stand-in Electron folder and no native rebuild, so it runs
// offline, then checks what the installer would carry:
//  - package.json's main entry, the preload, the renderer page, the CLI bundle and the tray icons
//    are inside app.asar; the `keel` launcher sits next to it;
//  - every package the main and CLI bundles import at run time (bare `import`/`import()`/
//    `require`) is inside app.asar, and so is every dependency of those packages;
//  - native modules among `dependencies`/`optionalDependencies` (keytar; SQLite) are unpacked;
//  - no devDependency and no @types package is inside (renderer libraries are bundled by vite);
//  - the Electron fuses written into the binary are the ones electron-builder.yml sets;
//  - app.asar plus app.asar.unpacked stay under the size budget.
// Electron's own files are not checked: the stand-in has none.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'vite';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar');
const { FuseV1Options, getCurrentFuseWire } = require('@electron/fuses');
const { FuseState, SENTINEL } = require('@electron/fuses/dist/constants');
const yaml = require('js-yaml');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Budget for app.asar + app.asar.unpacked (bytes). Measured 3.4 MB after moving libraries into the bundles; was 47 MB. */
const BUDGET = 15 * 1024 * 1024;
/** Loaded at run time only when installed separately (tracing from a checkout); never shipped. */
const NOT_SHIPPED = new Set(['weave']);
const ELECTRON_VERSION = '45.5.0';
/** Electron 45's fuse wire as shipped (run-as-node, node-options, inspect, file-protocol on). */
const DEFAULT_WIRE = '10110001';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const builderConfig = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const failures = [];
const fail = (text) => failures.push(text);

function standInElectron(dir) {
  // An executable that carries a fuse wire, so that electron-builder can flip the fuses and we can
  // read them back.
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\n# stand-in for the Electron binary\nexit 0\n# `),
    Buffer.from(SENTINEL),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
    Buffer.from('\n'),
  ]);
  writeFileSync(join(dir, 'electron'), wire, { mode: 0o755 });
  writeFileSync(join(dir, 'version'), ELECTRON_VERSION);
}

function build(work) {
  if (!existsSync(join(root, pkg.main)))
    throw new Error(`${pkg.main} is missing: run \`npm run build\` first.`);
  const electronDist = join(work, 'electron');
  execFileSync('mkdir', ['-p', electronDist]);
  standInElectron(electronDist);
  const output = join(work, 'dist');
  const cli = join(root, 'node_modules', 'electron-builder', 'cli.js');
  try {
    execFileSync(
      process.execPath,
      [
        cli,
        '--dir',
        '--linux',
        '--x64',
        '--config',
        'electron-builder.yml',
        `-c.electronDist=${electronDist}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${output}`,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
  } catch (error) {
    throw new Error(`electron-builder failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`, {
      cause: error,
    });
  }
  return join(output, 'linux-unpacked');
}

/**
 * The bare specifiers a built bundle loads at run time: import/export-from declarations,
 * import() and require()/__require() calls with a literal name, found in the syntax tree (so
 * examples in comments and strings do not count).
 */
function bareImports(code) {
  const found = new Set();
  const add = (spec) => {
    if (typeof spec !== 'string' || /^(\.|\/|node:)/.test(spec)) return;
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (!builtinModules.includes(name)) found.add(name);
  };
  const walk = (node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        add(node.source?.value);
        break;
      case 'ImportExpression':
        add(node.source?.value);
        break;
      case 'CallExpression':
        if (['require', '__require'].includes(node.callee?.name) && node.arguments.length === 1)
          add(node.arguments[0].value);
        break;
    }
    for (const key of Object.keys(node)) if (key !== 'type') walk(node[key]);
  };
  walk(parseAst(code));
  return [...found];
}

function jsFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((path) => /\.(c|m)?js$/.test(path) && statSync(path).isFile());
}

async function checkPayload(appDir) {
  const resources = join(appDir, 'resources');
  const archive = join(resources, 'app.asar');
  const unpacked = join(resources, 'app.asar.unpacked');
  const files = new Set(asar.listPackage(archive, { isPack: false }).map((p) => p.slice(1)));
  const has = (path) => files.has(path) || existsSync(join(unpacked, path));

  // Entry points.
  const main = pkg.main;
  for (const path of [
    'package.json',
    main,
    'out/preload/index.cjs',
    'out/renderer/index.html',
    'out/cli/index.js',
    'resources/tray/keel-active.png',
  ])
    if (!has(path)) fail(`missing from app.asar: ${path}`);
  const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
  if (packed.main !== main) fail(`packaged package.json main is ${packed.main}, expected ${main}`);
  const launcher = join(resources, 'keel');
  if (!existsSync(launcher) || !(statSync(launcher).mode & 0o111))
    fail('resources/keel (the command line launcher) is missing or not executable');

  // Packages inside the archive, by folder (node_modules/a, node_modules/@s/b, nested ones too).
  const packages = new Map();
  for (const path of files) {
    const match = path.match(/^(.*node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*))\/package\.json$/);
    if (match) packages.set(match[1], JSON.parse(asar.extractFile(archive, path).toString('utf8')));
  }
  const resolveFrom = (fromDir, name) => {
    // Node's lookup: node_modules folders from fromDir up to the archive root.
    for (let dir = fromDir; ; dir = dirname(dir)) {
      const candidate = join(dir === '.' ? '' : dir, 'node_modules', name);
      if (packages.has(candidate)) return candidate;
      if (dir === '.' || dir === '') return null;
    }
  };

  // Everything the bundles import at run time, and what those packages need in turn.
  const bundles = ['out/main', 'out/cli', 'out/preload'].map((d) => join(root, d));
  const imported = new Set(
    bundles.flatMap((dir) => jsFiles(dir).flatMap((f) => bareImports(readFileSync(f, 'utf8')))),
  );
  imported.delete('electron');
  const optional = new Set(Object.keys(pkg.optionalDependencies ?? {}));
  const reached = new Set();
  const visit = (name, fromDir, chain, isOptional) => {
    const found = resolveFrom(fromDir, name);
    if (!found) {
      if (!isOptional)
        fail(`not in app.asar but loaded at run time: ${[...chain, name].join(' → ')}`);
      return;
    }
    if (reached.has(found)) return;
    reached.add(found);
    const manifest = packages.get(found);
    for (const dep of Object.keys(manifest.dependencies ?? {}))
      visit(dep, found, [...chain, name], false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {}))
      visit(dep, found, [...chain, name], true);
  };
  // Native modules are roots too: keytar is loaded by a name the bundler cannot see. Any other
  // package under `dependencies` must be one the bundles load (else it ships for nothing).
  const shippedNative = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).filter(
    (name) => existsSync(join(root, 'node_modules', name, 'binding.gyp')),
  );
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }))
    if (!imported.has(name) && !shippedNative.includes(name))
      fail(
        `${name} is listed in dependencies but no bundle loads it: bundled libraries belong in devDependencies`,
      );
  for (const name of new Set([...imported, ...shippedNative])) {
    if (NOT_SHIPPED.has(name)) {
      if (resolveFrom('', name)) fail(`${name} is inside app.asar but should not ship`);
      continue;
    }
    visit(name, '', ['bundle'], optional.has(name));
  }

  // Native modules the app depends on are unpacked (a .node file cannot load from inside asar).
  const shipped = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies });
  const native = shipped.filter((name) =>
    existsSync(join(root, 'node_modules', name, 'binding.gyp')),
  );
  for (const name of native) {
    const dir = join(unpacked, 'node_modules', name);
    const nodeFiles = existsSync(dir) ? jsFilesOrNode(dir) : [];
    if (!nodeFiles.length)
      fail(`native module ${name} has no unpacked .node file in app.asar.unpacked`);
  }

  // Nothing dev-only: no devDependency reached only through itself, no type packages.
  const needed = new Set([...reached].map((dir) => dir.replace(/^.*node_modules\//, '')));
  for (const dir of packages.keys()) {
    const name = dir.replace(/^.*node_modules\//, '');
    if (name.startsWith('@types/')) fail(`type package inside app.asar: ${dir}`);
    else if (pkg.devDependencies?.[name] && !needed.has(name))
      fail(`devDependency inside app.asar: ${dir}`);
    else if (!needed.has(name)) fail(`package inside app.asar that nothing loads: ${dir}`);
  }

  // Fuses, as electron-builder.yml sets them.
  const wire = await getCurrentFuseWire(
    join(appDir, builderConfig.linux?.executableName ?? pkg.name),
  );
  const names = {
    runAsNode: FuseV1Options.RunAsNode,
    enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
    enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
    enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
    enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
    onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
    grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
  };
  const wanted = {
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    // The packaged `keel` command runs as Node inside the app's runtime.
    runAsNode: true,
  };
  for (const [name, value] of Object.entries(wanted)) {
    if (builderConfig.electronFuses?.[name] !== value)
      fail(`electron-builder.yml: electronFuses.${name} should be ${value}`);
    const state = wire[names[name]];
    if (state !== (value ? FuseState.ENABLE : FuseState.DISABLE))
      fail(
        `fuse ${name} in the built binary is ${String.fromCharCode(state)}, expected ${value ? 1 : 0}`,
      );
  }

  // Size.
  const asarBytes = statSync(archive).size;
  const unpackedBytes = existsSync(unpacked) ? folderBytes(unpacked) : 0;
  const total = asarBytes + unpackedBytes;
  if (total > BUDGET) fail(`payload is ${mb(total)}, over the ${mb(BUDGET)} budget`);
  return {
    asarBytes,
    unpackedBytes,
    total,
    packages: packages.size,
    imported: [...imported].sort(),
    native,
  };
}

function jsFilesOrNode(dir) {
  return readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith('.node'));
}

function folderBytes(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => statSync(join(dir, String(name))))
    .filter((s) => s.isFile())
    .reduce((sum, s) => sum + s.size, 0);
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'keel-package-check-'));
  try {
    const appDir = build(work);
    const report = await checkPayload(appDir);
    const where = relative(root, appDir);
    console.log(
      `package:check: app.asar ${mb(report.asarBytes)} + unpacked ${mb(report.unpackedBytes)} = ${mb(report.total)} (budget ${mb(BUDGET)}); ` +
        `${report.packages} package(s) inside; bundles import ${report.imported.join(', ') || 'no packages'}; native: ${report.native.join(', ') || 'none'}` +
        (process.env.KEEL_PACKAGE_CHECK_KEEP ? `; kept at ${where}` : ''),
    );
    if (failures.length) {
      console.error(`package:check failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(`package:check could not run: ${error.message}`);
    process.exitCode = 1;
  } finally {
    if (!process.env.KEEL_PACKAGE_CHECK_KEEP) rmSync(work, { recursive: true, force: true });
  }
}

await main();
