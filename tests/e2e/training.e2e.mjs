/**
 * The training panel in a real browser: play, pause, step, the CLI's trajectory, responsiveness
 * while training, compared runs over the pruned fraction, the pruning control, bad links.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  expectClose,
  launchBrowser,
  openPage,
  root,
  screenshot,
  screenshotDir,
  urlFor,
  waitForKappa,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const panelState = (page) => page.getByTestId('training-panel').getAttribute('data-state');
const panelNumber = async (page, name) =>
  Number(await page.getByTestId('training-panel').getAttribute(`data-${name}`));

/**
 * Waits until the panel's data attributes match: `state` (one of a list), at least `minRecords`
 * records, exactly `step` steps.
 */
async function waitForPanel(page, want, timeout = 60_000) {
  await page.waitForFunction(
    (w) => {
      const p = document.querySelector('[data-testid="training-panel"]');
      if (!p) return false;
      if (w.state && !w.state.includes(p.dataset.state)) return false;
      if (w.minRecords !== undefined && Number(p.dataset.records) < w.minRecords) return false;
      if (w.step !== undefined && Number(p.dataset.step) !== w.step) return false;
      return true;
    },
    want,
    { timeout },
  );
}

/** The records of the shown run, read from the data table (full precision). */
async function tableRecords(page) {
  const details = page.locator('details.training-table');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  // The rows render after the details' toggle event.
  await page.getByTestId('training-table').locator('tbody tr').first().waitFor();
  return page
    .getByTestId('training-table')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => ({
        step: Number(r.dataset.step),
        loss: Number(r.dataset.loss),
        kappa: Number(r.dataset.kappa),
      })),
    );
}

/** A screenshot of the training panel alone (readable at full size). */
async function panelShot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.getByTestId('training-panel').screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** `gnlens train` for the same link (the same core in Node). */
function cliTrain(query, args) {
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin', 'gnlens.mjs'), 'train', '--url', query, ...args],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`gnlens train failed (${r.status}): ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout).steps;
}

