import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three builds with explicit inputs (our layout is not electron-vite's default src/ tree).
// The preload is emitted as CommonJS: a sandboxed preload cannot be an ES module.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/main/index.ts') },
        // Libraries are bundled (they are devDependencies, so app.asar carries no node_modules for
        // them); what `dependencies` lists stays external (externalizeDeps): native modules, which
        // electron-builder rebuilds for Electron and unpacks. keytar is optional and weave (tracing)
        // is never shipped: both are loaded at run time when present.
        external: ['keytar', 'weave'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'renderer/index.html') },
      },
    },
  },
});
