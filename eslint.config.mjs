// ESLint flat config: typescript-eslint's recommended rules, plus the one rule that keeps the domain pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'apps/admin/public/**', '.data/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // Boundaries (issue 9): libs never import apps; the domain imports no framework; the UI never imports the server;
  // the API never imports the worker or the UI. (The worker still imports the API's modules by path: see CONTRIBUTING.)
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'react', 'react-*', 'bullmq', 'express', '**/apps/**', '../../apps/*'] },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/domain/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/apps/**'] }] },
  },
  {
    files: ['apps/admin/src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/api/src/**', '**/worker/src/**', '**/ds-standin/**'] }] },
  },
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/seed/**', '**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/worker/src/**', '**/admin/src/**', '**/ds-standin/**'] }] },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.js', 'apps/admin/scripts/**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
