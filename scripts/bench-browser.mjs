#!/usr/bin/env node
/**
 * Browser benchmark (issue "Speed"): the eigen kernels inside a Chromium worker (bench.html, the
 * same matrices and median rule as `gnlens bench`), a depth step on the default configuration in
 * an otherwise idle worker, and the interaction latency on the default page: the depth slider
 * stepped up with ArrowRight as shipped, then down with ArrowLeft with the look-ahead and the
 * result cache off; from the input event to the result in the store (`gn:input-to-result`) and
 * to the first frame after it (`gn:input-to-shown`), medians. The threaded kernel (N ≥ 1000, 1, 2
 * and 4 threads) runs in rounds alternating with numpy's eigvalsh on one thread, as in `gnlens
 * bench`, with the ratio when python3 and numpy are present.
 *
 * Usage: npm run bench:browser [-- --json] [-- --sizes 100,200,500,1000,1500] [-- --steps 15]
 *        [-- --pause 200] (ms between key presses) [-- --query '?d=30&n=500'] (start page)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureBuilt, ensureChromium, log, servePreview } from './lib/browser.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const sizes = opt('--sizes', '100,200,500,1000,1500');
const steps = Number(opt('--steps', '15'));
const pauseMs = Number(opt('--pause', '200'));
const query = opt('--query', '');

const executablePath = ensureChromium('bench');
ensureBuilt('bench', args.includes('--build'));
// numpy and the alternating rounds come from the CLI's bench (npm ci's prepare builds them)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const referenceBundle = join(root, 'dist-node', 'bench-reference.mjs');
if (args.includes('--build') || !existsSync(referenceBundle)) {
  log('bench', 'building dist-node/ (scripts/build-node.mjs)…');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-node.mjs')], { stdio: 'inherit' });
}
const { NumpyServer, alternatingThreadRows, THREAD_ROUNDS } = await import(
  pathToFileURL(referenceBundle).href
);
const { baseUrl, stop } = await servePreview();
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  // the threaded rows come in rounds below, not from the page's own run
  await page.goto(`${baseUrl}bench.html?sizes=${sizes}&tsmax=1000&threaded=0`);
  await page.waitForFunction(() => window.__gnlensBench !== undefined, null, { timeout: 600_000 });
  const bench = await page.evaluate(() => window.__gnlensBench);
  if (bench.error) throw new Error(bench.error);

  // The threaded kernel in the page's worker on 1, 2 and 4 threads, each round followed by numpy's
  // eigvalsh on one thread on the same matrix (when python3 and numpy are here), as `gnlens
  // bench` alternates them: the ratio is then measured side by side in this engine.
  const numpy = new NumpyServer();
  const dir = mkdtempSync(join(tmpdir(), 'gnlens-bench-browser-'));
  const threadRows = [];
  try {
    await numpy.run({}); // python and numpy's import before the first round, not during it
    const round = (n) => page.evaluate((s) => window.__gnlensBenchRound(s), [n]);
    for (const n of sizes
      .split(',')
      .map(Number)
      .filter((n) => n >= 1000))
      threadRows.push(...(await alternatingThreadRows(n, round, (job) => numpy.run(job), dir)));
    await page.evaluate(() => window.__gnlensBenchEndRounds());
  } finally {
    await numpy.close();
    rmSync(dir, { recursive: true, force: true });
  }

  // Interaction latency on the landing page (URL query from --query, default none): the depth
  // slider stepped with the arrow keys, a pause between presses as a person makes them, first as
  // the page ships (look-ahead and result cache on), then cold (every step computed from scratch).
  const app = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await app.goto(baseUrl + query);
  await app.waitForSelector('[data-testid="status"][data-state="idle"]', { timeout: 60_000 });
  // One element handle and an event-driven wait keep the harness off the main thread between
  // steps (a locator re-queries the accessibility tree, and rAF polling runs every frame).
  const depth = await app.getByRole('slider', { name: /Depth/ }).elementHandle();
  await depth.focus();
  const waitForMeasures = (name, count) =>
    app.evaluate(
      ({ name, count }) =>
        new Promise((resolve) => {
          const done = () => performance.getEntriesByName(name).length >= count;
          if (done()) return resolve(true);
          const observer = new PerformanceObserver(() => {
            if (!done()) return;
            observer.disconnect();
            resolve(true);
          });
          observer.observe({ entryTypes: ['measure'] });
        }),
      { name, count },
    );
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  /** `steps` presses of `key`; the figures of those steps only. */
  async function walk(key, label) {
    const already = await app.evaluate(
      () => performance.getEntriesByName('gn:input-to-shown').length,
    );
    for (let i = 1; i <= steps; i++) {
      const shown = waitForMeasures('gn:input-to-shown', already + i);
      await depth.press(key);
      await shown;
      await app.waitForTimeout(pauseMs);
    }
    const entries = await app.evaluate((skip) => {
      const shown = performance.getEntriesByName('gn:input-to-shown').slice(skip);
      const store = performance.getEntriesByName('gn:input-to-result').slice(skip);
      const settled = performance.getEntriesByName('gn:input-to-settled').slice(skip);
      return store.map((e, i) => ({
        ms: e.duration,
        shownMs: shown[i]?.duration ?? NaN,
        settledMs: settled[i]?.duration ?? NaN,
        workerMs: e.detail?.workerMs ?? NaN,
        source: e.detail?.source ?? 'worker',
      }));
    }, already);
    const sources = {};
    for (const e of entries) sources[e.source] = (sources[e.source] ?? 0) + 1;
    const computed = entries.filter((e) => e.source !== 'cache');
    return {
      label,
      steps: entries.length,
      medianMs: median(entries.map((e) => e.ms)),
      minMs: Math.min(...entries.map((e) => e.ms)),
      maxMs: Math.max(...entries.map((e) => e.ms)),
      shownMedianMs: median(entries.map((e) => e.shownMs)),
      // the frame in which the panels drawn one frame later show the step too (architecture §7)
      settledMedianMs: median(entries.map((e) => e.settledMs)),
      // inside the worker (data, weights, M, eigenvalues); the rest is messages and the main thread
      workerMedianMs: computed.length > 0 ? median(computed.map((e) => e.workerMs)) : null,
      sources,
    };
  }
  const latency = [];
  latency.push(await walk('ArrowRight', 'as shipped (look-ahead and result cache)'));
  await app.evaluate(() => window.__gnlensPool.setLookAhead(false));
  latency.push(await walk('ArrowLeft', 'cold (every step computed from scratch)'));

  if (json) {
    process.stdout.write(
      `${JSON.stringify({
        userAgent: bench.userAgent,
        // docs/contract.md §2: kernel rows carry their thread count
        kernels: [...bench.rows.map((r) => ({ threads: 1, ...r })), ...threadRows],
        defaultStep: bench.defaultStep,
        // docs/contract.md §2: medians over the depth walk, to the store and to the screen
        slider: Object.fromEntries(
          [
            ['shipped', latency[0]],
            ['cold', latency[1]],
          ].map(([key, l]) => [
            key,
            {
              toStoreMs: l.medianMs,
              toScreenMs: l.shownMedianMs,
              toSettledMs: l.settledMedianMs,
              ...l,
            },
          ]),
        ),
        latency,
      })}\n`,
    );
  } else {
    process.stdout.write(
      `Chromium worker (${bench.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? bench.userAgent}), eigenvalues of a random symmetric N×N matrix, median ms:\n`,
    );
    for (const r of bench.rows)
      process.stdout.write(
        `  ${r.kernel.padEnd(34)} N = ${String(r.n).padStart(5)}  ${r.ms.toFixed(1).padStart(8)} ms${r.default ? '  *' : ''}\n`,
      );
    for (const r of threadRows)
      process.stdout.write(
        `  ${`${r.kernel} ×${r.threads}`.padEnd(34)} N = ${String(r.n).padStart(5)}  ${r.ms.toFixed(1).padStart(8)} ms${r.numpyMs !== undefined ? `   numpy ${r.numpyMs.toFixed(1)} ms → ${r.ratio.toFixed(2)}×` : ''}${r.identical ? '' : '  (spectrum differs from 1 thread!)'}\n`,
      );
    if (threadRows.length > 0)
      process.stdout.write(
        `  (threaded rows: median of ${THREAD_ROUNDS} rounds alternating with numpy's eigvalsh on one thread${threadRows.some((r) => r.numpyMs !== undefined) ? '' : '; python3 with numpy not found: no ratio'})\n`,
      );
    process.stdout.write(
      `(* = the kernel the app uses)\n\nDepth step on the default configuration in an otherwise idle worker (median of ${bench.defaultStep.reps}): ${bench.defaultStep.spectrumMs.toFixed(1)} ms to the spectrum, ${bench.defaultStep.wholeMs.toFixed(1)} ms with every bound\n\nDepth slider, ${steps} arrow-key steps ${pauseMs} ms apart, page ${query || 'default'}: input → κ and histogram in the store / on screen / every panel drawn (medians)\n`,
    );
    for (const l of latency) {
      const from = Object.entries(l.sources)
        .map(([source, count]) => `${count} ${source}`)
        .join(', ');
      const worker =
        l.workerMedianMs === null ? '' : `; in the worker ${l.workerMedianMs.toFixed(1)} ms`;
      process.stdout.write(
        `  ${l.label.padEnd(42)} ${l.medianMs.toFixed(1).padStart(6)} ms / ${l.shownMedianMs.toFixed(1).padStart(6)} ms / ${l.settledMedianMs.toFixed(1).padStart(6)} ms  (min ${l.minMs.toFixed(1)}, max ${l.maxMs.toFixed(1)}${worker}; answers: ${from})\n`,
      );
    }
  }
} catch (e) {
  log('bench', String(e instanceof Error ? e.message : e));
  process.exitCode = 1;
} finally {
  await browser.close();
  stop();
}
