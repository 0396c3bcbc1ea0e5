#!/usr/bin/env node
// `npm test`: everything CI runs, in order, stopping at the first failure:
// Node bundles (CLI, wasm kernel: scripts/build-node.mjs), format check, type check (core without
// DOM, app, workers), lint, unit/property/worker/CLI tests (vitest), production build, browser
// tests (scripts/e2e.mjs: Chromium against `vite preview`).
// Ends with one summary line "tests: N passed, M failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);
const vitestJson = resolve(root, 'node_modules/.cache/gnlens-vitest.json');
let passed = 0;
let failed = 0;

function step(name, cmd, args, { capture = false, env = {} } = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n▶ ${name}\n`);
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (capture && r.stdout) process.stdout.write(r.stdout);
  const ok = r.status === 0;
  process.stdout.write(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  return { ok, stdout: r.stdout ?? '' };
}

function finish(code) {
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
  process.exit(code);
}

// Always from the current sources: the type checks need the generated wasm modules, and the CLI
// tests must run the bundle of the code under test (tests/cli/cliBundle.ts skips its own rebuild
// when GNLENS_CLI_BUILT=1, so it is built once).
if (!step('build Node bundles (CLI, wasm kernel)', process.execPath, ['scripts/build-node.mjs']).ok)
  finish(1);
if (!step('format check (prettier)', bin('prettier'), ['--check', '.', '--log-level', 'warn']).ok)
  finish(1);
for (const project of ['tsconfig.core.json', 'tsconfig.json', 'workers/tsconfig.json']) {
  if (!step(`type check (${project})`, bin('tsc'), ['-p', project]).ok) finish(1);
}
if (!step('lint (eslint)', bin('eslint'), ['.', '--max-warnings', '0']).ok) finish(1);

rmSync(vitestJson, { force: true });
const unit = step(
  'unit, property, worker and CLI tests (vitest)',
  bin('vitest'),
  // --update=none: a missing snapshot fails (as under CI=true) instead of being written
  [
    'run',
    '--update=none',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
  ],
  { env: { GNLENS_CLI_BUILT: '1' } },
);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
}
if (!unit.ok) {
  if (failed === 0) failed = 1;
  finish(1);
}

if (!step('production build (vite build)', bin('vite'), ['build', '--logLevel', 'warn']).ok)
  finish(1);

const e2e = step('browser tests (Chromium)', process.execPath, ['scripts/e2e.mjs'], {
  capture: true,
});
const pass = /^[#ℹ] pass (\d+)/m.exec(e2e.stdout);
const fail = /^[#ℹ] fail (\d+)/m.exec(e2e.stdout);
passed += pass ? Number(pass[1]) : 0;
failed += fail ? Number(fail[1]) : e2e.ok ? 0 : 1;
finish(e2e.ok ? 0 : 1);
