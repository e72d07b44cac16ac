// The `keel` command line as one Node bundle (out/cli/index.js), built with the app (`npm run
// build`). As for the main process, libraries are bundled and only the packages listed under
// `dependencies`/`optionalDependencies` (native modules, which the installed app carries rebuilt
// for Electron) stay external, with weave (optional tracing, never shipped). Heavy libraries
// (redis, @google/genai) load only in the commands that need them: dynamic imports become chunks.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const shipped = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies });

export default defineConfig({
  build: {
    ssr: resolve(import.meta.dirname, 'electron/cli/index.ts'),
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      external: [...builtinModules, /^node:/, ...shipped, 'weave', 'electron'],
      output: {
        format: 'esm',
        entryFileNames: 'index.js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
  ssr: { target: 'node', noExternal: true },
  logLevel: 'warn',
});
