/**
 * Large exact jobs in the browser (issue "Scale"; docs/gn-math.md §13.1): the page is
 * cross-origin isolated under `vite preview` (COOP/COEP), the eigen kernel runs on every core
 * (threads shown beside the compute time), a job past the size guard shows its phase, bar and
 * time, Cancel stops it and hands it back to the guard, and the finished job gives the CLI's κ.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  cliKappa,
  expectClose,
  launchBrowser,
  openPage,
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

// A two-layer ReLU net on n = 400 samples: JJᵀ/n is 4000 × 4000, several seconds (confirm).
const QUERY = '?L=2&act=relu&n=400&m=100';

describe('large exact jobs', () => {
  it('runs on every core of an isolated page, with progress; Cancel goes back to the guard', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(urlFor(QUERY));
    assert.equal(
      await page.evaluate(() => self.crossOriginIsolated),
      true,
      'cross-origin isolated',
    );
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const guard = page.getByTestId('size-guard');
    await guard.waitFor();
    assert.equal(await guard.getAttribute('data-level'), 'confirm', 'guard level');

    // every (phase, bar value) the progress shows, recorded in the page as it changes
    await page.evaluate(() => {
      const seen = [];
      window.__progressSeen = seen;
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid=job-progress]');
        const bar = el?.querySelector('progress');
        if (!el || !bar) return;
        const entry = `${el.getAttribute('data-phase')} ${bar.getAttribute('value') ?? '-'}`;
        if (seen.at(-1) !== entry) seen.push(entry);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await guard.getByRole('button', { name: 'Compute anyway' }).click();
    const progress = page.getByTestId('job-progress');
    await progress.waitFor();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=job-progress]')?.getAttribute('data-phase') ===
        'reduction',
      null,
      { timeout: 60_000 },
    );
    assert.match(await progress.innerText(), /Reducing to tridiagonal form \(4,000 × 4,000\)/);
    // the assembly's bar fills (its fraction counts the blocks built) before the reduction's starts
    const seen = await page.evaluate(() => window.__progressSeen);
    const assembly = seen.filter((e) => e.startsWith('assembly ')).map((e) => e.split(' ')[1]);
    assert.equal(assembly.at(-1), '1', `assembly bar: ${assembly.join(', ')}`);
    assert.ok(seen.indexOf('reduction 0') > seen.lastIndexOf('assembly 1'), seen.join(', '));
    // a job this long shows the spinner and its words (quick ones never do)
    const status = page.getByTestId('status');
    assert.equal(await status.getAttribute('data-state'), 'computing', 'status while reducing');
    assert.match(await status.getAttribute('class'), /status-computing/);
    assert.match(await status.innerText(), /Computing…/);
    await screenshot(page, 'job-progress');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await guard.waitFor();
    assert.equal(await page.getByTestId('job-progress').count(), 0, 'progress after Cancel');
    // the status settles to idle with the guard (the orchestrator re-requests the configuration)
    await page.waitForFunction(
      () => document.querySelector('[data-testid=status]')?.getAttribute('data-state') === 'idle',
      null,
      { timeout: 5000 },
    );

    await guard.getByRole('button', { name: 'Compute anyway' }).click();
    const kappa = await waitForKappa(page, null, 180_000);
    expectClose(kappa, cliKappa(QUERY), 1e-12);
    const threads = Number(await page.getByTestId('threads').getAttribute('data-threads'));
    assert.equal(threads, Math.min(4, Math.max(1, cores)), 'threads of the job');
    assert.equal(await page.getByTestId('job-progress').count(), 0, 'progress after the result');
    await context.close();
  });
});
