/**
 * The projector dashboard (issue #18, src/styles.css): at 1920 × 1080 (and at 3840 × 2160,
 * which the page zooms to the same layout) the depth control, κ, the spectrum and the sweep plot
 * are all on the first screen without scrolling; phones and laptops keep the one-column flow of
 * the main area; no width scrolls sideways.
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

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The boxes of what the first screen must show, in viewport pixels, and the page's widths. */
async function firstScreen(page) {
  await waitForKappa(page);
  await waitForSweep(page);
  await page.getByTestId('spectrum-plot').locator('svg').first().waitFor();
  const boxes = {
    kappa: page.getByTestId('kappa'),
    spectrum: page.getByTestId('spectrum-plot'),
    sweep: page.getByTestId('sweep-plot'),
    depth: page.getByRole('slider', { name: /Depth/ }),
    depthValue: page.getByRole('spinbutton', { name: 'L value', exact: true }),
  };
  const out = {};
  for (const [name, locator] of Object.entries(boxes)) out[name] = await locator.boundingBox();
  const page_ = await page.evaluate(() => ({
    scrollX: scrollX,
    scrollY: scrollY,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth,
    innerHeight,
  }));
  return { boxes: out, page: page_ };
}

function assertInViewport(boxes, width, height) {
  for (const [name, box] of Object.entries(boxes)) {
    assert.ok(box, `${name} is rendered`);
    assert.ok(box.width > 0 && box.height > 0, `${name} has a size`);
    const where = `${name} at (${box.x}, ${box.y}) ${box.width} × ${box.height}`;
    assert.ok(box.x >= 0 && box.y >= 0, `${where} starts inside ${width} × ${height}`);
    assert.ok(box.x + box.width <= width + 0.5, `${where} ends inside the width ${width}`);
    assert.ok(box.y + box.height <= height + 0.5, `${where} ends inside the height ${height}`);
  }
}

describe('the projector dashboard', () => {
  it('shows the controls, κ, the spectrum and the sweep on the first screen at 1920 × 1080', async () => {
    const { context, page, problems } = await openPage(browser, {
      viewport: { width: 1920, height: 1080 },
    });
    await page.goto(urlFor('/'));
    const { boxes, page: p } = await firstScreen(page);
    assert.equal(p.scrollY, 0);
    assertInViewport(boxes, 1920, 1080);
    // two columns: the sweep beside the result and the spectrum, not below them
    assert.ok(boxes.sweep.x > boxes.spectrum.x + boxes.spectrum.width, 'sweep right of spectrum');
    assert.ok(boxes.spectrum.y > boxes.kappa.y, 'spectrum under the result');
    assert.ok(p.scrollWidth <= p.innerWidth, `no sideways scroll (${p.scrollWidth} px)`);
    const table = await page.locator('.card.headline .table-scroll').evaluate((e) => ({
      client: e.clientWidth,
      scroll: e.scrollWidth,
    }));
    assert.ok(
      table.scroll <= table.client,
      `bounds table fits (${table.scroll} > ${table.client})`,
    );
    await screenshot(page, 'dashboard-1920');
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });

  it('keeps the dashboard on a 4K screen at device-pixel ratio 1 (the page zooms 200 %)', async () => {
    const { context, page } = await openPage(browser, { viewport: { width: 3840, height: 2160 } });
    await page.goto(urlFor('/'));
    const { boxes, page: p } = await firstScreen(page);
    assertInViewport(boxes, 3840, 2160);
    assert.ok(boxes.sweep.x > boxes.spectrum.x + boxes.spectrum.width, 'sweep right of spectrum');
    assert.ok(p.scrollWidth <= p.innerWidth, `no sideways scroll (${p.scrollWidth} px)`);
    await context.close();
  });

  it('leaves presentation mode (large type) one column, its bounds table unclipped', async () => {
    const { context, page } = await openPage(browser, { viewport: { width: 1920, height: 1080 } });
    await page.goto(urlFor('/?class=1'));
    const { boxes, page: p } = await firstScreen(page);
    assert.ok(Math.abs(boxes.sweep.x - boxes.spectrum.x) < 1, 'sweep under the spectrum');
    const table = await page.locator('.card.headline .table-scroll').evaluate((e) => ({
      client: e.clientWidth,
      scroll: e.scrollWidth,
    }));
    assert.ok(
      table.scroll <= table.client,
      `bounds table fits (${table.scroll} > ${table.client})`,
    );
    assert.ok(p.scrollWidth <= p.innerWidth, `no sideways scroll (${p.scrollWidth} px)`);
    await context.close();
  });

  for (const view of [
    { name: 'laptop', width: 1440, height: 900 },
    { name: 'phone', width: 390, height: 844, deviceScaleFactor: 2 },
  ]) {
    it(`keeps today's flow on a ${view.name} (${view.width} × ${view.height})`, async () => {
      const { context, page } = await openPage(browser, {
        viewport: { width: view.width, height: view.height },
        deviceScaleFactor: view.deviceScaleFactor ?? 1,
      });
      await page.goto(urlFor('/'));
      const { boxes, page: p } = await firstScreen(page);
      // one column: result, spectrum, sweep, one under the other, aligned on the left
      assert.ok(boxes.spectrum.y > boxes.kappa.y + boxes.kappa.height);
      assert.ok(boxes.sweep.y > boxes.spectrum.y + boxes.spectrum.height);
      assert.ok(Math.abs(boxes.sweep.x - boxes.spectrum.x) < 1, 'sweep under the spectrum');
      assert.ok(p.scrollWidth <= p.innerWidth, `no sideways scroll (${p.scrollWidth} px)`);
      await context.close();
    });
  }
});
