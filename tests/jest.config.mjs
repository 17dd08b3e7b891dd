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
  testTimeout: 30000,
  maxWorkers: 2,
};
