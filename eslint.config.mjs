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
  // Boundaries (issue 9): apps import libs, libs never import apps; the domain imports no framework; the server lib
  // never imports the demo or the DS stand-in; the UI never imports the server; the worker never imports the API app.
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@nestjs/*',
            'typeorm',
            'react',
            'react-*',
            'bullmq',
            'express',
            '@ptce/server*',
            '@ptce/demo*',
            '@ptce/ds-standin*',
            '**/apps/**',
            '../../apps/*',
          ],
        },
      ],
    },
  },
  {
    files: ['libs/server/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/apps/**', '@ptce/demo*', '@ptce/ds-standin*'] }] },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/domain/**', 'libs/server/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/apps/**'] }] },
  },
  {
    files: ['apps/admin/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/api/src/**', '**/worker/src/**', '**/ds-standin/**', '@ptce/server*', '@ptce/demo*', '@ptce/ds-standin*'] },
      ],
    },
  },
  {
    files: ['apps/api/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/worker/src/**', '**/admin/src/**', '**/ds-standin/**', '@ptce/demo*', '@ptce/ds-standin*'] },
      ],
    },
  },
  {
    files: ['apps/worker/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/api/src/**', '**/admin/src/**', '**/ds-standin/**', '@ptce/demo*', '@ptce/ds-standin*'] },
      ],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.js', 'apps/admin/scripts/**/*.mjs', 'test/**/*.mjs', '**/*.cjs'],
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
