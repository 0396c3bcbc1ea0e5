/**
 * bench.html: the eigen-kernel benchmark inside a Chromium worker (issue "Speed"). Query:
 * `?sizes=100,200,500,1000,1500&tsmax=500`. Results are drawn as a table and published on
 * `window.__gnlensBench` for scripts/bench-browser.mjs. Text only, never HTML from input.
 */
import { BENCH_SIZES } from '../core/benchmark';
import { openThreadedRounds, runBrowserBench } from '../compute/benchClient';
import type { BrowserBenchResult } from '../compute/benchClient';
import type { ThreadRoundRow } from '../core/benchmark';

declare global {
  interface Window {
    __gnlensBench?: (BrowserBenchResult & { userAgent: string }) | { error: string };
    /** One round of the threaded kernel (scripts/bench-browser.mjs, beside numpy's rounds). */
    __gnlensBenchRound?: (sizes: number[]) => Promise<ThreadRoundRow[]>;
    __gnlensBenchEndRounds?: () => Promise<void>;
  }
}

function parseSizes(raw: string | null): number[] {
  if (!raw) return [...BENCH_SIZES];
  const sizes = raw
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= 4000);
  return sizes.length > 0 ? sizes : [...BENCH_SIZES];
}

async function run(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const sizes = parseSizes(params.get('sizes'));
  const tsMax = Number(params.get('tsmax') ?? 1000) || 1000;
  // `threaded=0`: no threaded rows in this run; a script times them in rounds instead
  const threaded = params.get('threaded') !== '0';
  const status = document.getElementById('status')!;
  status.textContent = `running ${sizes.join(', ')} …`;
  try {
    const { rows, threadRows, defaultStep } = await runBrowserBench(sizes, tsMax, threaded);
    const body = document.getElementById('rows')!;
    for (const r of rows) {
      const tr = document.createElement('tr');
      for (const text of [r.kernel + (r.default ? ' *' : ''), String(r.n), r.ms.toFixed(1)]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      body.append(tr);
    }
    for (const r of threadRows) {
      const tr = document.createElement('tr');
      const name = `${r.kernel} ×${r.threads} threads${r.identical ? '' : ' (bits differ!)'}`;
      for (const text of [name, String(r.n), r.ms.toFixed(1)]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      body.append(tr);
    }
    status.textContent = `done (* = the kernel the app uses). Depth step on the default configuration, in this worker: ${defaultStep.spectrumMs.toFixed(1)} ms to the spectrum, ${defaultStep.wholeMs.toFixed(1)} ms with every bound (median of ${defaultStep.reps}).`;
    let session: ReturnType<typeof openThreadedRounds> | null = null;
    window.__gnlensBenchRound = (roundSizes) =>
      (session ??= openThreadedRounds()).round(roundSizes);
    window.__gnlensBenchEndRounds = async () => {
      await session?.close();
      session = null;
    };
    window.__gnlensBench = { rows, threadRows, defaultStep, userAgent: navigator.userAgent };
  } catch (e) {
    status.textContent = `failed: ${(e as Error).message}`;
    window.__gnlensBench = { error: (e as Error).message };
  }
}

void run();
