/**
 * Motion (issue #18): the sweep's play button (test id `sweep-play`, docs/contract.md §3.2)
 * steps the swept parameter one answered step at a time; the URL, κ and the sweep's marker
 * follow each step, pause stops it, and space plays and pauses while the sweep has the focus.
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

/** The depth in the address bar (the URL follows the played parameter). */
const urlDepth = (page) => Number(new URL(page.url()).searchParams.get('L') ?? '3');

/** What the page shows now: depth in the URL, κ, the marker's value and its x in the plot. */
async function shown(page) {
  const kappa = await page.getByTestId('kappa').getAttribute('data-value');
  const plot = page.getByTestId('sweep-plot');
  const markerX = await plot.locator('.current-marker line').first().getAttribute('x1');
  return {
    depth: urlDepth(page),
    kappa: Number(kappa),
    markerValue: Number(await plot.getAttribute('data-current-x')),
    markerX: Number(markerX),
  };
}

/** Waits until the URL carries depth `L` and the page shows its answer. */
async function waitForStep(page, L, timeout = 30_000) {
  await page.waitForFunction(
    (depth) =>
      // (the landing depth 3 is left out of the link)
      (new URL(location.href).searchParams.get('L') ?? '3') === String(depth) &&
      document.querySelector('[data-testid="status"]')?.getAttribute('data-state') === 'idle' &&
      document.querySelector('[data-testid="sweep-plot"]')?.getAttribute('data-current-x') ===
        String(depth),
    L,
    { timeout },
  );
  return shown(page);
}

describe('the sweep plays', () => {
  it('steps depth with κ, the URL and the marker, and pause stops it', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor('/?from=1&to=8&pts=8'));
    await waitForKappa(page);
    await waitForSweep(page);
    const play = page.getByTestId('sweep-play');
    assert.equal(await play.getAttribute('data-state'), 'paused');
    assert.equal(await play.innerText().then((t) => t.includes('Play')), true);
    await page.getByLabel('Speed', { exact: true }).selectOption('2');
    // the committed entry is written just after the frame (src/state/urlSync.ts)
    await page.waitForFunction(() => /[?&]speed=2(&|$)/.test(location.search), null, {
      timeout: 5000,
    });
    const start = await shown(page);
    assert.equal(start.depth, 3);
    await play.click();
    assert.equal(await play.getAttribute('data-state'), 'playing');
    assert.match(await play.innerText(), /Pause/);
    const steps = [start];
    for (const L of [4, 5]) steps.push(await waitForStep(page, L));
    await play.click();
    assert.equal(await play.getAttribute('data-state'), 'paused');
    const paused = urlDepth(page);
    // paused by the click, not by the end of the range (8)
    assert.ok(paused >= 5 && paused < 8, `paused at depth ${paused}`);
    await screenshot(page, 'motion-paused');

    // each step: a new depth in the URL, a new κ, the marker at it and further right
    for (let i = 1; i < steps.length; i++) {
      assert.equal(steps[i].depth, steps[i - 1].depth + 1);
      assert.equal(steps[i].markerValue, steps[i].depth);
      assert.notEqual(steps[i].kappa, steps[i - 1].kappa, `κ changes at depth ${steps[i].depth}`);
      assert.ok(steps[i].markerX > steps[i - 1].markerX, 'the marker moves right');
    }
    // paused: nothing moves any more (two dwells at 2× and more)
    await page.waitForTimeout(2_000);
    assert.equal(urlDepth(page), paused);
    assert.equal(await play.getAttribute('data-state'), 'paused');
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });

  it('plays to the end and stops there; play again starts from the first value', async () => {
    const { context, page } = await openPage(browser);
    // speed from the link
    await page.goto(urlFor('/?L=4&from=3&to=5&pts=3&speed=2'));
    await waitForKappa(page);
    assert.equal(await page.getByLabel('Speed', { exact: true }).inputValue(), '2');
    const play = page.getByTestId('sweep-play');
    await play.click();
    await waitForStep(page, 5);
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="sweep-play"]')?.getAttribute('data-state') ===
        'paused',
      null,
      { timeout: 10_000 },
    );
    assert.equal(urlDepth(page), 5);
    await play.click(); // at the end: back to the first value at once
    await waitForStep(page, 3);
    await play.click();
    await context.close();
  });

  it('loops when asked: after the last value, the first again', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('/?L=4&from=3&to=5&pts=3&speed=2&loop=1'));
    await waitForKappa(page);
    assert.equal(await page.getByLabel('Loop').isChecked(), true);
    const play = page.getByTestId('sweep-play');
    await play.click();
    await waitForStep(page, 5);
    await waitForStep(page, 3);
    await waitForStep(page, 4);
    assert.equal(await play.getAttribute('data-state'), 'playing');
    await play.click();
    await context.close();
  });

  it('space plays and pauses while the sweep has the focus, not while typing', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('/?from=1&to=8&pts=8'));
    await waitForKappa(page);
    await page.getByLabel('Speed', { exact: true }).selectOption('2');
    const play = page.getByTestId('sweep-play');
    await page.getByTestId('sweep-plot').focus();
    await page.keyboard.press('Space');
    assert.equal(await play.getAttribute('data-state'), 'playing');
    await waitForStep(page, 4);
    await page.keyboard.press('Space');
    assert.equal(await play.getAttribute('data-state'), 'paused');
    const stopped = urlDepth(page);
    await page.waitForTimeout(1_500);
    assert.equal(urlDepth(page), stopped, 'space paused the play');

    // a space typed into a field of the sweep is text, not play
    const from = page.getByLabel('Sweep from');
    await from.focus();
    await page.keyboard.press('Space');
    assert.equal(await play.getAttribute('data-state'), 'paused');
    // and a space outside the sweep panel does nothing to it
    await page.getByRole('slider', { name: /Depth/ }).focus();
    await page.keyboard.press('Space');
    assert.equal(await play.getAttribute('data-state'), 'paused');
    await context.close();
  });

  it('pauses when the user moves a control', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('/?from=1&to=8&pts=8'));
    await waitForKappa(page);
    const play = page.getByTestId('sweep-play');
    await play.click();
    await waitForStep(page, 4);
    await page.getByRole('slider', { name: /Residual/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="sweep-play"]')?.getAttribute('data-state') ===
        'paused',
    );
    await context.close();
  });
});
