/**
 * Shared pieces of the speed benchmarks (`gnlens bench` in Node, bench.html in a Chromium
 * worker), so both time the same kernels on the same matrices the same way.
 */
import { createRng } from './random';
import { now } from './clock';
import type { WasmEigvals } from './linalg/eigWasm';

/** Sizes the benchmarks report (issue "Speed"). */
export const BENCH_SIZES: readonly number[] = [100, 200, 500, 1000, 1500];

/** A seeded random symmetric N×N matrix with N(0, 1) entries (identical in Node and the browser). */
export function randomSymmetric(n: number, seed: number, stream = n): Float64Array {
  const rng = createRng(seed, stream);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  return a;
}

/** The benchmark's matrix of size N (seed 2024). */
export function benchMatrix(n: number): Float64Array {
  return randomSymmetric(n, 2024);
}

/** Repetitions after the warm-up: at least 5, more for small, fast sizes. */
export function benchReps(n: number): number {
  return n <= 200 ? 15 : n <= 500 ? 9 : 5;
}

/** Median wall time in ms of `reps` calls after one warm-up call (JIT tiers, memory growth). */
export function medianMs(fn: () => unknown, reps: number): number {
  fn();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    fn();
    ts.push(now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)]!;
}

/** The two lists hold the same numbers to the last bit (−0 and +0 differ, NaN equals NaN). */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Thread counts of the threaded kernel's benchmark rows (docs/contract.md §2). */
export const BENCH_THREADS: readonly number[] = [1, 2, 4];

/** One timed solve of a round: its thread count, ms, and whether it gave the one-thread bits. */
export interface ThreadRoundRow {
  n: number;
  threads: number;
  ms: number;
  identical: boolean;
}

/**
 * One round of the threaded kernel's rows at size n: a timed solve on each of BENCH_THREADS
 * (clamped to the kernel's threads). Each size's matrix and one-thread spectrum are kept, so the
 * first round at a size also warms it up. `gnlens bench` and bench.html both time with it.
 */
export function threadRound(kernel: WasmEigvals): (n: number) => ThreadRoundRow[] {
  const known = new Map<number, { a: Float64Array; one: Float64Array }>();
  return (n) => {
    let size = known.get(n);
    if (!size) {
      const a = benchMatrix(n);
      size = { a, one: kernel(a, n, { threads: 1 }) }; // the warm-up, and the bits to match
      known.set(n, size);
    }
    const { a, one } = size;
    return BENCH_THREADS.map((t) => {
      const t0 = now();
      const values = kernel(a, n, { threads: t });
      const ms = now() - t0;
      return { n, threads: Math.min(t, kernel.threads), ms, identical: sameBits(values, one) };
    });
  };
}
