/**
 * The benchmark page's worker (bench.html, issue "Speed"): the eigen kernels and a default depth
 * step timed inside a browser worker (workers/bench.worker.ts), through the worker client, so a
 * worker that fails to load ends the page's run with a message instead of a spinner.
 */
import type { BenchWorkerApi } from '../../workers/bench.worker';
import type { ThreadRoundRow } from '../core/benchmark';
import { createWorkerClient } from './workerClient';

/** Depth steps timed on the default configuration (after as many warm-up steps). */
export const BENCH_DEFAULT_STEPS = 15;

export interface BrowserBenchResult {
  rows: { kernel: string; n: number; ms: number; default: boolean }[];
  /** the threaded kernel per size and thread count (empty on a page without isolation) */
  threadRows: { kernel: string; n: number; ms: number; threads: number; identical: boolean }[];
  defaultStep: { spectrumMs: number; wholeMs: number; reps: number };
}

function benchWorker() {
  return createWorkerClient<BenchWorkerApi>(
    () =>
      new Worker(new URL('../../workers/bench.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bench',
      }),
    { label: 'the benchmark worker' },
  );
}

/**
 * Times every kernel at `sizes` (the TS kernel only up to `tsMax`), the threaded kernel at the
 * sizes from 1000 on (unless `threaded` is false: scripts/bench-browser.mjs times those in
 * rounds beside numpy, {@link openThreadedRounds}), then a default depth step.
 */
export async function runBrowserBench(
  sizes: number[],
  tsMax: number,
  threaded = true,
): Promise<BrowserBenchResult> {
  const client = benchWorker();
  try {
    const rows = await client.call((remote) => remote.kernels(sizes, tsMax));
    const threadRows = threaded
      ? await client.call((remote) => remote.threadedKernels(sizes.filter((n) => n >= 1000)))
      : [];
    const defaultStep = await client.call((remote) => remote.defaultStep(BENCH_DEFAULT_STEPS));
    return { rows, threadRows, defaultStep };
  } finally {
    client.terminate();
  }
}

/**
 * A worker of its own for rounds of the threaded kernel, kept alive between rounds (its helpers,
 * matrices and one-thread spectra too), so a script can alternate them with numpy's.
 */
export function openThreadedRounds(): {
  round(sizes: number[]): Promise<ThreadRoundRow[]>;
  close(): Promise<void>;
} {
  const client = benchWorker();
  return {
    round: (sizes) => client.call((remote) => remote.threadedRound(sizes)),
    async close() {
      try {
        await client.call((remote) => remote.endRounds());
      } finally {
        client.terminate();
      }
    },
  };
}
