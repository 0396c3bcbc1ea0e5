/**
 * The threaded rows of `gnlens bench` (docs/contract.md §2): the eigenvalue kernel on 1, 2 and 4
 * threads (src/core/linalg/eigWasm.ts, worker_threads helpers) beside numpy's eigvalsh on one
 * thread, in alternating rounds (ours on every thread count, numpy, ours, …), with a check that
 * every thread count gives the one-thread spectrum bit for bit. `--large` adds N = 4000 (numpy
 * too) and N = 10,000, filled row by row into the kernel's packed storage (no N×N copy in
 * JavaScript): its time, the kernel's memory and the process's peak resident set. Measured,
 * never asserted.
 */
import { benchMatrix } from '../core/benchmark';
import type { WasmEigvals } from '../core/linalg/eigWasm';
import { median, sameBits, writeF64 } from './benchShared';
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
  ratio?: number;
  /** WebAssembly memory of the solve and the process's peak resident set (large rows) */
  kernelMB?: number;
  peakRssMB?: number;
}

type NumpyRun = (job: {
  kernels: { n: number; file: string; reps: number; warmup: boolean }[];
}) => Promise<{ kernels: { n: number; ms: number }[] } | null>;

const ROUNDS = 3;
const THREADS = [1, 2, 4] as const;

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

/** Rows for one dense size: every thread count and numpy, alternating, ROUNDS rounds. */
async function denseRows(
  kernel: WasmEigvals,
  n: number,
  numpy: NumpyRun,
  dir: string,
): Promise<ThreadRow[]> {
  const a = benchMatrix(n);
  const file = writeF64(dir, `threads${n}.f64`, a);
  const reference = kernel(a, n, { threads: 1 }); // warm-up, and the bits to match
  const times = new Map<number, number[]>(THREADS.map((t) => [t, []]));
  const identical = new Map<number, boolean>(THREADS.map((t) => [t, true]));
  const numpyMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of THREADS) {
      const [values, ms] = timed(() => kernel(a, n, { threads: t }));
      times.get(t)!.push(ms);
      if (!sameBits(values, reference)) identical.set(t, false);
    }
    const np = await numpy({ kernels: [{ n, file, reps: 1, warmup: r === 0 }] });
    const ms = np?.kernels.find((k) => k.n === n)?.ms;
    if (ms !== undefined) numpyMs.push(ms);
  }
  const npMedian = numpyMs.length > 0 ? median(numpyMs) : undefined;
  return THREADS.map((t) => {
    const roundsMs = times.get(t)!;
    const row: ThreadRow = {
      kernel: 'wasm-simd-householder-ql',
      n,
      threads: Math.min(t, kernel.threads),
      ms: median(roundsMs),
      roundsMs,
      identical: identical.get(t)!,
    };
    if (npMedian !== undefined) Object.assign(row, { numpyMs: npMedian, ratio: row.ms / npMedian });
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
  const threaded = await createNodeThreadedEigvals(Math.max(...THREADS));
  if (!threaded) return [];
  try {
    const rows: ThreadRow[] = [];
    for (const n of large ? [...sizes, 4000] : sizes) {
      rows.push(...(await denseRows(threaded.kernel, n, numpy, dir)));
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
    '\nEigenvalues on 1, 2 and 4 threads (shared memory, worker_threads; median of 3 alternating rounds; numpy on one thread):',
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
