#!/usr/bin/env node
/**
 * Browser benchmark (issue "Speed"): the eigen kernels inside a Chromium worker (bench.html, the
 * same matrices and median rule as `gnlens bench`), and the interaction latency on the default
 * page: ArrowRight/ArrowLeft on the depth slider, from the input event to the result in the
 * store (performance measure `gn:input-to-result`), median over repeated steps.
 *
 * Usage: npm run bench:browser [-- --json] [-- --sizes 100,200,500,1000,1500] [-- --steps 20]
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureBuilt, ensureChromium, log, servePreview } from './lib/browser.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const sizes = opt('--sizes', '100,200,500,1000,1500');
const steps = Number(opt('--steps', '20'));

const executablePath = ensureChromium('bench');
ensureBuilt('bench', args.includes('--build'));
const { baseUrl, stop } = await servePreview();
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}bench.html?sizes=${sizes}&tsmax=1000`);
  await page.waitForFunction(() => window.__gnlensBench !== undefined, null, { timeout: 600_000 });
  const bench = await page.evaluate(() => window.__gnlensBench);
  if (bench.error) throw new Error(bench.error);

  // Interaction latency on the landing page.
  const app = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await app.goto(baseUrl + (process.env.Q ?? ''));
  const idle = () =>
    app.waitForSelector('[data-testid="status"][data-state="idle"]', { timeout: 60_000 });
  await idle();
  // One element handle and an event-driven wait keep the harness off the main thread between
  // steps (a locator re-queries the accessibility tree, and rAF polling runs every frame).
  const depth = await app.getByRole('slider', { name: /Depth/ }).elementHandle();
  await depth.focus();
  for (let i = 0; i < steps; i++) {
    const measured = app.evaluate(
      (count) =>
        new Promise((resolve) => {
          const done = () => performance.getEntriesByName('gn:input-to-result').length >= count;
          if (done()) return resolve(true);
          const observer = new PerformanceObserver(() => {
            if (!done()) return;
            observer.disconnect();
            resolve(true);
          });
          observer.observe({ entryTypes: ['measure'] });
        }),
      i + 1,
    );
    await depth.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
    await measured;
    // A pause as between two key presses of a person, so that each step starts from rest.
    await app.waitForTimeout(150);
  }
  const entries = await app.evaluate(() =>
    performance
      .getEntriesByName('gn:input-to-result')
      .map((e) => ({ ms: e.duration, workerMs: e.detail?.workerMs ?? NaN })),
  );
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const latency = {
    steps: entries.length,
    medianMs: median(entries.map((e) => e.ms)),
    minMs: Math.min(...entries.map((e) => e.ms)),
    maxMs: Math.max(...entries.map((e) => e.ms)),
    // inside the worker (data, weights, M, eigenvalues); the rest is messages and the main thread
    workerMedianMs: median(entries.map((e) => e.workerMs)),
  };

  if (json) {
    process.stdout.write(
      `${JSON.stringify({ userAgent: bench.userAgent, kernels: bench.rows, defaultStep: bench.defaultStep, latency })}\n`,
    );
  } else {
    process.stdout.write(
      `Chromium worker (${bench.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? bench.userAgent}), eigenvalues of a random symmetric N×N matrix, median ms:\n`,
    );
    for (const r of bench.rows)
      process.stdout.write(
        `  ${r.kernel.padEnd(34)} N = ${String(r.n).padStart(5)}  ${r.ms.toFixed(1).padStart(8)} ms${r.default ? '  *' : ''}\n`,
      );
    process.stdout.write(
      `(* = the kernel the app uses)\n\nDepth step on the default configuration in an otherwise idle worker (median of ${bench.defaultStep.reps}): ${bench.defaultStep.spectrumMs.toFixed(1)} ms to the spectrum, ${bench.defaultStep.wholeMs.toFixed(1)} ms with every bound\n\nSlider input → κ and histogram in the store, default page, ${latency.steps} depth steps: median ${latency.medianMs.toFixed(1)} ms (min ${latency.minMs.toFixed(1)}, max ${latency.maxMs.toFixed(1)}); of which in the worker: median ${latency.workerMedianMs.toFixed(1)} ms\n`,
    );
  }
} catch (e) {
  log('bench', String(e instanceof Error ? e.message : e));
  process.exitCode = 1;
} finally {
  await browser.close();
  stop();
}
