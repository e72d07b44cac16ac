// The `keel` command line as one Node bundle (out/cli/index.js), built with the app (`npm run
// build`). Packages stay external: they are in node_modules wherever the CLI runs (a checkout, or
// the installed app's app.asar), and heavy ones (redis, @google/genai) are only loaded by the
// commands that need them, through dynamic imports that become separate chunks.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: resolve(import.meta.dirname, 'electron/cli/index.ts'),
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      external: [...builtinModules, /^node:/, 'keytar', 'weave', 'electron'],
      output: {
        format: 'esm',
        entryFileNames: 'index.js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
  ssr: { target: 'node' },
  logLevel: 'warn',
});
