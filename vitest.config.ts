import { defineConfig } from 'vitest/config';

// Unit and integration tests run under plain Node (no Electron). Component tests opt into happy-dom
// with a `// @vitest-environment happy-dom` comment. Servers (redis-server, the Gemini REST stand-in)
// are started by fixtures in test/fixtures, on free loopback ports.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
