/**
 * Robustness in the browser (issue "Robustness"): hostile links never break the page or inject
 * HTML; a worker stopped mid-job (the pool's test hook `window.__gnlensPool`, src/main.tsx) shows
 * the error in place of the result and the next change works.
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

const junk = 'x%3D%26'.repeat(1500); // ≈ 10 kB
const HOSTILE = [
  '?L=abc',
  '?L=1e308&m=1e308&n=1e308',
  '?L=NaN&beta=Infinity&kx=-Infinity',
  '?L=-5&m=-100&n=-1&d=0&k=-3',
  '?m=1,2,x,-4,1e9',
  '?act=<script>alert(1)</script>',
  '?data=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
  '?%3Cscript%3E=1&foo=bar&__proto__=1&constructor=2',
  '?sweep=<b>x</b>&from=zz&to=-1e400&pts=1e9&seeds=-2&band=<i>',
  '?cmp=<script>&showb=<svg/onload=alert(1)>',
  '?hide=<script>,ctl:<img>,controls&show=ctl:zz&tour=NaN&fig=<b>&embed=2&class=yes',
  '?tour=1e9&explain=%00%01',
  `?junk=${junk}`,
  `?L=${'9'.repeat(10_000)}`,
  '?L=2&L=3&L=<x>',
  '?seed=-1&rtol=2&prune=7&alpha=-3',
  '?model=transformer&init=zeros&skip=none',
  '?v=999',
  '?%E0%A4%A=%E0%A4%A',
  '?=&&&==&',
  '?bn=2&whiten=maybe&center=-1',
  '?filters=0&kernel=1e6&conv=-1&model=cnn1d',
  '?tlr=abc&tep=-1&tbatch=1e99',
  '?cmp=m:1e9,-4,abc&showb=convex',
  '?stride=0&data=digits&n=1e9',
  '?L=2&hide=' + 'bounds,'.repeat(200),
];

describe('hostile links', () => {
  it('keep the page running with a valid state and a notice, without injected HTML', async () => {
    const { context, page, problems } = await openPage(browser);
    let sawDialog = false;
    page.on('dialog', async (dialog) => {
      sawDialog = true;
      await dialog.dismiss();
    });
    for (const query of HOSTILE) {
      await page.goto(urlFor(query));
      await page.getByTestId('status').waitFor();
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="status"]')?.getAttribute('data-state') !==
          'computing',
        null,
        { timeout: 90_000 },
      );
      const state = await page.evaluate(() => ({
        status: document.querySelector('[data-testid="status"]')?.getAttribute('data-state'),
        depth: Number(document.querySelector('#ctl-depth')?.getAttribute('aria-valuetext') ?? '1'),
        notices: document.querySelectorAll('[data-testid="notice"]').length,
        injected: document.querySelectorAll(
          'main script, .notices script, .notices img, .notices b, .notices i, svg [onload]',
        ).length,
      }));
      assert.ok(['idle', 'error'].includes(state.status), `${query.slice(0, 60)}: ${state.status}`);
      assert.ok(Number.isInteger(state.depth) && state.depth >= 1, `${query.slice(0, 60)}: depth`);
      assert.ok(state.notices >= 1, `${query.slice(0, 60)}: a notice`);
      assert.equal(state.injected, 0, `${query.slice(0, 60)}: no injected HTML`);
    }
    await screenshot(page, 'hostile-link');
    assert.equal(sawDialog, false, 'no script ran');
    assert.deepEqual(problems.pageErrors, []);
    // The page still computes after all of it.
    await page.goto(urlFor('?L=2'));
    assert.ok((await waitForKappa(page)) >= 1);
    await context.close();
  });
});

describe('worker time limit and crashes', () => {
  it('a worker stopped mid-job shows the error in place and the next change works', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor('?L=2'));
    const first = await waitForKappa(page);
    // The depth sweep stays when the depth changes: the next job is the current point's.
    await waitForSweep(page);
    // The next job's worker is stopped as soon as it starts (as the time limit does). The
    // look-ahead is switched off so that the next job is the current point's, not a prediction.
    await page.evaluate(() => window.__gnlensPool.setLookAhead(false));
    await page.evaluate(() => window.__gnlensPool.killNextJob());
    await page.getByRole('slider', { name: /Depth/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="status"]')?.getAttribute('data-state') === 'error',
      null,
      { timeout: 60_000 },
    );
    assert.match(await page.getByRole('alert').first().innerText(), /stopped/);
    assert.equal(await page.getByTestId('kappa').getAttribute('data-value'), '');
    // The next change gets a fresh worker.
    await page.keyboard.press('ArrowRight');
    const kappa = await waitForKappa(page);
    assert.ok(Number.isFinite(kappa) && kappa !== first);
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });
});
