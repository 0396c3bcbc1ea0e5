/**
 * Benchmark worker for bench.html: times the eigenvalue kernels inside a browser worker, on the
 * same seeded matrices and with the same median-of-reps rule as `gnlens bench` (src/core/benchmark.ts).
 */
import * as Comlink from 'comlink';
import {
  benchMatrix,
  benchReps,
  medianMs,
  threadRound,
  type ThreadRoundRow,
} from '../src/core/benchmark';
import { eigvalsSymTs } from '../src/core/linalg/eigSym';
import { createWasmEigvals } from '../src/core/linalg/eigWasm';
import { installFastestKernel } from '../src/core/linalg/kernels';
import { defaultConfig } from '../src/core/config';
import { evaluateStaged } from '../src/core/gn/evaluate';
import { DataCache } from '../src/core/data/synthetic';
import { createBrowserThreadedEigvals } from './eigenThreads';

/** The threaded kernel of the rounds (threadedRound), kept between them. */
let rounds: { dispose(): void; round: (n: number) => ThreadRoundRow[] } | null = null;

const api = {
  /** Median ms per kernel and size; the TS kernel is skipped above `tsMax` (it takes seconds). */
  kernels(sizes: number[], tsMax: number) {
    const kernels = [
      { name: 'wasm-simd-householder-ql', fn: createWasmEigvals('simd'), default: true },
      {
        name: 'wasm-relaxed-simd (not default)',
        fn: createWasmEigvals('relaxed-simd'),
        default: false,
      },
      { name: 'ts-householder-ql', fn: eigvalsSymTs, default: false },
    ];
    const rows: { kernel: string; n: number; ms: number; default: boolean }[] = [];
    for (const n of sizes) {
      const a = benchMatrix(n);
      for (const k of kernels) {
        if (!k.fn || (k.name.startsWith('ts') && n > tsMax)) continue;
        const fn = k.fn;
        rows.push({
          kernel: k.name,
          n,
          ms: medianMs(() => fn(a, n), benchReps(n)),
          default: k.default,
        });
      }
    }
    return rows;
  },
  /**
   * The threaded kernel on 1, 2 and 4 threads (docs/contract.md §2), where the page is
   * cross-origin isolated: per size the median of benchReps(n) rounds (threadRound) for each
   * thread count, and whether every round gave the one-thread spectrum bit for bit. Empty elsewhere.
   */
  async threadedKernels(sizes: number[]) {
    const rows: { kernel: string; n: number; ms: number; threads: number; identical: boolean }[] =
      [];
    const threaded = await createBrowserThreadedEigvals(3);
    if (!threaded) return rows;
    try {
      const round = threadRound(threaded.kernel);
      for (const n of sizes) {
        round(n); // the warm-up
        const runs = Array.from({ length: benchReps(n) }, () => round(n));
        runs[0]!.forEach(({ threads }, i) => {
          const cells = runs.map((r) => r[i]!);
          const ms = cells.map((c) => c.ms).sort((a, b) => a - b);
          rows.push({
            kernel: 'wasm-simd-householder-ql',
            n,
            threads,
            ms: ms[Math.floor(ms.length / 2)]!,
            identical: cells.every((c) => c.identical),
          });
        });
      }
    } finally {
      threaded.dispose();
    }
    return rows;
  },
  /**
   * One round of the threaded kernel (scripts/bench-browser.mjs alternates rounds with numpy's
   * eigvalsh, as `gnlens bench` does): threadRound at each size, on a kernel kept between rounds.
   * Empty where the page is not cross-origin isolated.
   */
  async threadedRound(sizes: number[]): Promise<ThreadRoundRow[]> {
    if (!rounds) {
      const kernel = await createBrowserThreadedEigvals(3);
      if (!kernel) return [];
      rounds = { dispose: () => kernel.dispose(), round: threadRound(kernel.kernel) };
    }
    return sizes.flatMap(rounds.round);
  },
  /** Ends the rounds: the threaded kernel's helpers stop. */
  endRounds() {
    rounds?.dispose();
    rounds = null;
  },
  /**
   * A depth step on the default configuration as the app's worker does it (warm data cache,
   * fastest kernel): median ms to the spectrum (what the slider waits for) and to the whole
   * result, over `reps` steps alternating L = 3 and 4 after as many warm-up steps.
   */
  defaultStep(reps: number) {
    installFastestKernel();
    const cache = new DataCache(2);
    const toSpectrum: number[] = [];
    const whole: number[] = [];
    for (let i = 0; i < 2 * reps; i++) {
      const config = defaultConfig();
      config.L = 3 + (i % 2);
      config.m = Array.from({ length: config.L - 1 }, () => 100);
      const t0 = performance.now();
      const staged = evaluateStaged(config, { cache });
      const t1 = performance.now();
      staged.finish();
      const t2 = performance.now();
      if (i < reps) continue; // warm-up
      toSpectrum.push(t1 - t0);
      whole.push(t2 - t0);
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    return { spectrumMs: median(toSpectrum), wholeMs: median(whole), reps };
  },
};

export type BenchWorkerApi = typeof api;

Comlink.expose(api, self as unknown as Comlink.Endpoint);
