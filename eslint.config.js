// Lint for the whole workspace. Project rules: only server/src/platform/config.ts reads process.env
// (config is validated once, at start); the mini-program reads only TARO_APP_* at build and no
// TypeBox; scripts and tests reach a job's code only through its index.ts (its public face).
import tseslint from 'typescript-eslint';

// The jobs whose folders under server/src/ have an index.ts as their public face. platform/, db/,
// seed/, app.ts and jobs.ts are not jobs and stay importable as they are.
const DOMAINS = ['access', 'stations', 'reports', 'points', 'geo', 'auth', 'notifications'];
const domainInternals = DOMAINS.map((domain) => ({
  group: [
    `**/server/src/${domain}/**`,
    `!**/server/src/${domain}/index.js`,
    `@nuanxin/server/${domain}/**`,
    `!@nuanxin/server/${domain}/index`,
  ],
  message: `Import the ${domain} job through its public face: server/src/${domain}/index.js (@nuanxin/server/${domain}/index).`,
}));

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'artifacts/**',
      'miniapp/.temp/**',
      'migrations/**',
      '**/*.config.js',
      '**/babel.config.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/platform/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration from Config (server/src/platform/config.ts).',
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.{ts,mts,mjs,js}', 'tests/**/*.{ts,tsx,mts,mjs,js}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: domainInternals }],
    },
  },
  {
    files: ['miniapp/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nuanxin/shared',
              message: 'The index pulls TypeBox (new Function): import a constants file or `import type`.',
            },
          ],
          patterns: [
            {
              group: ['@nuanxin/shared/*/schemas', '@sinclair/typebox*'],
              allowTypeImports: true,
              message: 'Only `import type` from schemas in the mini-program.',
            },
          ],
        },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
);
