/**
 * Benchmark worker for bench.html: times the eigenvalue kernels inside a browser worker, on the
 * same seeded matrices and with the same median-of-reps rule as `gnlens bench` (src/core/benchmark.ts).
 */
import * as Comlink from 'comlink';
import { benchMatrix, benchReps, medianMs } from '../src/core/benchmark';
import { eigvalsSymTs } from '../src/core/linalg/eigSym';
import { createWasmEigvals } from '../src/core/linalg/eigWasm';

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
};

export type BenchWorkerApi = typeof api;

Comlink.expose(api, self as unknown as Comlink.Endpoint);
