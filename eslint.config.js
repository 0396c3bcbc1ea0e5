// Flat ESLint config: recommended JS + TypeScript rules, React hooks, and the import-direction
// rules of the house style (src/core is pure math; workers never import React).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const UI_MODULES = [
  'react',
  'react-dom',
  'zustand',
  'zustand/*',
  'comlink',
  'd3',
  'd3-selection',
  'd3-transition',
  'katex',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-node/**',
      'node_modules/**',
      'src/core/linalg/wasm/assembly/**',
      '**/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded PRNG (src/core/random.ts).',
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/hooks/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: UI_MODULES,
              message: 'src/core is pure math: no UI, store, worker or DOM imports.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'navigator'],
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['react', 'react-dom'], message: 'Workers never import React.' }] },
      ],
    },
  },
);
