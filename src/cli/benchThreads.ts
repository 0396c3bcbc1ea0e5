/**
 * The threaded rows of `gnlens bench` (docs/contract.md §2): the eigenvalue kernel on 1, 2 and 4
 * threads (src/core/linalg/eigWasm.ts, worker_threads helpers) beside numpy's eigvalsh on one
 * thread, in alternating rounds (ours on every thread count, numpy, ours, …), with a check that
 * every thread count gives the one-thread spectrum bit for bit. `--large` adds N = 4000 (numpy
 * too) and N = 10,000, filled row by row into the kernel's packed storage (no N×N copy in
 * JavaScript): its time, the kernel's memory and the process's peak resident set. Measured,
 * never asserted.
 */
import { BENCH_THREADS, benchMatrix, threadRound, type ThreadRoundRow } from '../core/benchmark';
import type { WasmEigvals } from '../core/linalg/eigWasm';
import { median, writeF64 } from './benchShared';
import { createNodeThreadedEigvals, defaultEigenThreads } from './eigThreads';

export interface ThreadRow {
  kernel: string;
  n: number;
  threads: number;
  /** median over `roundsMs` */
  ms: number;
  roundsMs: number[];
  /** the spectrum equals the one-thread spectrum in every bit */
  identical: boolean;
  numpyMs?: number;
  /** numpy's time in each round (alternating with `roundsMs`) */
  numpyRoundsMs?: number[];
  ratio?: number;
  /** WebAssembly memory of the solve and the process's peak resident set (large rows) */
  kernelMB?: number;
  peakRssMB?: number;
}

export type NumpyRun = (job: {
  kernels: { n: number; file: string; reps: number; warmup: boolean }[];
}) => Promise<{ kernels: { n: number; ms: number }[] } | null>;

/** Alternating rounds per size (each one solve per thread count, then numpy's): the median of 5
 * is steadier than of 3 on this machine, whose speed drifts from minute to minute. */
export const THREAD_ROUNDS = 5;

/** Entry (i, j) of the large benchmark matrix: a symmetric hash in (−1, 1), no storage needed. */
function hashEntry(i: number, j: number): number {
  const lo = Math.min(i, j);
  const hi = Math.max(i, j);
  let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return ((h ^ (h >>> 15)) >>> 0) / 2 ** 31 - 1;
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

/**
 * One round at one size: a timed solve per thread count ({@link threadRound} in this process, a
 * Chromium worker's in scripts/bench-browser.mjs).
 */
export type ThreadRound = (n: number) => RoundCells | Promise<RoundCells>;
type RoundCells = Pick<ThreadRoundRow, 'threads' | 'ms' | 'identical'>[];

/**
 * Rows for one dense size: a round of ours on every thread count, then numpy on one thread,
 * alternating for `rounds` rounds, so that a slow phase of a noisy machine weighs on both sides
 * of a ratio. `round` is this process's kernel (`gnlens bench`) or a Chromium worker's
 * (scripts/bench-browser.mjs); numpy reads the same matrix, benchMatrix(n).
 */
export async function alternatingThreadRows(
  n: number,
  round: ThreadRound,
  numpy: NumpyRun,
  dir: string,
  rounds = THREAD_ROUNDS,
): Promise<ThreadRow[]> {
  const file = writeF64(dir, `threads${n}.f64`, benchMatrix(n));
  // by position in the round (1, 2, 4 threads; a machine with fewer cores clamps the counts)
  const cells: { threads: number; roundsMs: number[]; identical: boolean }[] = [];
  const numpyMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    (await round(n)).forEach(({ threads, ms, identical }, i) => {
      const cell = (cells[i] ??= { threads, roundsMs: [], identical: true });
      cell.roundsMs.push(ms);
      cell.identical &&= identical;
    });
    const np = await numpy({ kernels: [{ n, file, reps: 1, warmup: r === 0 }] });
    const ms = np?.kernels.find((k) => k.n === n)?.ms;
    if (ms !== undefined) numpyMs.push(ms);
  }
  const npMedian = numpyMs.length > 0 ? median(numpyMs) : undefined;
  return cells.map(({ threads, roundsMs, identical }) => {
    const row: ThreadRow = {
      kernel: 'wasm-simd-householder-ql',
      n,
      threads,
      ms: median(roundsMs),
      roundsMs,
      identical,
    };
    if (npMedian !== undefined)
      Object.assign(row, { numpyMs: npMedian, numpyRoundsMs: numpyMs, ratio: row.ms / npMedian });
    return row;
  });
}

/** N = 10,000 (or any n): filled row by row, one thread per core, one run (it takes minutes). */
function largeRow(kernel: WasmEigvals, n: number): ThreadRow {
  const threads = Math.min(kernel.threads, defaultEigenThreads());
  const [, ms] = timed(() =>
    kernel.rows(
      n,
      (r, out) => {
        for (let c = r; c < n; c++) out[c - r] = hashEntry(r, c);
      },
      { threads },
    ),
  );
  return {
    kernel: 'wasm-simd-householder-ql',
    n,
    threads,
    ms,
    roundsMs: [ms],
    identical: true,
    kernelMB: Math.round(kernel.bytesFor(n) / 2 ** 20),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** All threaded rows; empty when the threaded kernel cannot start here. */
export async function threadRows(
  sizes: readonly number[],
  numpy: NumpyRun,
  dir: string,
  large: boolean,
): Promise<ThreadRow[]> {
  const threaded = await createNodeThreadedEigvals(Math.max(...BENCH_THREADS));
  if (!threaded) return [];
  try {
    const rows: ThreadRow[] = [];
    const round = threadRound(threaded.kernel);
    for (const n of large ? [...sizes, 4000] : sizes) {
      rows.push(...(await alternatingThreadRows(n, round, numpy, dir)));
    }
    if (large) rows.push(largeRow(threaded.kernel, 10_000));
    return rows;
  } finally {
    threaded.dispose();
  }
}

/** The threaded rows as text. */
export function logThreadRows(rows: readonly ThreadRow[], log: (s: string) => void): void {
  if (rows.length === 0) {
    log('\nThreaded eigenvalue kernel: not available here (no shared WebAssembly memory).');
    return;
  }
  log(
    `\nEigenvalues on 1, 2 and 4 threads (shared memory, worker_threads; median of ${THREAD_ROUNDS} alternating rounds; numpy on one thread):`,
  );
  for (const r of rows) {
    const np =
      r.numpyMs !== undefined
        ? `   numpy ${r.numpyMs.toFixed(0)} ms → ${r.ratio!.toFixed(2)}×`
        : '';
    const mem =
      r.kernelMB !== undefined
        ? `   kernel memory ${r.kernelMB} MB, peak RSS ${r.peakRssMB} MB`
        : '';
    log(
      `  N = ${String(r.n).padStart(5)}, ${r.threads} thread${r.threads > 1 ? 's' : ' '}: ${r.ms.toFixed(0).padStart(7)} ms${np}${mem}${r.identical ? '' : '   SPECTRUM DIFFERS FROM ONE THREAD'}`,
    );
  }
}
