/**
 * The explanation views in a real browser (issue #18, docs/gn-math.md §12, §16): which layer
 * limits κ (test id `layer-breakdown`, one `data-layer` row per layer) and the predicted spectrum
 * over the histogram (test id `spectrum-theory`), or the sentence saying why there is none.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, openPage, screenshot, urlFor, waitForKappa } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/**
 * Opens `query` and waits for κ (the full page; an embed has no headline) and for the per-layer
 * view of that configuration.
 */
async function open(query, { embed = false, downloads = false } = {}) {
  const opened = await openPage(browser, downloads ? { acceptDownloads: true } : {});
  await opened.page.goto(urlFor(query));
  if (!embed) await waitForKappa(opened.page);
  await opened.page.waitForFunction(
    () => document.querySelector('[data-testid="layer-breakdown"]')?.getAttribute('data-family'),
    null,
    { timeout: 60_000 },
  );
  return opened;
}

function assertClean(problems) {
  assert.deepEqual(problems.pageErrors, [], 'no page errors');
  assert.deepEqual(problems.consoleErrors, [], 'no console errors');
}

describe('which layer limits κ', () => {
  it('a deep linear net (L = 4): one row per layer, the sentence, the chart', async () => {
    const { context, page, problems } = await open('?L=4');
    const view = page.getByTestId('layer-breakdown');
    assert.equal(await view.getAttribute('data-family'), 'linear');
    const rows = view.locator('[data-layer]');
    assert.equal(await rows.count(), 4);
    assert.deepEqual(
      await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-layer'))),
      ['1', '2', '3', '4'],
    );
    assert.match(await view.textContent(), /Layer \d limits κ/);
    // four series of four points each (κ(P), κ(Q), their product, the block κ), and γ bars
    assert.equal(await view.locator('svg.plot .layer-series').count(), 4);
    assert.equal(await view.locator('svg.plot rect.gamma-bar').count(), 4);
    await screenshot(page, 'explain-layers-L4');
    assertClean(problems);
    await context.close();
  });

  it('a ReLU net: the condition number of each layer’s diagonal block', async () => {
    const { context, page, problems } = await open('?L=3&act=relu&n=60&m=20&d=10&k=3');
    const view = page.getByTestId('layer-breakdown');
    assert.equal(await view.getAttribute('data-family'), 'blocks');
    const rows = view.locator('[data-layer]');
    assert.equal(await rows.count(), 3);
    // the κ(block) column holds a number for every layer
    const kappas = await rows.evaluateAll((els) =>
      els.map((e) => Number(e.querySelectorAll('td')[5]?.textContent?.replace(/\s/g, ''))),
    );
    assert.ok(
      kappas.every((k) => Number.isFinite(k) && k >= 1),
      `block κ: ${kappas}`,
    );
    assert.match(await view.textContent(), /diagonal block of the GN is the worst conditioned/);
    assertClean(problems);
    await context.close();
  });

  it('exports the per-layer figure as SVG and its numbers as CSV', async () => {
    const { context, page, problems } = await open('?L=3&m=100,20', { downloads: true });
    const menu = page.locator('[data-export="layers"] details.export-menu');
    const save = async (name) => {
      if (!(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        menu.getByRole('button', { name }).click(),
      ]);
      return readFileSync(await download.path(), 'utf8');
    };
    const svg = await save('Export layers as SVG');
    const check = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror') !== null,
        texts: Array.from(doc.querySelectorAll('text')).map((t) => t.textContent),
      };
    }, svg);
    assert.equal(check.error, false);
    assert.ok(
      check.texts.some((t) => /layer l/.test(t)),
      'x axis title',
    );
    assert.ok(
      check.texts.some((t) => /κ\(Pₗ\)·κ\(Qₗ\)/.test(t)),
      'legend',
    );
    const csv = (await save('Export layers data as CSV')).trim().split('\n');
    assert.equal(
      csv[0],
      'layer,sigma_max_P,sigma_min_P,sigma_max_Q,sigma_min_Q,kappaP_kappaQ,gamma,kappa_block',
    );
    assert.equal(csv.length, 1 + 3, 'one row per layer');
    assertClean(problems);
    await context.close();
  });

  it('a classroom link can hide it (hide=layers)', async () => {
    const { context, page, problems } = await open('?class=1&hide=layers');
    assert.equal(await page.getByTestId('layer-breakdown').isVisible(), false);
    assert.equal(await page.getByTestId('spectrum-plot').isVisible(), true);
    assertClean(problems);
    await context.close();
  });

  it('fig=layers embeds the per-layer view', async () => {
    const { context, page, problems } = await open('?L=3&embed=1&fig=layers', { embed: true });
    assert.equal(await page.getByTestId('embed').getAttribute('data-figure'), 'layers');
    assert.equal(await page.getByTestId('layer-breakdown').locator('[data-layer]').count(), 3);
    assertClean(problems);
    await context.close();
  });
});

describe('the predicted spectrum over the histogram', () => {
  for (const [name, query, label] of [
    ['L = 1', '?L=1', /exact for L = 1/],
    ['L = 2 on white data', '?L=2&kx=1', /Marchenko–Pastur/],
  ]) {
    it(`${name}: a path over the bars, labelled with its assumptions`, async () => {
      const { context, page, problems } = await open(query);
      const path = page.getByTestId('spectrum-theory');
      await path.waitFor({ timeout: 30_000 });
      assert.equal(await path.evaluate((e) => e.tagName.toLowerCase()), 'path');
      assert.ok(((await path.getAttribute('d')) ?? '').length > 20, 'the path has points');
      const card = page.locator('section[aria-labelledby="spectrum-title"]');
      assert.match(await card.textContent(), label);
      assert.equal(await page.getByTestId('spectrum-theory-none').count(), 0);
      if (name.startsWith('L = 2')) await screenshot(page, 'explain-theory-L2');
      assertClean(problems);
      await context.close();
    });
  }

  it('a ReLU net: no path, and the sentence saying why', async () => {
    const { context, page, problems } = await open('?L=2&act=relu&n=60&m=20&d=10&k=3');
    const none = page.getByTestId('spectrum-theory-none');
    await none.waitFor({ timeout: 30_000 });
    assert.match(await none.textContent(), /No prediction for ReLU networks/);
    assert.equal(await page.getByTestId('spectrum-theory').count(), 0);
    assertClean(problems);
    await context.close();
  });
});
