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

const VIEW_FOLDERS = ['components', 'plots', 'training', 'classroom', 'export', 'hooks', 'bench'];
const VIEWS = VIEW_FOLDERS.flatMap((f) => [`**/${f}/**`, `../${f}`, `../../${f}`]);
/** For each layer, the folders above it that it must not import. */
const UPPER_OF = {
  core: ['**/model/**', '**/state/**', '**/compute/**', '**/cli/**', '**/workers/**', ...VIEWS],
  model: ['**/state/**', '**/compute/**', '**/cli/**', '**/workers/**', ...VIEWS],
  state: ['**/compute/**', '**/cli/**', '**/workers/**', ...VIEWS],
  compute: ['**/cli/**', ...VIEWS],
};

/** One folder's import restrictions: packages it must not use and folders above it. */
function layerRule(files, packages, folders, why) {
  const patterns = [];
  if (packages.length > 0) patterns.push({ group: packages, message: `${why}.` });
  if (folders.length > 0) patterns.push({ group: folders, message: `${why}.` });
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

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
    // Functions and files short enough to read (issue "One parameter schema"): not the eigen
    // kernels (one algorithm each, kept whole so they match their references line by line),
    // generated modules or tests.
    files: ['src/**/*.{ts,tsx}', 'workers/**/*.ts', 'scripts/**/*.mjs'],
    ignores: ['src/core/linalg/eigSym.ts', 'src/core/linalg/wasm/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 120 }],
      'max-lines': ['error', { max: 500 }],
    },
  },
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
  // Imports run one way: core ← model ← state ← compute ← views (components, plots, training,
  // classroom, export, App). cli/ and workers/ use only core and model. comlink lives in the
  // compute layer (and the workers that expose an API). docs/architecture.md says why.
  layerRule(['src/core/**/*.ts'], [...UI_MODULES], [...UPPER_OF.core], 'src/core is pure math'),
  layerRule(
    ['src/model/**/*.ts'],
    [...UI_MODULES],
    [...UPPER_OF.model],
    'src/model holds pure modules (no UI, store or workers)',
  ),
  layerRule(
    ['src/state/**/*.ts'],
    ['comlink', 'react-dom', 'd3', 'd3-selection', 'd3-transition', 'katex'],
    [...UPPER_OF.state],
    'src/state is the store: it imports core and model only',
  ),
  layerRule(
    ['src/compute/**/*.ts'],
    ['comlink', 'react', 'react-dom', 'd3', 'd3-selection', 'd3-transition', 'katex'],
    [...UPPER_OF.compute],
    'src/compute runs the workers through workerClient.ts (the one comlink user); it never imports views',
  ),
  // The one comlink client: every worker call races the worker's death (workers/** expose).
  layerRule(
    ['src/compute/workerClient.ts'],
    ['react', 'react-dom', 'd3', 'd3-selection', 'd3-transition', 'katex'],
    [...UPPER_OF.compute],
    'src/compute/workerClient.ts wraps workers: it never imports views',
  ),
  layerRule(
    [
      'src/components/**',
      'src/plots/**',
      'src/training/**',
      'src/classroom/**',
      'src/export/**',
      'src/hooks/**',
      'src/bench/**',
      'src/*.tsx',
    ],
    ['comlink'],
    [],
    'views reach workers through src/compute only',
  ),
  layerRule(
    ['src/cli/**/*.ts'],
    [...UI_MODULES],
    [...UPPER_OF.model],
    'the CLI uses src/core and src/model only',
  ),
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'navigator'],
    },
  },
  layerRule(
    ['workers/**/*.ts'],
    ['react', 'react-dom', 'zustand', 'zustand/*', 'd3', 'katex'],
    ['**/src/state/**', '**/src/compute/**', ...VIEW_FOLDERS.map((f) => `**/src/${f}/**`)],
    'workers are thin adapters over src/core and src/model',
  ),
);
