import os from 'node:os';

// Server and end-to-end tests. Run through `pnpm test` (scripts/test.mjs), which sets the engine
// (TEST_DB=pglite|postgres) and NODE_OPTIONS=--experimental-vm-modules (PGlite is ESM-only).
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  },
];

export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.(t|j)s$': swc },
  // Source imports use `.js` suffixes (NodeNext); jest resolves the `.ts` files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?(cookie|@nuanxin))'],
  testMatch: ['<rootDir>/server/**/*.test.ts', '<rootDir>/e2e/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts'],
  globalSetup: '<rootDir>/support/global-setup.mjs',
  globalTeardown: '<rootDir>/support/global-teardown.mjs',
  // The privacy audit (support/privacy.ts): a full phone or ID number sent or logged fails the file.
  setupFilesAfterEnv: ['<rootDir>/support/privacy-setup.ts'],
  // A guard against hangs, not a speed check: it also bounds every beforeAll (build an app, load
  // a template, make a world), and on a 2-core machine shared with builds those took over 30 s.
  testTimeout: 120_000,
  // Two workers on a 2-core box (measured best here); up to four where CI has the cores. Each
  // worker holds its own PGlite or Chromium, so more than four would trade speed for memory.
  maxWorkers: Math.min(4, Math.max(2, os.availableParallelism())),
  // A worker past 1 GB after a file is replaced by a fresh one. Each file's PGlite, app and module
  // graph are not all given back: workers reached 3.7 GB by the end of a run, and later files ran
  // several times slower than the same files early on (GC).
  workerIdleMemoryLimit: '1GB',
};
