#!/usr/bin/env node
/**
 * Browser tests: finds Chromium (installing Debian's when missing and root, else saying the one
 * command to run), serves the built app with `vite preview` on 127.0.0.1, runs
 * tests/e2e/*.e2e.mjs with node's test runner (base URL in GNLENS_E2E_URL, browser in
 * CHROMIUM_PATH), stops the server and exits with the tests' exit code.
 * Assumes `npm run build` ran; builds dist/ itself when it is missing.
 * Arguments (optional) pick the files whose names contain one of them: `npm run test:e2e -- classroom`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ensureChromium, log, root, servePreview } from './lib/browser.mjs';

const picks = process.argv.slice(2);
const chromium = ensureChromium('e2e');
log('e2e', `Chromium: ${chromium}`);
ensureBuilt('e2e');

let code = 1;
let server = null;
try {
  server = await servePreview();
  log('e2e', `serving dist/ at ${server.baseUrl}`);
  const testDir = join(root, 'tests', 'e2e');
  const files = readdirSync(testDir)
    .filter((f) => f.endsWith('.e2e.mjs'))
    .filter((f) => picks.length === 0 || picks.some((p) => f.includes(p)))
    .sort()
    .map((f) => join(testDir, f));
  if (files.length === 0) throw new Error('no tests/e2e/*.e2e.mjs files found');
  const result = spawnSync(
    process.execPath,
    ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, GNLENS_E2E_URL: server.baseUrl, CHROMIUM_PATH: chromium },
    },
  );
  code = result.status ?? 1;
} catch (error) {
  log('e2e', String(error instanceof Error ? error.message : error));
  if (server) log('e2e', `vite preview output:\n${server.output()}`);
} finally {
  server?.stop();
}
process.exit(code);
