/**
 * Your own matrices in the page (issue "Robustness"): data X and weights from CSV files through
 * the file inputs; κ agrees with the CLI on the same matrices; a bad file is named by row,
 * column and value, shown as text (never HTML), and changes nothing; a link made with imported
 * matrices tells whoever opens it that the numbers will differ.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  expectClose,
  launchBrowser,
  openPage,
  root,
  screenshot,
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

/** A deterministic n × d matrix with distinct column scales (κ(Σ) well above 1). */
function dataRows(n, d) {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: d }, (_, j) =>
      Number((Math.sin(1.7 * (i + 1) * (j + 1) + j) * (j + 1)).toFixed(6)),
    ),
  );
}

const csv = (rows, header = '') =>
  Buffer.from(`${header ? `${header}\n` : ''}${rows.map((r) => r.join(',')).join('\n')}\n`);

/** κ from the CLI for a JSON configuration (the same core, in Node). */
function cliKappaOf(config) {
  const dir = mkdtempSync(join(tmpdir(), 'gnlens-e2e-'));
  try {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(config));
    const r = spawnSync(process.execPath, [join(root, 'bin', 'gnlens.mjs'), 'eval', file], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`gnlens eval failed (${r.status}): ${r.stdout}${r.stderr}`);
    return JSON.parse(r.stdout).kappa;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('imported matrices (CSV)', () => {
  it('X and weights from files: κ as the CLI computes it; bad files named, as text', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(urlFor(''));
    const generated = await waitForKappa(page);
    await page.getByText('Your own matrices (CSV)').click();

    // Data X, with a header line.
    const X = dataRows(60, 8);
    await page
      .getByTestId('matrix-X-file')
      .setInputFiles({ name: 'x.csv', mimeType: 'text/csv', buffer: csv(X, 'a,b,c,d,e,f,g,h') });
    const withX = await waitForKappa(page, String(generated));
    assert.equal(await page.getByTestId('matrix-X-shape').innerText(), '60 × 8');
    assert.match(page.url(), /own=X/);
    assert.ok(await page.getByRole('slider', { name: /Input dimension/ }).isDisabled());
    expectClose(withX, cliKappaOf({ X, L: 3, m: 100 }), 1e-10);

    // Weights: two files, chosen in the wrong order (taken by name).
    const W1 = dataRows(5, 8).map((r) => r.map((v) => v / 3));
    const W2 = dataRows(4, 5).map((r) => r.map((v) => v / 2));
    await page.getByTestId('matrix-weights-file').setInputFiles([
      { name: 'w2.csv', mimeType: 'text/csv', buffer: csv(W2) },
      { name: 'w1.csv', mimeType: 'text/csv', buffer: csv(W1) },
    ]);
    const withW = await waitForKappa(page, String(withX));
    assert.equal(await page.getByTestId('matrix-weights-shape').innerText(), '5 × 8, 4 × 5');
    expectClose(withW, cliKappaOf({ X, weights: [W1, W2] }), 1e-10);

    // A bad value: named by file, row, line, column and value; the configuration is unchanged.
    await page.getByTestId('matrix-X-file').setInputFiles({
      name: '<b>evil</b>.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('1,2\n3,<img/src=x/onerror=alert(1)>\n'),
    });
    const notice = page.getByTestId('notice').filter({ hasText: 'row 2 (line 2), column 2' });
    await notice.waitFor({ timeout: 10_000 });
    assert.match(await notice.innerText(), /<b>evil<\/b>\.csv, row 2 \(line 2\), column 2: "<img/);
    assert.equal(
      await page.evaluate(() => document.querySelectorAll('.notices b, .notices img').length),
      0,
    );
    assert.equal(Number(await page.getByTestId('kappa').getAttribute('data-value')), withW);
    await screenshot(page, 'matrix-import');

    // The link says it was made with imported matrices; opening it says so.
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    await waitForKappa(other);
    await other
      .getByTestId('notice')
      .filter({ hasText: 'made with imported X, weights' })
      .waitFor({ timeout: 10_000 });
    await other.close();

    // Removing both brings the generated matrices back (the same κ as at the start).
    await page.getByTestId('matrix-weights').getByRole('button', { name: 'Remove' }).click();
    await page.getByTestId('matrix-X').getByRole('button', { name: 'Remove' }).click();
    await page.waitForFunction(() => !location.search.includes('own='));
    assert.equal(await page.getByTestId('matrix-X-shape').innerText(), 'generated');
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });
});
