/**
 * Shared by the browser tests (scripts/e2e.mjs) and the browser benchmark
 * (scripts/bench-browser.mjs): find (or install) Debian's Chromium, build dist/ when missing,
 * serve it with `vite preview` on 127.0.0.1, and launch headless Chromium with the flags this
 * machine needs (toolchain-notes.md: no network, no sandbox as root).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function log(tag, message) {
  process.stderr.write(`[${tag}] ${message}\n`);
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

/** The Chromium binary; installs Debian's when missing and root, else exits saying the command. */
export function ensureChromium(tag) {
  let path = findChromium();
  if (path) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    log(tag, `Chromium not found (set CHROMIUM_PATH or install it): sudo ${INSTALL_COMMAND}`);
    process.exit(1);
  }
  log(tag, 'Chromium not found; installing Debian chromium (about a minute)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      log(tag, `"apt-get ${args.join(' ')}" failed; run: ${INSTALL_COMMAND}`);
      process.exit(1);
    }
  }
  path = findChromium();
  if (!path) {
    log(tag, `Chromium still not found after installing; run: ${INSTALL_COMMAND}`);
    process.exit(1);
  }
  return path;
}

/** Builds dist/ with vite when it is missing (or always, with `force`). */
export function ensureBuilt(tag, force = false) {
  if (!force && existsSync(join(root, 'dist', 'index.html'))) return;
  log(tag, 'building dist/ with vite…');
  const r = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
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

/**
 * Serves dist/ on a free loopback port. Returns the base URL, the server's output so far (for
 * error reports) and a stop function (also run at process exit).
 */
export async function servePreview() {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}/`;
  const server = spawn(
    process.execPath,
    [viteBin, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  server.stdout.on('data', (d) => (output += d));
  server.stderr.on('data', (d) => (output += d));
  const stop = () => {
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stop();
      process.exit(130);
    });
  }
  await waitForServer(baseUrl, server);
  return { baseUrl, stop, output: () => output };
}
