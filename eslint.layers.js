// Keel's layers, enforced: each folder may import only the folders below it (skipping a layer
// downward is fine, going up is not). ARCHITECTURE.md draws the same picture; test/lint/layers.test.ts
// proves the rule bites. Imports are matched as written: a relative import's first folder name after
// its `../` steps is the folder it reaches (no folder below electron/ reuses a layer's name).
//
//   hosts:    main, preview, cli       (transport and process glue; may use everything below)
//   app       the application layer: one handler per channel, the check-in loop, settings
//   coach     sessions, check-ins, the learner, wording, reflection
//   memory    embed → store → recall, the outbox, the store adapters
//   gemini, secrets                    (clients of the outside world; they do not know each other)
//   base      logger, redaction, configuration, durable writes
//   shared    the IPC contract, domain schemas, outcome detection: imports nothing of ours
//   renderer  React: imports shared only; preload: shared only

const ELECTRON_FOLDERS = [
  'main',
  'preview',
  'cli',
  'preload',
  'app',
  'coach',
  'memory',
  'gemini',
  'secrets',
  'base',
];
const OUTSIDE = ['test', 'bench', 'sim', 'scripts', 'renderer'];

/** What each folder under electron/ may not import (its own name is always fine). */
const FORBIDDEN = {
  main: ['preview', 'cli', 'preload'],
  preview: ['main', 'cli', 'preload'],
  cli: ['main', 'preview', 'preload'],
  preload: ELECTRON_FOLDERS.filter((f) => f !== 'preload'),
  app: ['main', 'preview', 'cli', 'preload'],
  coach: ['main', 'preview', 'cli', 'preload', 'app'],
  memory: ['main', 'preview', 'cli', 'preload', 'app', 'coach'],
  gemini: ['main', 'preview', 'cli', 'preload', 'app', 'coach', 'memory', 'secrets'],
  secrets: ['main', 'preview', 'cli', 'preload', 'app', 'coach', 'memory', 'gemini'],
  base: ELECTRON_FOLDERS.filter((f) => f !== 'base'),
};

const BELOW = {
  main: 'app and everything below it',
  preview: 'app and everything below it',
  cli: 'app and everything below it',
  preload: 'shared (and the electron module) only',
  app: 'coach, memory, gemini, secrets, base and shared',
  coach: 'memory, gemini, secrets, base and shared',
  memory: 'gemini, secrets, base and shared',
  gemini: 'base and shared',
  secrets: 'base and shared',
  base: 'shared only',
};

const reaching = (folders) => `^(\\.\\.?/)+(${folders.join('|')})(/|$)`;

function rule(patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export const layerConfigs = [
  ...Object.entries(FORBIDDEN).map(([folder, forbidden]) => ({
    files: [`electron/${folder}/**/*.ts`],
    rules: rule([
      {
        regex: reaching(forbidden),
        message: `electron/${folder} may import ${BELOW[folder]} (ARCHITECTURE.md).`,
      },
      {
        regex: reaching(OUTSIDE),
        message:
          'Code under electron/ never imports tests, benchmarks, simulations, scripts or the renderer.',
      },
    ]),
  })),
  {
    files: ['shared/**/*.ts'],
    rules: rule([
      {
        regex: reaching(['electron', ...OUTSIDE]),
        message: 'shared/ imports nothing of ours outside shared/ (ARCHITECTURE.md).',
      },
      {
        regex: '^(electron|node:.*)$',
        message: 'shared/ runs in the renderer too: no Electron or Node modules.',
      },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: rule([
      {
        regex: reaching(['electron', 'test', 'bench', 'sim', 'scripts']),
        message: 'renderer/ may import shared/ only (ARCHITECTURE.md).',
      },
      {
        regex: '^(electron|node:.*)$',
        message: 'The renderer is a sandboxed web page: no Electron or Node modules.',
      },
    ]),
  },
];
