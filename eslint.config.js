// Lint for the whole workspace. The one project-specific rule: only server/src/config.ts reads
// process.env (config is validated once, at start); the mini-program reads only TARO_APP_* at build.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'artifacts/**', 'miniapp/.temp/**', 'migrations/**', '**/*.config.js', '**/babel.config.js'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration from Config (server/src/config.ts).' }],
    },
  },
  {
    files: ['miniapp/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@nuanxin/shared', message: 'The index pulls TypeBox (new Function): import a constants file or `import type`.' }],
          patterns: [{ group: ['@nuanxin/shared/*/schemas', '@sinclair/typebox*'], allowTypeImports: true, message: 'Only `import type` from schemas in the mini-program.' }],
        },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
);
