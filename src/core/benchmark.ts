/**
 * Shared pieces of the speed benchmarks (`gnlens bench` in Node, bench.html in a Chromium
 * worker), so both time the same kernels on the same matrices the same way.
 */
import { createRng } from './random';
import { now } from './clock';

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
