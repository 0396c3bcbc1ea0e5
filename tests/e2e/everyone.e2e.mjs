/**
 * "For everyone" (issue "Classroom"): every control says what it does to the network (tooltip);
 * every number of the result links to its explanation; the page works offline once loaded (the
 * service worker); the layout holds from a phone to a 4K projector (no sideways scrolling, the
 * result and plots in view, readable type).
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

describe('for everyone', () => {
  it('every control of the configuration panel has a tooltip saying what it does', async () => {
    const { context, page } = await openPage(browser);
    for (const query of ['/', '?act=leaky_relu&n=100', '?model=cnn1d', '?data=fashion-mnist']) {
      await page.goto(urlFor(query));
      await waitForKappa(page);
      const missing = await page.evaluate(() =>
        [
          ...document.querySelectorAll(
            'aside.sidebar input, aside.sidebar select, aside.sidebar button',
          ),
        ]
          .filter((el) => el.type !== 'file' && !el.closest('.visually-hidden'))
          .filter((el) => !(el.closest('[title]')?.getAttribute('title') ?? '').trim())
          .map((el) => el.id || el.textContent?.trim() || el.outerHTML.slice(0, 60)),
      );
      assert.deepEqual(missing, [], `${query}: controls without a tooltip`);
    }
    assert.match(
      await page.locator('#ctl-depth').evaluate((el) => el.closest('[title]').title),
      /weight matrices/,
    );
    await context.close();
  });

  it('each number of the result and each bound links to its explanation', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor('?L=2&m=20'));
    await waitForKappa(page);
    const links = await page
      .locator('section.headline a.explain-link')
      .evaluateAll((as) => as.map((a) => a.dataset.explain));
    for (const id of ['kappa', 'rank', 'params', 'sigma', 'reduced', 'compute', 'convex', 'max'])
      assert.ok(links.includes(id), `a link to the explanation of ${id}: ${links.join(', ')}`);
    // Every bound row's name is a link.
    const rows = await page.locator('table.bounds tbody tr[data-testid^="bound-"]').count();
    const rowLinks = await page
      .locator('table.bounds tbody tr[data-testid^="bound-"] a.explain-link')
      .count();
    assert.equal(rowLinks, rows);
    // Following one opens the explanations (in the link) and brings the entry into view.
    await page.locator('section.headline a.explain-link[data-explain="rank"]').click();
    await page.waitForFunction(() => document.activeElement?.id === 'explain-rank');
    assert.match(page.url(), /explain=1/);
    await page.waitForFunction(() => {
      const r = document.getElementById('explain-rank').getBoundingClientRect();
      return r.top >= 0 && r.top < innerHeight;
    });
    await page.locator('tr[data-testid="bound-max"] a.explain-link').click();
    await page.waitForFunction(() => document.activeElement?.id === 'explain-max');
    assert.match(await page.locator('#explain-max').innerText(), /Not applicable now/);
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });

  it('works offline once loaded: the service worker serves the app, data and workers', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor('/'));
    await waitForKappa(page);
    // The worker takes control on the next load; everything loaded so far is cached by then.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 30_000,
    });
    await waitForKappa(page);
    // Visit an image data set once online, so that its file is cached too.
    await page.goto(urlFor('?data=digits&L=2'));
    await waitForKappa(page);
    await context.setOffline(true);
    try {
      await page.goto(urlFor('?L=4&m=30'));
      const offline = await waitForKappa(page);
      assert.ok(offline >= 1, `κ computed offline: ${offline}`);
      await page.goto(urlFor('?data=digits&L=3'));
      assert.ok((await waitForKappa(page)) >= 1, 'the cached data set works offline');
      assert.equal(await page.locator('[data-testid="status"][data-state="error"]').count(), 0);
    } finally {
      await context.setOffline(false);
    }
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });

  for (const view of [
    { name: 'phone', width: 390, height: 844, scale: 2, query: '/' },
    {
      name: 'phone-classroom',
      width: 390,
      height: 844,
      scale: 2,
      query: '?class=1&hide=ctl:*&show=ctl:L',
    },
    { name: '4k-projector', width: 3840, height: 2160, scale: 1, query: '?class=1' },
    { name: '4k', width: 3840, height: 2160, scale: 1, query: '/' },
  ]) {
    it(`the layout holds at ${view.width}×${view.height} (${view.name})`, async () => {
      const { context, page, problems } = await openPage(browser, {
        viewport: { width: view.width, height: view.height },
        deviceScaleFactor: view.scale,
      });
      await page.goto(urlFor(view.query));
      await waitForKappa(page);
      await page.waitForTimeout(500);
      const layout = await page.evaluate(() => {
        const overflowX = document.documentElement.scrollWidth - innerWidth;
        const box = (sel) => document.querySelector(sel)?.getBoundingClientRect() ?? null;
        // (getBoundingClientRect is in CSS px of the viewport, page zoom included)
        const label = document.querySelector('label[for="ctl-depth"]');
        // elements wider than the page (a plot or table that would force sideways scrolling)
        const wide = [...document.querySelectorAll('svg.plot, table, .card')]
          .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
          .filter((el) => !el.closest('.table-scroll'))
          .map((el) => el.className?.baseVal ?? el.className);
        return {
          overflowX,
          wide,
          kappa: box('[data-testid="kappa"]'),
          labelHeight: label ? label.getBoundingClientRect().height : null,
          spectrum: box('[data-testid="spectrum-plot"]'),
        };
      });
      assert.ok(
        layout.overflowX <= 1,
        `${view.name}: no sideways scrolling (${layout.overflowX}px)`,
      );
      assert.deepEqual(layout.wide, [], `${view.name}: nothing wider than the page`);
      assert.ok(layout.kappa && layout.kappa.width > 0 && layout.kappa.left >= 0, 'κ in view');
      assert.ok(layout.spectrum && layout.spectrum.width > 200, 'the spectrum has room');
      if (view.width >= 3000) {
        // On a projector the type is readable from the back of the room: κ at least 5 % of the
        // screen height, a control's label line (when the controls are shown) at least 1.4 %.
        assert.ok(layout.kappa.height >= 0.05 * view.height, `4K κ ${layout.kappa.height}px`);
        if (layout.labelHeight !== null)
          assert.ok(layout.labelHeight >= 0.014 * view.height, `4K label ${layout.labelHeight}px`);
      } else if (layout.labelHeight !== null) {
        assert.ok(layout.labelHeight >= 18, `phone label ${layout.labelHeight}px`);
      }
      if (view.query.includes('ctl:*')) {
        // a lecturer who hides every control hides the matrix import too; the kept one stays
        assert.ok(await page.locator('#ctl-own').isHidden(), 'matrix import hidden');
        assert.ok(await page.locator('#ctl-depth').isVisible(), 'depth kept');
      }
      await screenshot(page, `layout-${view.name}`);
      assert.deepEqual(problems.pageErrors, []);
      await context.close();
    });
  }
});
