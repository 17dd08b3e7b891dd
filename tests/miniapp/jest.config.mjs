// Mini-program component tests: the app's React components in jsdom, with @tarojs/taro and
// @tarojs/components replaced by small doubles (support/) that render plain DOM elements.
// Run: cd tests && npx jest -c miniapp/jest.config.mjs
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

export default {
  rootDir: '.',
  displayName: 'miniapp',
  testEnvironment: 'jsdom',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/support/taro.ts',
    '^@tarojs/components$': '<rootDir>/support/components.tsx',
    '\\.css$': '<rootDir>/support/style.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  setupFiles: ['<rootDir>/support/setup.ts'],
  testMatch: ['<rootDir>/**/*.test.ts?(x)'],
  clearMocks: true,
};
