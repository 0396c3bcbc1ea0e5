/**
 * Beyond linear MLPs and real data in the browser: the CNN's two κs and its dense-equivalent
 * bounds, batch norm with and without, the two-layer ReLU bound, the size guard, the data panel,
 * compare series, and a readable sweep plot by default.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  cliKappa,
  expectClose,
  launchBrowser,
  openPage,
  screenshot,
  screenshotDir,
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

async function attr(page, testId, name = 'data-value') {
  return page.getByTestId(testId).first().getAttribute(name);
}

describe('network families', () => {
  it('a CNN link shows both κs and the dense-equivalent bounds', async () => {
    const query = '?model=cnn1d&data=fashion-mnist&whiten=1&filters=3&kernel=5';
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor(query));
    const kappa = await waitForKappa(page);
    expectClose(kappa, cliKappa(query), 1e-12);
    const dense = Number(await attr(page, 'kappa-dense'));
    assert.ok(Number.isFinite(dense) && dense >= 1, `dense-equivalent κ = ${dense}`);
    assert.notEqual(dense, kappa);
    await page.getByTestId('cnn-explain').waitFor();
    assert.match(await page.getByTestId('method').innerText(), /k·rank\(Σ\)/);
    const section = page.getByTestId('bounds-dense');
    assert.match(await section.innerText(), /Bounds on the dense-equivalent κ/);
    const convex = Number(await attr(page, 'bound-dense-convex'));
    assert.ok(convex >= dense * (1 - 1e-9), 'the convex bound bounds the dense-equivalent κ');
    assert.equal(await attr(page, 'bound-convex'), '', 'no bound for the weight-shared κ');
    assert.ok(await page.getByRole('slider', { name: /Depth/ }).isDisabled());
    assert.ok(await page.getByLabel('Activation').isDisabled());
    assert.equal(await page.getByRole('slider', { name: /Filters/ }).inputValue(), '3');
    await waitForSweep(page);
    await screenshot(page, 'cnn-link');
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });

  it('a batch-norm link shows κ with and without batch norm', async () => {
    const query = '?L=2&m=50&bn=1&data=digits&stride=2&n=50';
    const { context, page } = await openPage(browser);
    await page.goto(urlFor(query));
    const kappa = await waitForKappa(page);
    expectClose(kappa, cliKappa(query), 1e-9);
    const without = Number(await attr(page, 'kappa-no-bn'));
    assert.ok(Number.isFinite(without) && without >= 1);
    assert.notEqual(without, kappa);
    assert.ok(await page.getByLabel('Batch norm after each hidden layer').isChecked());
    assert.equal(await page.locator('#ctl-d-value').inputValue(), '16');
    assert.ok(await page.locator('#ctl-d-value').isDisabled(), 'd is derived from the images');
    await context.close();
  });

  it('a two-layer ReLU link shows the ReLU bound, or why it does not apply', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('?L=2&act=relu&data=fashion-mnist&whiten=1&n=100&m=200'));
    const kappa = await waitForKappa(page);
    const relu = page.getByTestId('bound-relu');
    const value = Number(await relu.getAttribute('data-value'));
    assert.ok(value >= kappa * (1 - 1e-9), `relu bound ${value} ≥ κ ${kappa}`);
    assert.match(await page.getByTestId('method').innerText(), /JJᵀ\/n, n·k = 1\u2009000/);
    assert.ok((await relu.locator('.katex').count()) >= 1, 'the formula is typeset');
    await screenshot(page, 'relu-link');
    // Narrow and ReLU: dead units make ΦᵀΦ singular, the bound does not apply.
    await page.goto(urlFor('?L=2&act=relu&data=fashion-mnist&n=100&m=20'));
    await waitForKappa(page);
    assert.equal(await page.getByTestId('bound-relu').getAttribute('data-value'), '');
    const table = await page.locator('table.bounds').first().innerText();
    assert.match(table, /Not applicable: .*(ΦᵀΦ|dead|n ≤ d)/);
    await context.close();
  });
});

describe('size guard', () => {
  it('?act=relu&n=2000&m=400 is held back; "Use n = …" computes', async () => {
    const { context, page } = await openPage(browser);
    // Every depth from 2 on needs a Gram beyond the memory limit (nk = 20000 < p = 23600 at L = 2).
    await page.goto(urlFor('?act=relu&n=2000&m=400'));
    const guard = page.getByTestId('size-guard');
    await guard.waitFor();
    assert.equal(await attr(page, 'status', 'data-state'), 'idle');
    assert.match(await page.getByTestId('status').innerText(), /size guard/);
    assert.equal(await attr(page, 'kappa'), '');
    assert.match(await guard.innerText(), /\d+×\d+ matrix \((JJᵀ|JᵀJ)\/n\), ~.+, ~.+B/);
    await waitForSweep(page);
    assert.match(await page.getByTestId('sweep-skipped').innerText(), /skipped .*too large/s);
    await screenshot(page, 'size-guard');
    const use = guard.getByRole('button', { name: /Use n = \d+/ });
    const n = Number(/\d+/.exec(await use.innerText())[0]);
    await use.click();
    const kappa = await waitForKappa(page);
    assert.ok(Number.isFinite(kappa) && kappa > 1);
    assert.equal(await page.getByTestId('size-guard').count(), 0);
    assert.equal(await page.locator('#ctl-n-value').inputValue(), String(n));
    await page.waitForFunction((v) => location.search.includes(`n=${v}`), n);
    await context.close();
  });

  it('a slow point computes on "Compute anyway"; a long sweep asks first', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('?L=2&act=relu&n=300&sweep=beta&pts=40&seeds=10'));
    const guard = page.getByTestId('size-guard');
    await guard.waitFor();
    assert.equal(await guard.getAttribute('data-level'), 'confirm');
    const confirm = page.getByTestId('sweep-confirm');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /400 evaluations/);
    assert.equal(await attr(page, 'sweep-plot', 'data-state'), 'confirm');
    await guard.getByRole('button', { name: 'Compute anyway' }).click();
    const kappa = await waitForKappa(page, null, 120_000);
    assert.ok(Number.isFinite(kappa));
    assert.equal(await attr(page, 'sweep-plot', 'data-state'), 'confirm', 'still waiting');
    await context.close();
  });
});

describe('data and sweeps', () => {
  it('the data panel shows 16 thumbnails and Σ’s spectrum with its zero eigenvalues', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('?data=fashion-mnist'));
    await waitForKappa(page);
    const panel = page.getByTestId('data-panel');
    await panel.locator('[data-testid="thumbnails"] canvas').nth(15).waitFor();
    assert.equal(await panel.locator('[data-testid="thumbnails"] canvas').count(), 16);
    const size = await panel
      .locator('canvas')
      .first()
      .evaluate((c) => [c.width, c.height]);
    assert.deepEqual(size, [7, 7], 'drawn at stride 4');
    // A thumbnail is not blank: some pixel is bright.
    const bright = await panel
      .locator('canvas')
      .first()
      .evaluate((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        return Math.max(...d.filter((_, i) => i % 4 === 0));
      });
    assert.ok(bright > 100, `brightest pixel ${bright}`);
    const svg = panel.locator('[data-testid="sigma-plot"] svg');
    const zero = Number(await svg.getAttribute('data-zero'));
    const rank = Number(await svg.getAttribute('data-rank'));
    assert.ok(zero >= 1, 'border pixels give zero eigenvalues');
    assert.equal(rank + zero, 49);
    assert.match(
      await page.getByTestId('sigma-summary').innerText(),
      new RegExp(`rank Σ = ${rank} of d = 49`),
    );
    await panel.screenshot({ path: join(screenshotDir, 'data-panel.png') });
    await context.close();
  });

  it('the default sweep plot keeps κ readable: far-off bounds leave the top, marked', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('/'));
    await waitForKappa(page);
    await waitForSweep(page);
    const svg = page.getByTestId('sweep-plot').locator('svg');
    assert.equal(await svg.getAttribute('data-clipped'), 'true');
    assert.match(await svg.locator('.off-scale').first().textContent(), /Layer-wise B3 up to/);
    await page.getByLabel('full y range').check();
    assert.equal(await svg.getAttribute('data-clipped'), 'false');
    await context.close();
  });

  it('compare series from the controls: one κ curve per width, in the URL', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('/'));
    await waitForKappa(page);
    await page.locator('#sweep-compare').selectOption('m');
    await page.locator('#sweep-showb').selectOption('convex');
    await page.waitForFunction(() => location.search.includes('cmp=m:50,100,200&showb=convex'));
    await waitForSweep(page);
    const plot = page.getByTestId('sweep-plot');
    assert.equal(await plot.locator('path.series-line.is-reference').count(), 3);
    assert.equal(await plot.locator('path.series-line').count(), 6);
    await page.locator('#sweep-compare-values').fill('20, 400');
    await page.locator('#sweep-compare-values').press('Enter');
    await page.waitForFunction(() => location.search.includes('cmp=m:20,400'));
    await waitForSweep(page);
    assert.equal(await plot.locator('path.series-line.is-reference').count(), 2);
    await screenshot(page, 'compare-widths');
    await context.close();
  });
});
