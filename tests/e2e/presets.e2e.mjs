/**
 * The paper's experiments gallery: every preset loads from its link, sets its controls, draws its
 * curves within the time budget, and is saved as a screenshot (tests/e2e/screenshots/preset-*.png).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  launchBrowser,
  openPage,
  screenshot,
  urlFor,
  waitForKappa,
  waitForSweep,
} from './helpers.mjs';

/** A whole preset (current point and sweep) should take about 20 s on 2 cores; fail well above. */
const PRESET_LIMIT_MS = 30_000;

/** Where each query key shows up in the controls (input/select id, and how to read it). */
const CONTROLS = {
  model: ['#ctl-model', 'value'],
  L: ['#ctl-depth-value', 'value'],
  m: ['#ctl-width-value', 'value'],
  act: ['#ctl-activation', 'value'],
  bn: ['#ctl-bn', 'checked'],
  data: ['#ctl-data', 'value'],
  n: ['#ctl-n-value', 'value'],
  d: ['#ctl-d-value', 'value'],
  whiten: ['#ctl-whiten', 'checked'],
  stride: ['#ctl-stride', 'value'],
  kernel: ['#ctl-kernel-value', 'value'],
  sweep: ['#sweep-axis', 'value'],
  from: ['#sweep-from', 'value'],
  to: ['#sweep-to', 'value'],
  pts: ['#sweep-points', 'value'],
  seeds: ['#sweep-runs', 'value'],
  showb: ['#sweep-showb', 'value'],
};

async function readControl(page, selector, how) {
  const element = page.locator(selector);
  return how === 'checked' ? ((await element.isChecked()) ? '1' : '0') : element.inputValue();
}

/** Checks every key of the query against its control; returns the compare values (if any). */
async function expectControls(page, query) {
  const params = new URLSearchParams(query);
  for (const [key, value] of params) {
    if (key === 'v' || key === 'cmp') continue;
    const control = CONTROLS[key];
    assert.ok(control, `a control for "${key}"`);
    assert.equal(await readControl(page, ...control), value, `control for ${key}=${value}`);
  }
  if (!params.has('sweep')) assert.equal(await page.locator('#sweep-axis').inputValue(), 'L');
  const cmp = params.get('cmp');
  if (!cmp) return [];
  const [kind, list] = cmp.split(':');
  assert.equal(await page.locator('#sweep-compare').inputValue(), kind);
  const values = list.split(',');
  assert.equal(await page.locator('#sweep-compare-values').inputValue(), values.join(', '));
  return values;
}

let browser;
let presets = [];
before(async () => {
  browser = await launchBrowser();
  // The gallery is the source of the links: read them from the page.
  const { context, page } = await openPage(browser);
  await page.goto(urlFor('/'));
  await page.getByRole('button', { name: 'Paper experiments' }).click();
  const panel = page.getByTestId('presets');
  await panel.waitFor();
  presets = await panel
    .locator('a[data-preset]')
    .evaluateAll((links) =>
      links.map((a) => ({ id: a.dataset.preset, href: a.getAttribute('href') })),
    );
  await context.close();
});
after(async () => {
  await browser?.close();
});

describe('paper experiments', () => {
  it('lists the nine experiments as real links', () => {
    assert.ok(presets.length >= 9, `${presets.length} presets`);
    for (const p of presets) assert.match(p.href, /^\?v=1&/);
  });

  it('loads every preset from its link: controls, curves, time, screenshot', async () => {
    const timings = [];
    for (const preset of presets) {
      const { context, page, problems } = await openPage(browser);
      const t0 = Date.now();
      await page.goto(urlFor(preset.href));
      const kappa = await waitForKappa(page);
      await waitForSweep(page, PRESET_LIMIT_MS + 30_000);
      const ms = Date.now() - t0;
      timings.push(`${preset.id} ${(ms / 1000).toFixed(1)} s`);
      assert.ok(Number.isFinite(kappa) && kappa >= 1, `${preset.id}: κ = ${kappa}`);
      assert.equal(await page.getByTestId('notice').count(), 0, `${preset.id}: no notices`);
      const compared = await expectControls(page, preset.href);
      const plot = page.getByTestId('sweep-plot');
      const kappaCurves = await plot.locator('path.series-line.is-reference').count();
      const allCurves = await plot.locator('path.series-line').count();
      if (compared.length > 0) {
        assert.equal(kappaCurves, compared.length, `${preset.id}: one κ curve per series`);
        const legend = await page
          .locator('section:has([data-testid="sweep-plot"]) .legend-item')
          .count();
        assert.equal(legend, compared.length, `${preset.id}: one legend entry per series`);
      } else {
        assert.ok(kappaCurves >= 1 && allCurves >= 2, `${preset.id}: κ and more (${allCurves})`);
      }
      assert.equal(await page.getByTestId('sweep-skipped').count(), 0, `${preset.id}: no gaps`);
      assert.ok(ms < PRESET_LIMIT_MS, `${preset.id} took ${ms} ms`);
      await screenshot(page, `preset-${preset.id}`);
      assert.deepEqual(problems.pageErrors, [], `${preset.id}: page errors`);
      assert.deepEqual(problems.consoleErrors, [], `${preset.id}: console errors`);
      await context.close();
    }
    console.log(`preset link → sweep done: ${timings.join(', ')}`);
  });

  it('a preset link clicked in the gallery loads in place, and Back returns', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('/'));
    const landing = await waitForKappa(page);
    await page.getByRole('button', { name: 'Paper experiments' }).click();
    await page.getByRole('link', { name: /Open: Rank sensitivity/ }).click();
    await page.waitForFunction(() => /sweep=rtol/.test(location.search));
    assert.equal(await page.getByTestId('presets').count(), 0, 'the gallery closes');
    assert.equal(await page.locator('#sweep-axis').inputValue(), 'rtol');
    assert.equal(await page.locator('#ctl-data').inputValue(), 'fashion-mnist');
    await waitForKappa(page, String(landing));
    await page.goBack();
    await page.waitForFunction(() => location.search === '');
    assert.equal(await waitForKappa(page, null), landing);
    await context.close();
  });
});
