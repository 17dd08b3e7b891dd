// The WeChat build under test: miniapp/dist/weapp (build it first: `pnpm --filter @nuanxin/miniapp
// build:weapp`; `pnpm test` does) run by miniprogram-simulate in jsdom, against the real API.
// Run: cd tests && TEST_DB=pglite NODE_OPTIONS='--experimental-vm-modules --no-warnings=ExperimentalWarning' \
//        node node_modules/jest/bin/jest.js -c weapp/jest.config.mjs
import base from '../jest.config.mjs';

export default {
  ...base,
  rootDir: '..',
  displayName: 'weapp',
  // The built package's JS is WeChat's to run as it is: never transformed.
  transformIgnorePatterns: [...base.transformIgnorePatterns, '/miniapp/dist/'],
  testMatch: ['<rootDir>/weapp/**/*.test.ts'],
  // global-jsdom per file (node environment: the server under test runs in the same file).
  setupFiles: ['<rootDir>/weapp/setup.ts'],
  // One page tree at a time per worker, ~40 MB a page: two workers like the main suite.
  maxWorkers: 2,
  // A file's beforeAll builds the API with the demo data and loads the whole package (wcc): on the
  // shared 2-core machine with two files at once it took over the main suite's 120 s.
  testTimeout: 300_000,
};
