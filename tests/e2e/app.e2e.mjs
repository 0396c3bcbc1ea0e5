/** The visualizer in a real browser: landing page, links, sliders, history, notices, errors. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  cliKappa,
  expectClose,
  launchBrowser,
  median,
  openPage,
  screenshot,
  urlFor,
  waitForKappa,
  waitForSweep,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe('landing page', () => {
  it('opens on the default configuration with κ, both plots and the depth sweep', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor('/'));
    const kappa = await waitForKappa(page);
    assert.ok(Number.isFinite(kappa) && kappa > 1, `κ = ${kappa}`);
    assert.equal(await page.getByTestId('status').getAttribute('data-state'), 'idle');
    assert.equal(await page.getByRole('slider', { name: /Depth/ }).inputValue(), '3');
    assert.equal(await page.getByLabel('Depth').inputValue(), '3');
    await page.getByTestId('spectrum-bars').waitFor();
    await waitForSweep(page);
    const curves = page.getByTestId('sweep-plot').locator('path.series-line');
    assert.ok((await curves.count()) >= 2, 'κ and at least one bound are drawn');
    assert.equal(
      await page.getByTestId('sweep-plot').locator('.current-marker').count(),
      1,
      'the current depth is marked',
    );
    for (const id of ['separation', 'convex', 'max', 'lowerTrace']) {
      assert.equal(await page.getByTestId(`bound-${id}`).count(), 1, `bound-${id} row`);
    }
    const convex = Number(await page.getByTestId('bound-convex').getAttribute('data-value'));
    assert.ok(convex >= kappa * (1 - 1e-9), 'the convex bound is an upper bound');
    await screenshot(page, 'landing-desktop');
    assert.deepEqual(problems.foreignRequests, [], 'no remote resources');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await context.close();
  });

  it('lays out on a narrow screen and in dark mode', async () => {
    const { context, page } = await openPage(browser, {
      viewport: { width: 420, height: 900 },
      colorScheme: 'dark',
    });
    await page.goto(urlFor('/'));
    await waitForKappa(page);
    await waitForSweep(page);
    await screenshot(page, 'landing-narrow-dark');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `no horizontal page scroll (overflow ${overflow}px)`);
    await context.close();
  });
});

describe('links', () => {
  it('a shared link sets the controls and reproduces the CLI κ exactly', async () => {
    const query = '?L=4&m=20&kx=100&seed=7';
    const { context, page } = await openPage(browser);
    await page.goto(urlFor(query));
    const kappa = await waitForKappa(page);
    assert.equal(await page.getByRole('slider', { name: /Depth/ }).inputValue(), '4');
    assert.equal(await page.getByRole('slider', { name: /Width/ }).inputValue(), '20');
    assert.equal(await page.getByRole('spinbutton', { name: 'κ(Σ) value' }).inputValue(), '100');
    assert.equal(await page.getByLabel('Seed', { exact: true }).inputValue(), '7');
    expectClose(kappa, cliKappa(query), 1e-12);
    await context.close();
  });

  it('an invalid link shows notices, is corrected, and still computes', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('?L=abc&m=-5&kx=1e99&foo=bar&sweep=zz'));
    const notices = page.getByTestId('notice');
    await notices.first().waitFor();
    assert.ok((await notices.count()) >= 4, 'one notice per bad value');
    const text = await page.getByTestId('notices').innerText();
    assert.match(text, /foo/);
    assert.match(text, /κ\(Σ\)|kx/);
    const kappa = await waitForKappa(page);
    assert.ok(Number.isFinite(kappa));
    const search = await page.evaluate(() => location.search);
    assert.ok(!search.includes('abc') && !search.includes('foo'), `URL corrected: ${search}`);
    await screenshot(page, 'invalid-link-notices');
    const count = await notices.count();
    await notices
      .filter({ hasText: 'unknown key' })
      .getByRole('button', { name: 'Dismiss' })
      .click();
    assert.equal(await page.getByText(/unknown key/).count(), 0);
    assert.equal(await notices.count(), count - 1);
    for (const name of ['Depth', 'Width', 'Residual', 'Data condition', 'Activation', 'Seed']) {
      assert.equal(await page.getByLabel(name).count(), 1, `one control named "${name}"`);
    }
    await context.close();
  });
});

describe('interaction', () => {
  it('the depth slider updates κ and both plots; Back/Forward restore κ; latency is measured', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('/'));
    const kappa3 = await waitForKappa(page);
    await waitForSweep(page);
    const slider = page.getByRole('slider', { name: /Depth/ });
    const spectrum = page.getByTestId('spectrum-plot');
    const sweep = page.getByTestId('sweep-plot');
    const markerBefore = await sweep.locator('.current-marker line').getAttribute('x1');

    await slider.focus();
    await page.keyboard.press('ArrowRight');
    const kappa4 = await waitForKappa(page, String(kappa3));
    assert.equal(await slider.inputValue(), '4');
    assert.notEqual(kappa4, kappa3);
    assert.equal(Number(await spectrum.getAttribute('data-kappa')), kappa4, 'histogram updated');
    assert.equal(await sweep.getAttribute('data-current-x'), '4');
    const markerAfter = await sweep.locator('.current-marker line').getAttribute('x1');
    assert.notEqual(markerAfter, markerBefore, 'sweep marker moved');
    await page.waitForFunction(() => /[?&]L=4(&|$)/.test(location.search));

    // More key presses for a latency sample (each press is one input → κ).
    let previous = kappa4;
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('ArrowRight');
      previous = await waitForKappa(page, String(previous));
    }
    const latencies = await page.evaluate(() =>
      performance.getEntriesByName('gn:input-to-result', 'measure').map((m) => m.duration),
    );
    assert.ok(latencies.length >= 5, `latency measures: ${latencies.length}`);
    console.log(
      `input → κ latency over ${latencies.length} depth steps: median ${median(latencies).toFixed(1)} ms ` +
        `(min ${Math.min(...latencies).toFixed(1)}, max ${Math.max(...latencies).toFixed(1)})`,
    );
    await screenshot(page, 'after-depth-steps');

    // A step answered from the cache (back to a depth just shown) starts no spinner: the status
    // says "computing" (data-state) only until the later panels catch up, and never shows it.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="status"]')?.dataset.state === 'idle',
    );
    await page.evaluate(() => {
      const status = document.querySelector('[data-testid="status"]');
      window.__statusClasses = [];
      new MutationObserver(() => window.__statusClasses.push(status.className)).observe(status, {
        attributes: true,
        attributeFilter: ['class'],
      });
    });
    await page.keyboard.press('ArrowLeft');
    const kappaBack = await waitForKappa(page, String(previous));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="status"]')?.dataset.state === 'idle',
    );
    const sourceOfLast = await page.evaluate(
      () => performance.getEntriesByName('gn:input-to-result', 'measure').at(-1)?.detail?.source,
    );
    assert.equal(sourceOfLast, 'cache');
    assert.deepEqual(
      (await page.evaluate(() => window.__statusClasses)).filter((c) => /computing/.test(c)),
      [],
    );
    await page.keyboard.press('ArrowRight');
    assert.equal(await waitForKappa(page, String(kappaBack)), previous);
    // Its entry is written just after the frame that shows it (src/state/urlSync.ts); Back
    // pressed before that would drop the step (tests/state/urlSync.test.ts).
    await page.waitForFunction(() => /[?&]L=8(&|$)/.test(location.search));

    // Back through the pushed entries (L = 8, 7, 8, 7, 6, 5, 4) to L = 3, then Forward to L = 4.
    for (let i = 0; i < 7; i++) await page.goBack();
    await page.waitForFunction(() => !/[?&]L=/.test(location.search));
    const back = await waitForKappa(page, null);
    assert.equal(back, kappa3, 'Back restores κ of L = 3');
    assert.equal(await slider.inputValue(), '3');
    await page.goForward();
    await page.waitForFunction(() => /[?&]L=4(&|$)/.test(location.search));
    const forward = await waitForKappa(page, String(kappa3));
    assert.equal(forward, kappa4, 'Forward restores κ of L = 4');
    await context.close();
  });

  it('a worker error is shown in place and the next change works', async () => {
    // No service worker: it would answer the data request from its cache, around the route.
    const { context, page, problems } = await openPage(browser, { serviceWorkers: 'block' });
    // Every configuration a link can spell is made valid before it is computed, so the failure
    // comes from outside: the image data set cannot be downloaded.
    await page.route('**/data/*.bin', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(urlFor('?data=fashion-mnist'));
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="status"]')?.getAttribute('data-state') === 'error',
      null,
      { timeout: 60_000 },
    );
    assert.match(
      await page.getByRole('alert').first().innerText(),
      /could not load the fashion-mnist images/,
    );
    assert.equal(await page.getByTestId('kappa').getAttribute('data-value'), '');
    await screenshot(page, 'worker-error');
    // A new configuration from history recovers on the same page and workers.
    await page.evaluate(() => {
      history.pushState(null, '', '?L=2');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    const kappa = await waitForKappa(page);
    assert.ok(Number.isFinite(kappa) && kappa >= 1);
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });

  it('hovering a histogram bar reads its bin, and the arrow keys step through the bins', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('?L=2&m=60'));
    await waitForKappa(page);
    const readout = page.locator('.plot-readout').first();
    // The leftmost bar's left edge, from the bars' paths (M x,y …, left to right).
    const leftEdge = async (testId) => {
      const bars = page.getByTestId(testId);
      if ((await bars.count()) === 0) return Infinity;
      return Number(/^M([\d.]+),/.exec((await bars.getAttribute('d')) ?? '')?.[1]);
    };
    const firstBarX = Math.min(
      await leftEdge('spectrum-bars'),
      await leftEdge('spectrum-bars-discarded'),
    );
    assert.ok(Number.isFinite(firstBarX), 'the kept bars are drawn');
    const hit = page.getByTestId('spectrum-hit');
    await hit.hover({ position: { x: firstBarX + 2, y: 20 } });
    const first = await readout.innerText();
    assert.match(first, /eigenvalues? in λ ∈ \[/);
    assert.equal(await page.locator('.spectrum-svg .bar-hovered').count(), 1);
    await page.locator('.spectrum-svg').first().focus();
    await page.keyboard.press('End');
    const last = await readout.innerText();
    assert.match(last, /eigenvalues? in λ ∈ \[/);
    assert.notEqual(last, first, 'End reads the last bin');
    await page.keyboard.press('Home');
    assert.equal(await readout.innerText(), first, 'Home reads the first bin');
    await context.close();
  });
});
