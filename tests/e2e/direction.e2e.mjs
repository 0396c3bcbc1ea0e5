/**
 * The slowest direction as a picture (issue #18 item 3, test id `direction-image`,
 * docs/contract.md §3) in a real browser: one image per class for image data, bars for Gaussian
 * data, movers for a ReLU net; the λmin⁺ / λmax switch changes the picture and the link (`dir`);
 * the embed `fig=direction` shows it alone; screenshots at 1440×900 and 390×844.
 */
import assert from 'node:assert/strict';
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
        !box.classList.contains('is-stale') &&
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

describe('direction view', () => {
  it('image data: one image per class; the switch changes the picture and the link', async () => {
    const { context, page, problems } = await openPage(browser, {
      viewport: { width: 1440, height: 900 },
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
    assert.match(page.url(), /[?&]dir=max/);
    assert.deepEqual(problems, { consoleErrors: [], foreignRequests: [], pageErrors: [] });
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
