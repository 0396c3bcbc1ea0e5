/**
 * Classroom, export, explanations, embed and accessibility in a real browser (issue
 * "Classroom", "For everyone"): hidden items travel in the link, the tour loads its states,
 * every export is a valid file, the page works from the keyboard, axe finds no serious
 * violation, and an embed works inside an iframe.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BASE_URL,
  launchBrowser,
  openPage,
  root,
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

async function axeScan(page) {
  await page.addScriptTag({ path: join(root, 'node_modules', 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Clicks a button in a figure's export menu and returns the download's file contents. */
async function exportFile(page, figure, name) {
  const menu = page.locator(`[data-export="${figure}"] details.export-menu`);
  if (!(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    menu.getByRole('button', { name }).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

describe('classroom and export', () => {
  it('a classroom link hides what it says and keeps it in the address bar', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor('?class=1&hide=bounds,data,training,ctl:beta,ctl:kx'));
    await waitForKappa(page);
    assert.ok(
      await page.evaluate(() => document.documentElement.classList.contains('is-classroom')),
    );
    assert.equal(await page.getByTestId('bound-convex').isVisible(), false, 'bounds hidden');
    assert.equal(await page.getByTestId('data-panel').isVisible(), false, 'data panel hidden');
    assert.equal(await page.locator('#ctl-beta').isVisible(), false, 'β control hidden');
    assert.equal(await page.locator('#ctl-kx').isVisible(), false, 'κ(Σ) control hidden');
    assert.equal(await page.getByRole('slider', { name: /Depth/ }).isVisible(), true);
    assert.equal(await page.getByTestId('spectrum-plot').isVisible(), true);
    const search = decodeURIComponent(new URL(page.url()).search);
    assert.match(search, /class=1/);
    assert.match(search, /hide=bounds,data,training,ctl:beta,ctl:kx/);
    await waitForSweep(page);
    await screenshot(page, 'classroom-mode');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await context.close();
  });

  it('the tour steps load their states, with next and previous', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('?tour=1'));
    await waitForKappa(page);
    assert.match(await page.getByTestId('tour').innerText(), /Depth hurts/);
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.waitForFunction(() => location.search.includes('tour=2'));
    assert.match(await page.getByTestId('tour').innerText(), /Width helps/);
    assert.match(page.url(), /sweep=m/);
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.waitForFunction(() => location.search.includes('tour=4'));
    assert.match(page.url(), /L=6/);
    assert.match(page.url(), /sweep=beta/);
    await waitForKappa(page);
    await screenshot(page, 'tour-step-4');
    await page.getByRole('button', { name: 'Previous step' }).click();
    await page.waitForFunction(() => location.search.includes('tour=3'));
    assert.match(page.url(), /cmp=mprop/);
    // A tour link opens on its step.
    await page.goto(urlFor('?v=1&L=6&cmp=m:50,200&showb=max&tour=7'));
    assert.match(await page.getByTestId('tour').innerText(), /max bound is loose/);
    await context.close();
  });

  it('exports SVG, PNG, CSV and JSON that are valid files', async () => {
    const { context, page, problems } = await openPage(browser, { acceptDownloads: true });
    await page.goto(urlFor('?L=2&m=40'));
    const kappa = await waitForKappa(page);
    await waitForSweep(page);

    const svg = await exportFile(page, 'sweep', 'Export sweep as SVG');
    assert.match(svg.name, /\.svg$/);
    const svgCheck = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror') !== null,
        root: doc.documentElement.nodeName,
        texts: Array.from(doc.querySelectorAll('text')).map((t) => t.textContent),
        paths: doc.querySelectorAll('path').length,
      };
    }, svg.bytes.toString('utf8'));
    assert.equal(svgCheck.error, false);
    assert.equal(svgCheck.root, 'svg');
    assert.ok(
      svgCheck.texts.some((t) => /condition number/.test(t)),
      'y axis label',
    );
    assert.ok(
      svgCheck.texts.some((t) => /depth L/.test(t)),
      'x axis label',
    );
    assert.ok(
      svgCheck.texts.some((t) => /κ|convex/i.test(t)),
      'legend',
    );
    assert.ok(svgCheck.paths > 2);

    // PNG at 1600 × 1000, dark theme.
    const menu = page.locator('[data-export="spectrum"] details.export-menu');
    await menu.locator('summary').click();
    await menu.getByLabel('Size').selectOption({ label: '1600 × 1000' });
    await menu.getByLabel('Theme').selectOption('dark');
    const png = await exportFile(page, 'spectrum', 'Export spectrum as PNG');
    assert.match(png.name, /1600x1000-dark\.png$/);
    const size = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, png.bytes.toString('base64'));
    assert.deepEqual(size, [1600, 1000]);

    const csv = await exportFile(page, 'sweep', 'Export sweep data as CSV');
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    assert.equal(
      lines[0],
      'series,x,seed,kappa,separation,convex,max,layerwise,residualWeyl,relu,lowerSeparation,lowerTrace',
    );
    assert.equal(lines.length - 1, 10 * 3, 'one row per (depth, seed)');
    const spectrumCsv = await exportFile(page, 'spectrum', 'Export spectrum data as CSV');
    assert.match(spectrumCsv.bytes.toString('utf8'), /^index,eigenvalue,kept\n/);
    const json = JSON.parse(
      (await exportFile(page, 'sweep', 'Export sweep data as JSON')).bytes.toString('utf8'),
    );
    assert.equal(json.rows.length, 30);
    assert.equal(json.config.L, 2);

    // The configuration as JSON, re-imported through the file picker, gives the same κ.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export configuration (JSON)' }).click(),
    ]);
    const configText = readFileSync(await download.path(), 'utf8');
    await page.goto(urlFor('?L=5'));
    const other = await waitForKappa(page);
    assert.notEqual(other, kappa);
    await page.getByTestId('config-file').setInputFiles({
      name: 'config.json',
      mimeType: 'application/json',
      buffer: Buffer.from(configText),
    });
    const again = await waitForKappa(page, String(other));
    assert.equal(again, kappa);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await context.close();
  });

  it('a bad configuration file is reported as text, naming the field', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('/'));
    await waitForKappa(page);
    await page.getByTestId('config-file').setInputFiles({
      name: '<img src=x onerror=alert(1)>.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"L": -3, "activation": "<b>bold</b>"}'),
    });
    const notice = page.getByTestId('notice').first();
    await notice.waitFor();
    assert.match(await notice.innerText(), /L/);
    assert.equal(await page.locator('.notices img, .notices b').count(), 0, 'no HTML from input');
    // Drag and drop of a valid file onto the page.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['{"L": 4}'], 'four.json', { type: 'application/json' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    });
    await page.waitForFunction(
      () => document.querySelector('#ctl-depth')?.getAttribute('aria-valuetext') === '4',
    );
    await context.close();
  });

  it('copies the Python script, or says why not', async () => {
    const { context, page } = await openPage(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(BASE_URL).origin,
    });
    await page.goto(urlFor('?L=2'));
    await waitForKappa(page);
    await page.getByRole('button', { name: 'Copy as Python' }).click();
    await page.waitForFunction(() =>
      /Python|gnlens\.py/.test(
        document.querySelector('[data-testid="config-status"]')?.textContent ?? '',
      ),
    );
    await page.goto(urlFor('?model=cnn1d'));
    assert.equal(await page.getByRole('button', { name: 'Copy as Python' }).isDisabled(), true);
    assert.match(await page.locator('#python-reason').innerText(), /CNN/);
    await context.close();
  });

  it('works from the keyboard alone: depth changes κ', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor('/'));
    const before = await waitForKappa(page);
    // Tab to the depth slider (no mouse), then arrows.
    let focused = '';
    for (let i = 0; i < 60 && focused !== 'ctl-depth'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    assert.equal(focused, 'ctl-depth', 'the depth slider is reachable with Tab');
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement).outlineStyle,
    );
    assert.notEqual(outline, 'none', 'visible focus ring');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const after = await waitForKappa(page, String(before));
    assert.equal(await page.locator('#ctl-depth').inputValue(), '5');
    assert.ok(after > before, `κ grows with depth (${before} → ${after})`);
    await context.close();
  });

  it('explanations render the formulas and the reasons a bound does not apply', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor('?L=2&m=20&explain=1'));
    await waitForKappa(page);
    const panel = page.getByTestId('explanations');
    await panel.waitFor();
    assert.ok((await panel.locator('.katex').count()) >= 8, 'formulas rendered');
    assert.equal(await page.locator('#explain-convex').count(), 1);
    assert.ok((await panel.locator('.explain-reason').count()) >= 1, 'a reason for n/a bounds');
    assert.deepEqual(problems.consoleErrors, []);
    await context.close();
  });

  it('axe finds no serious or critical violation (default, classroom, embed)', async () => {
    for (const [query, dark] of [
      ['/', false],
      ['?class=1&hide=data,ctl:beta&tour=2&explain=1', false],
      ['?embed=1&fig=spectrum', false],
      ['/', true],
    ]) {
      // axe is injected as an inline script, which the page's CSP forbids: bypass it here only.
      const { context, page } = await openPage(browser, {
        bypassCSP: true,
        ...(dark ? { colorScheme: 'dark' } : {}),
      });
      await page.goto(urlFor(query));
      // an embed has no κ readout: wait for its plot instead
      await (query.includes('embed')
        ? page.locator('svg.plot').first().waitFor({ timeout: 60_000 })
        : waitForKappa(page));
      await page.waitForTimeout(300);
      const violations = await axeScan(page);
      assert.deepEqual(violations, [], `${query}${dark ? ' (dark)' : ''}`);
      await context.close();
    }
  });

  it('an embed link shows one figure inside an iframe, with a link back', async () => {
    const { context, page, problems } = await openPage(browser);
    const src = urlFor('?L=2&embed=1&fig=sweep');
    // A host page (served by the test) that frames the embed, as a course page would.
    const host = urlFor('/embed-host-test.html');
    await page.route(host, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>host</title><iframe id="f" src="${src}" width="700" height="460" title="gnlens figure"></iframe>`,
      }),
    );
    await page.goto(host);
    const frame = page.frameLocator('#f');
    await frame.getByTestId('embed').waitFor({ timeout: 60_000 });
    await frame
      .getByTestId('sweep-plot')
      .locator('[data-state="done"], svg.plot')
      .first()
      .waitFor({ timeout: 120_000 });
    assert.equal(await frame.locator('.sidebar').count(), 0, 'no controls');
    assert.equal(await frame.locator('.app-header').count(), 0, 'no header');
    const href = await frame.getByTestId('open-full').getAttribute('href');
    assert.match(href, /L=2/);
    assert.doesNotMatch(href, /embed/);
    await page.waitForTimeout(500);
    await screenshot(page, 'embed-iframe');
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });
});
