/**
 * The benchmark page's worker (bench.html, issue "Speed"): the eigen kernels and a default depth
 * step timed inside a browser worker (workers/bench.worker.ts), through the worker client, so a
 * worker that fails to load ends the page's run with a message instead of a spinner.
 */
import type { BenchWorkerApi } from '../../workers/bench.worker';
import { createWorkerClient } from './workerClient';

/** Depth steps timed on the default configuration (after as many warm-up steps). */
export const BENCH_DEFAULT_STEPS = 15;

export interface BrowserBenchResult {
  rows: { kernel: string; n: number; ms: number; default: boolean }[];
  /** the threaded kernel per size and thread count (empty on a page without isolation) */
  threadRows: { kernel: string; n: number; ms: number; threads: number; identical: boolean }[];
  defaultStep: { spectrumMs: number; wholeMs: number; reps: number };
}

/** Times every kernel at `sizes` (the TS kernel only up to `tsMax`), then a default depth step. */
export async function runBrowserBench(sizes: number[], tsMax: number): Promise<BrowserBenchResult> {
  const client = createWorkerClient<BenchWorkerApi>(
    () =>
      new Worker(new URL('../../workers/bench.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bench',
      }),
    { label: 'the benchmark worker' },
  );
  try {
    const rows = await client.call((remote) => remote.kernels(sizes, tsMax));
    const threadRows = await client.call((remote) =>
      remote.threadedKernels(sizes.filter((n) => n >= 1000)),
    );
    const defaultStep = await client.call((remote) => remote.defaultStep(BENCH_DEFAULT_STEPS));
    return { rows, threadRows, defaultStep };
  } finally {
    client.terminate();
  }
}
