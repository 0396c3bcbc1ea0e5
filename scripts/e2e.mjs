#!/usr/bin/env node
/**
 * Browser tests: finds Chromium, serves the built app with `vite preview` on 127.0.0.1, runs
 * tests/e2e/*.e2e.mjs with node's test runner (base URL in GNLENS_E2E_URL, browser in
 * CHROMIUM_PATH), stops the server and exits with the tests' exit code.
 * Assumes `npm run build` ran; builds dist/ itself when it is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

function log(message) {
  process.stderr.write(`[e2e] ${message}\n`);
}

function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

function ensureChromium() {
  let path = findChromium();
  if (path) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    log(`Chromium not found (set CHROMIUM_PATH or install it): sudo ${INSTALL_COMMAND}`);
    process.exit(1);
  }
  log('Chromium not found; installing Debian chromium (about a minute)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      log(`"apt-get ${args.join(' ')}" failed; run: ${INSTALL_COMMAND}`);
      process.exit(1);
    }
  }
  path = findChromium();
  if (!path) {
    log(`Chromium still not found after installing; run: ${INSTALL_COMMAND}`);
    process.exit(1);
  }
  return path;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForServer(url, child, timeoutMs = 30_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs} ms`);
}

const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

const chromium = ensureChromium();
log(`Chromium: ${chromium}`);

if (!existsSync(join(root, 'dist', 'index.html'))) {
  log('dist/ is missing; building with vite…');
  const r = spawnSync(process.execPath, [viteBin, 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}/`;
const server = spawn(
  process.execPath,
  [viteBin, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
);
let serverOutput = '';
server.stdout.on('data', (d) => (serverOutput += d));
server.stderr.on('data', (d) => (serverOutput += d));

function stopServer() {
  if (server.exitCode === null) server.kill('SIGTERM');
}
process.on('exit', stopServer);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopServer();
    process.exit(130);
  });
}

let code;
try {
  await waitForServer(baseUrl, server);
  log(`serving dist/ at ${baseUrl}`);
  const testDir = join(root, 'tests', 'e2e');
  const files = readdirSync(testDir)
    .filter((f) => f.endsWith('.e2e.mjs'))
    .sort()
    .map((f) => join(testDir, f));
  if (files.length === 0) throw new Error('no tests/e2e/*.e2e.mjs files found');
  const result = spawnSync(
    process.execPath,
    ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, GNLENS_E2E_URL: baseUrl, CHROMIUM_PATH: chromium },
    },
  );
  code = result.status ?? 1;
} catch (error) {
  log(String(error instanceof Error ? error.message : error));
  if (serverOutput) log(`vite preview output:\n${serverOutput}`);
  code = 1;
} finally {
  stopServer();
}
process.exit(code);
