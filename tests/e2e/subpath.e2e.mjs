/**
 * Deploy anywhere (issue #18; README.md, "Deploy"): the built site, copied unchanged, works from a
 * sub-path of a plain static server, requests nothing outside that folder, registers its
 * service worker for that folder only, and works offline after the first visit there. A tiny
 * node:http server maps /~lecturer/gnlens/ to dist/ and answers 404 everywhere else.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, root, waitForKappa } from './helpers.mjs';

const PREFIX = '/~lecturer/gnlens/';
const DIST = join(root, 'dist');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.bin': 'application/octet-stream',
  '.md': 'text/markdown; charset=utf-8',
};

/** Every path the server was asked for, in order. */
const asked = [];

/** dist/ under PREFIX, 404 elsewhere: what `cp -r dist/ ~/public_html/gnlens/` gives. */
function staticServer() {
  return createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    asked.push(path);
    const notFound = () => {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    };
    if (!path.startsWith(PREFIX)) return notFound();
    const rest = path.slice(PREFIX.length) || 'index.html';
    const file = normalize(join(DIST, rest));
    if (!file.startsWith(DIST + sep)) return notFound();
    try {
      if (!(await stat(file)).isFile()) return notFound();
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
      });
      response.end(body);
    } catch {
      notFound();
    }
  });
}

let browser;
let server;
let base;
before(async () => {
  server = staticServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve) ?? resolve());
});

describe('the build under a sub-path', () => {
  it('works at /~lecturer/gnlens/, stays inside it, and works offline after one visit', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const pageErrors = [];
    const browserRequests = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    context.on('request', (request) => browserRequests.push(request.url()));

    await page.goto(base);
    const kappa = await waitForKappa(page);
    assert.ok(kappa > 1, `κ = ${kappa}`);
    // This server sends no COOP/COEP: one thread, and the page says why.
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
    assert.match(await page.getByTestId('threads').innerText(), /1 thread/);
    const scope = await page.evaluate(() =>
      navigator.serviceWorker.ready.then((registration) => registration.scope),
    );
    assert.equal(scope, base, 'the service worker is registered for the page’s folder');
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 30_000,
    });
    await waitForKappa(page);
    // The service worker added the isolation headers: the page may share memory between threads.
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    if (cores >= 2) {
      // The eigen helpers start in the background; a job estimated over 0.3 s uses them (a
      // slider step's quick job runs on one core, and the page says so).
      assert.match(await page.getByTestId('threads').innerText(), /1 thread/);
      assert.match(await page.getByTestId('threads').getAttribute('title'), /under 0\.3 s/);
      await page.goto(`${base}?d=150&n=2000&m=200,200&kx=100`);
      await waitForKappa(page);
      // the new page's helpers start in the background: the next job of this size uses them
      await page.getByRole('slider', { name: /Depth/ }).first().focus();
      await page.waitForTimeout(1000);
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(
        () =>
          Number(document.querySelector('[data-testid=threads]')?.getAttribute('data-threads')) >=
          2,
        null,
        { timeout: 30_000 },
      );
    }
    // an image data set: the workers fetch it from the site's data/ folder
    await page.goto(`${base}?data=digits&L=2`);
    assert.ok((await waitForKappa(page)) >= 1, 'the digits data set loads under the sub-path');
    assert.equal(await page.locator('[data-testid="status"][data-state="error"]').count(), 0);

    const outside = asked.filter((p) => !p.startsWith(PREFIX));
    assert.deepEqual(outside, [], 'the server was asked for nothing outside the folder');
    const foreign = browserRequests.filter(
      (u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    assert.deepEqual(foreign, [], 'the browser requested nothing outside the folder');
    assert.ok(
      asked.some((p) => p.startsWith(`${PREFIX}data/digits`)),
      'the data set came from data/',
    );

    await context.setOffline(true);
    try {
      const before = asked.length;
      await page.reload();
      assert.ok((await waitForKappa(page)) >= 1, 'κ computed offline (the digits data set)');
      await page.goto(`${base}?L=4&m=30`);
      assert.ok((await waitForKappa(page)) >= 1, 'a new configuration computes offline');
      assert.equal(await page.locator('[data-testid="status"][data-state="error"]').count(), 0);
      assert.equal(asked.length, before, 'offline: the server heard nothing');
    } finally {
      await context.setOffline(false);
    }
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