describe('training', () => {
  it('plays, pauses, steps one step at a time, and matches gnlens train', async () => {
    // Full batch: one step per epoch, deterministic. Long enough to pause in the middle.
    const query = '?v=1&m=20&n=200&tlr=0.1&tep=400&tev=2';
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor(query));
    const panel = page.getByTestId('training-panel');
    await panel.scrollIntoViewIfNeeded();
    assert.equal(await panelState(page), 'ready');
    assert.match(await page.getByTestId('training-status').innerText(), /Ready: press Play/);
    assert.equal(await page.getByLabel('Learning rate η').inputValue(), '0.1');
    assert.equal(await page.getByLabel('Epochs').inputValue(), '400');
    assert.equal(await page.getByLabel('Record every (steps)').inputValue(), '2');
    assert.ok(await page.getByLabel('Full batch (GD)').isChecked(), 'full batch');

    await page.getByTestId('training-panel').getByRole('button', { name: 'Play' }).click();
    await waitForPanel(page, { minRecords: 8 });
    assert.equal(await panelState(page), 'running');
    const points = page.getByTestId('training-kappa-plot').locator('[data-series="kappa"]');
    assert.ok(Number(await points.getAttribute('data-points')) >= 8, 'κ points appear');
    assert.ok(
      (await points.locator('path.series-line').getAttribute('d')).split('L').length >= 8,
      'the κ curve has a vertex per record',
    );
    const running = await tableRecords(page);
    assert.ok(running.length >= 8, `${running.length} records in the table`);
    assert.ok(running.at(-1).loss < running[0].loss / 2, 'the loss decreases');
    await screenshot(page, 'training-running');
    await panelShot(page, 'training-running-panel');

    // Pause: the chunk in flight lands, then nothing more for a second.
    await page.getByTestId('training-panel').getByRole('button', { name: 'Pause' }).click();
    await waitForPanel(page, { state: ['paused'] }, 10_000);
    const records = await panelNumber(page, 'records');
    const step = await panelNumber(page, 'step');
    await page.waitForTimeout(1200);
    assert.equal(await panelNumber(page, 'records'), records, 'no records while paused');
    assert.equal(await panelNumber(page, 'step'), step, 'no steps while paused');

    // Step: exactly one step each press (keyboard-operable button).
    const stepButton = page.getByTestId('training-panel').getByRole('button', { name: 'Step' });
    await stepButton.click();
    await waitForPanel(page, { step: step + 1, state: ['paused'] }, 10_000);
    await stepButton.focus();
    await page.keyboard.press('Enter');
    await waitForPanel(page, { step: step + 2, state: ['paused'] }, 10_000);
    await page.waitForTimeout(300);
    assert.equal(await panelNumber(page, 'step'), step + 2, 'one step per press');

    // The same trajectory as the CLI, record by record.
    const shown = await tableRecords(page);
    assert.equal(shown.at(-1).step, step + 2 - ((step + 2) % 2));
    const t0 = Date.now();
    const cli = cliTrain(query, ['--epochs', String(step + 2), '--lr', '0.1', '--every', '2']);
    console.log(`gnlens train for ${step + 2} steps: ${Date.now() - t0} ms`);
    assert.equal(cli.length, shown.length, 'as many records as the CLI');
    for (let i = 0; i < shown.length; i++) {
      assert.equal(shown[i].step, cli[i].step);
      expectClose(shown[i].loss, cli[i].loss, 1e-9);
      expectClose(shown[i].kappa, cli[i].kappa, 1e-9);
    }

    // Scrub back: the histogram shows that record.
    const scrub = page.getByRole('slider', { name: 'Show recorded step' });
    await scrub.focus();
    await page.keyboard.press('Home');
    assert.match(await page.locator('.training-histogram h3').innerText(), /at step 0\b/);
    assert.equal(await page.locator('.scrub-marker').count(), 2, 'a marker in both charts');
    await panelShot(page, 'training-paused-scrubbed');

    // Reset: a clean state.
    await page
      .getByTestId('training-panel')
      .getByRole('button', { name: 'Reset', exact: true })
      .click();
    assert.equal(await panelState(page), 'ready');
    assert.equal(await panelNumber(page, 'records'), 0);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await context.close();
  });

  it('the page stays responsive while training; a network change resets the run', async () => {
    const { context, page } = await openPage(browser);
    // The landing network (n = 1000, p = 15 900): each step and record takes a while.
    await page.goto(urlFor('?v=1&tep=200&tev=2'));
    const kappa3 = await waitForKappa(page);
    await page.getByTestId('training-panel').getByRole('button', { name: 'Play' }).click();
    await waitForPanel(page, { minRecords: 2 });
    // The main thread is never blocked for long: a 50 ms timer keeps its rhythm.
    const maxGap = await page.evaluate(
      () =>
        new Promise((resolve) => {
          let last = performance.now();
          let worst = 0;
          const id = setInterval(() => {
            const now = performance.now();
            worst = Math.max(worst, now - last);
            last = now;
          }, 50);
          setTimeout(() => {
            clearInterval(id);
            resolve(worst);
          }, 2500);
        }),
    );
    console.log(`longest timer gap while training: ${maxGap.toFixed(0)} ms`);
    assert.ok(maxGap < 400, `timer gap ${maxGap} ms`);
    assert.equal(await panelState(page), 'running');

    const t0 = Date.now();
    const slider = page.getByRole('slider', { name: /Depth/ });
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    const kappa4 = await waitForKappa(page, String(kappa3), 10_000);
    const ms = Date.now() - t0;
    console.log(`depth change → κ while training: ${ms} ms`);
    assert.notEqual(kappa4, kappa3);
    assert.ok(ms < 5000, `κ updated in ${ms} ms`);
    await waitForPanel(page, { state: ['ready'] }, 5000);
    assert.equal(await panelNumber(page, 'records'), 0);
    assert.match(await page.getByTestId('training-status').innerText(), /network changed/);
    // Training the new network works at once (a fresh worker replaced the busy one).
    await page.getByTestId('training-panel').getByRole('button', { name: 'Step' }).click();
    await waitForPanel(page, { step: 1, state: ['paused'] }, 30_000);
    await context.close();
  });

  it('compares runs over the pruned fraction: one curve per run, with a legend', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor('?v=1&m=20&n=200&tlr=0.1&tep=30&tev=5&tcmp=prune:0,0.5,0.8,0.9'));
    const panel = page.getByTestId('training-panel');
    await panel.scrollIntoViewIfNeeded();
    assert.equal(await page.getByLabel('Compare runs over').inputValue(), 'prune');
    assert.equal(await page.getByLabel('Values of f').inputValue(), '0, 0.5, 0.8, 0.9');
    await page.getByTestId('training-panel').getByRole('button', { name: 'Play' }).click();
    await waitForPanel(page, { state: ['done'] }, 120_000);
    assert.equal(await panelNumber(page, 'runs'), 4);
    for (const id of ['training-loss-plot', 'training-kappa-plot']) {
      const curves = page.getByTestId(id).locator('g.trajectory-series path.series-line');
      assert.equal(await curves.count(), 4, `${id}: one curve per run`);
    }
    const legend = await page.getByRole('list', { name: 'Runs' }).innerText();
    for (const f of ['f = 0', 'f = 0.5', 'f = 0.8', 'f = 0.9']) assert.ok(legend.includes(f), f);
    // Pruning raises κ at initialisation (the paper's Figure 1).
    const kappaAt0 = await page
      .getByTestId('training-kappa-plot')
      .locator('g.trajectory-series')
      .evaluateAll((gs) => gs.map((g) => Number(g.querySelector('circle')?.getAttribute('cy'))));
    assert.ok(kappaAt0[3] < kappaAt0[0], 'f = 0.9 starts higher than f = 0 (smaller y)');
    // The histogram follows the run chosen.
    await page.getByLabel('Run shown').selectOption({ label: 'f = 0.9' });
    assert.match(await page.locator('.training-histogram h3').innerText(), /f = 0\.9/);
    await panelShot(page, 'training-compare-prune');
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });

  it('the pruned-fraction control shows the parameters left and the rank', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('?v=1&L=2&m=60'));
    const dense = await waitForKappa(page);
    const box = page.getByRole('spinbutton', { name: 'f value' });
    await box.fill('0.5');
    await box.press('Enter');
    const pruned = await waitForKappa(page, String(dense));
    assert.notEqual(pruned, dense);
    const field = page.getByTestId('prune-field');
    // d·m + m·k = 49·60 + 60·10 = 3540 weights; half of each matrix pruned: 1470 + 300 = 1770.
    assert.equal(await field.getAttribute('data-params'), '1770');
    await page.waitForFunction(() =>
      /p = 1\u2009770 of 3\u2009540 weights remain.*rank G = \d/.test(
        document.querySelector('[data-testid="prune-field"]')?.textContent ?? '',
      ),
    );
    await page.waitForFunction(() => /[?&]prune=0\.5(&|$)/.test(location.search));
    assert.equal(await page.getByRole('slider', { name: 'Pruned fraction f' }).inputValue(), '0.5');
    await context.close();
  });

  it('a bad training link gives notices, is corrected and still trains', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('?v=1&m=20&n=200&tlr=abc&tep=3&tev=0&tcmp=depth:1'));
    const notices = page.getByTestId('notice');
    await notices.first().waitFor();
    const text = await page.getByTestId('notices').innerText();
    assert.match(text, /tlr=abc/);
    assert.match(text, /tev=0/);
    assert.match(text, /depth/);
    assert.doesNotMatch(text, /unknown key/);
    const search = await page.evaluate(() => location.search);
    assert.ok(!search.includes('abc') && !search.includes('tcmp'), `URL corrected: ${search}`);
    await page.getByTestId('training-panel').getByRole('button', { name: 'Play' }).click();
    await waitForPanel(page, { state: ['done'] }, 60_000);
    assert.equal(await panelNumber(page, 'records'), 4);
    await context.close();
  });

  it('lays out on a narrow screen in dark mode', async () => {
    const { context, page } = await openPage(browser, {
      viewport: { width: 420, height: 900 },
      colorScheme: 'dark',
    });
    await page.goto(urlFor('?v=1&m=20&n=200&tlr=0.1&tep=20&tev=2'));
    await page.getByTestId('training-panel').getByRole('button', { name: 'Play' }).click();
    await waitForPanel(page, { state: ['done'] }, 60_000);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `no horizontal page scroll (overflow ${overflow}px)`);
    await panelShot(page, 'training-narrow-dark');
    await context.close();
  });

  it('the paper’s training preset (Fashion-MNIST, SGD) trains', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('?v=1'));
    await page.locator('.training-presets summary').click();
    await page.getByRole('link', { name: 'The paper’s training experiment' }).click();
    await page.waitForFunction(() => /tcmp|tbatch=64/.test(location.search));
    assert.match(await page.getByTestId('training-status').innerText(), /one-hot|Ready/);
    await page.getByTestId('training-panel').getByRole('button', { name: 'Play' }).click();
    const t0 = Date.now();
    await waitForPanel(page, { state: ['done', 'error'] }, 180_000);
    console.log(`Fashion-MNIST training preset: ${Date.now() - t0} ms`);
    assert.equal(await panelState(page), 'done');
    await screenshot(page, 'training-preset-fashion');
    await context.close();
  });
});
