/**
 * The slowest direction as a picture (issue #18 item 3, test id `direction-image`,
 * docs/contract.md §3) in a real browser: one image per class for image data, bars for Gaussian
 * data, movers for a ReLU net; the λmin⁺ / λmax switch changes the picture and the link (`dir`);
 * the embed `fig=direction` shows it alone; screenshots at 1440×900 and 390×844.
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

/** The picture once drawn for the current configuration (not dimmed), with its kind and source. */
async function directionImage(page, previousSrc = null) {
  await page.waitForFunction(
    (prev) => {
      const box = document.querySelector('[data-testid="direction-box"]');
      const img = document.querySelector('[data-testid="direction-image"]');
      return (
        box &&
        !box.hasAttribute('data-stale') &&
        img instanceof HTMLImageElement &&
        img.complete &&
        img.naturalWidth > 0 &&
        img.getAttribute('src') !== prev
      );
    },
    previousSrc,
    { timeout: 60_000 },
  );
  const img = page.getByTestId('direction-image');
  return {
    kind: await img.getAttribute('data-kind'),
    src: await img.getAttribute('src'),
    alt: await img.getAttribute('alt'),
    tag: await img.evaluate((el) => el.tagName),
  };
}

async function exportFile(page, name) {
  const menu = page.locator('[data-export="direction"] details.export-menu');
  if (!(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    menu.getByRole('button', { name }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

describe('direction view', () => {
  it('image data: one image per class; the switch changes the picture and the link', async () => {
    const { context, page, problems } = await openPage(browser, {
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    await page.goto(urlFor('?data=fashion-mnist'));
    await waitForKappa(page);
    const slow = await directionImage(page);
    assert.equal(slow.tag, 'IMG');
    assert.equal(slow.kind, 'class-images');
    assert.match(slow.alt, /slowest direction/);
    assert.match(
      await page.getByTestId('direction-caption').innerText(),
      /one image per output.*Red: raising that pixel/s,
    );
    await page.locator('section[aria-labelledby="direction-title"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'direction-fashion-1440');
    await page.getByRole('radio', { name: /Steepest/ }).check();
    const steep = await directionImage(page, slow.src);
    assert.notEqual(steep.src, slow.src);
    assert.match(steep.alt, /steepest direction/);
    await page.waitForURL(/[?&]dir=max/);

    // the figure export: SVG and PNG of the picture shown, both ends' data as CSV
    const svg = await exportFile(page, 'Export direction as SVG');
    assert.match(svg.name, /^gnlens-direction-.*\.svg$/);
    const svgCheck = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror') !== null,
        texts: Array.from(doc.querySelectorAll('text')).map((t) => t.textContent),
      };
    }, svg.bytes.toString('utf8'));
    assert.equal(svgCheck.error, false);
    assert.ok(svgCheck.texts.includes('Sneaker'), 'class labels in the export');
    const png = await exportFile(page, 'Export direction as PNG');
    const size = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, png.bytes.toString('base64'));
    assert.deepEqual(size, [800, 500]);
    const csv = (await exportFile(page, 'Export direction data as CSV')).bytes.toString('utf8');
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'end,eigenvalue,output,input,delta_A');
    assert.equal(lines.length - 1, 2 * 10 * 49, 'both ends, every entry of the 10 × 49 δA');
    assert.deepEqual(problems, { consoleErrors: [], foreignRequests: [], pageErrors: [] });
    await context.close();
  });

  it('hide=direction hides the panel and its export', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('?d=6&k=2&hide=direction'));
    await waitForKappa(page);
    await page.getByTestId('spectrum-plot').waitFor();
    assert.equal(
      await page.locator('section[aria-labelledby="direction-title"]').isVisible(),
      false,
    );
    assert.equal(await page.locator('[data-export="direction"]').isVisible(), false);
    await context.close();
  });

  it('Gaussian data: bars over the input dimensions, readable on a phone', async () => {
    const { context, page, problems } = await openPage(browser, {
      viewport: { width: 390, height: 844 },
    });
    await page.goto(urlFor('?d=12&k=2'));
    await waitForKappa(page);
    const bars = await directionImage(page);
    assert.equal(bars.kind, 'bars');
    const box = await page.getByTestId('direction-image').boundingBox();
    assert.ok(box && box.width <= 390, `the picture fits the phone (${box?.width} px)`);
    await page.locator('section[aria-labelledby="direction-title"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'direction-gaussian-390');
    assert.deepEqual(problems, { consoleErrors: [], foreignRequests: [], pageErrors: [] });
    await context.close();
  });

  it('a ReLU net on images: the samples it moves most; the embed fig=direction', async () => {
    const { context, page, problems } = await openPage(browser, {
      viewport: { width: 1440, height: 900 },
    });
    await page.goto(urlFor('?data=digits&act=relu&n=60&d=16&stride=2&m=20&embed=1&fig=direction'));
    await page.getByTestId('embed').waitFor();
    const movers = await directionImage(page);
    assert.equal(movers.kind, 'movers');
    assert.equal(await page.getByTestId('embed').getAttribute('data-figure'), 'direction');
    await screenshot(page, 'direction-embed-relu');
    assert.deepEqual(problems, { consoleErrors: [], foreignRequests: [], pageErrors: [] });
    await context.close();
  });
});
