/** Shared helpers of the browser tests (run by scripts/e2e.mjs). */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = join(root, 'tests', 'e2e', 'screenshots');

export const BASE_URL = process.env.GNLENS_E2E_URL ?? 'http://127.0.0.1:4173/';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a machine without network (toolchain-notes.md). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A page that records console errors, failed requests and requests to other origins (the app
 * must not load any remote resource).
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    deviceScaleFactor: 1,
    ...options,
  });
  const page = await context.newPage();
  const problems = { consoleErrors: [], foreignRequests: [], pageErrors: [] };
  const origin = new URL(BASE_URL).origin;
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error)));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.foreignRequests.push(url);
    }
  });
  return { context, page, problems };
}

export function urlFor(query = '') {
  return new URL(query, BASE_URL).href;
}

/** Waits until the status is idle and κ has a value (different from `previous` if given). */
export async function waitForKappa(page, previous = null, timeout = 60_000) {
  await page.waitForFunction(
    (prev) => {
      const status = document.querySelector('[data-testid="status"]');
      const kappa = document.querySelector('[data-testid="kappa"]');
      const value = kappa?.getAttribute('data-value');
      return status?.getAttribute('data-state') === 'idle' && value && value !== prev;
    },
    previous,
    { timeout },
  );
  return Number(await page.getByTestId('kappa').getAttribute('data-value'));
}

/** Waits until the sweep has finished every evaluation. */
export async function waitForSweep(page, timeout = 120_000) {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="sweep-plot"]')?.getAttribute('data-state') === 'done',
    null,
    { timeout },
  );
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** κ from the CLI for the same query string (the same core, in Node). */
export function cliKappa(query) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'gnlens.mjs'), 'eval', '--url', query], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`gnlens eval failed (${r.status}): ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout).kappa;
}

export function expectClose(actual, expected, rtol) {
  const ok = Math.abs(actual - expected) <= rtol * Math.abs(expected);
  if (!ok) throw new Error(`expected ${actual} to equal ${expected} within rtol ${rtol}`);
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
