/**
 * `gnlens bench [--json] [--quick] [--large]`: measured speed, never asserted in tests (issue "Speed").
 * - eigen kernels (eigenvalues of a seeded random symmetric N×N matrix): median ms of ≥ 5 runs
 *   after a warm-up, for every kernel, beside numpy's eigvalsh on the same matrices (one thread);
 *   the default kernel and numpy are timed in alternating rounds (ours, numpy, ours, …), and
 *   the median over the rounds is reported for each, so a slow phase of a noisy machine weighs
 *   on both sides of the ratio instead of on one;
 * - whole evaluations (data → reduced M → spectrum → bounds) beside numpy doing the same closed
 *   form (scripts/bench_numpy.py);
 * - the two-layer ReLU GN spectrum (n = 1000, k = 10, d = 49, m = 20; m = 100 with --large) beside
 *   numpy's analytic J, smaller Gram and eigvalsh, in alternating rounds (./benchNonlinear.ts);
 * - a 40-point sweep on all cores vs one (worker_threads), the two alternated the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, normalizeConfig } from '../core/config';
import { DataCache, prepareData } from '../core/data/synthetic';
import { evaluate } from '../core/gn/evaluate';
import { networkWeights } from '../core/gn/init';
import { eigvalsKernelName, eigvalsSymTs, type EigvalsKernel } from '../core/linalg/eigSym';
import { createWasmEigvals } from '../core/linalg/eigWasm';
import { BENCH_SIZES, benchMatrix, benchReps, medianMs } from '../core/benchmark';
import type { GnConfig } from '../core/types';
import { logGuardRows, sizeGuardRows } from './benchGuard';
import {
  logNonlinearRows,
  nonlinearConfig,
  nonlinearRows,
  reluBatchNormConfig,
} from './benchNonlinear';
import { defaultWorkerCount, ThreadPool } from './threadPool';
import { median, writeF64 } from './benchShared';
import { NumpyServer } from './numpyServer';
import { logThreadRows, threadRows } from './benchThreads';

interface KernelRow {
  kernel: string;
  n: number;
  /** Median ms; for the default kernel, the median over `roundsMs`. */
  ms: number;
  default: boolean;
  /** threads the kernel used (docs/contract.md §2): the eigen kernels run on one */
  threads: number;
  numpyMs?: number;
  ratio?: number;
  /** Default kernel: the median ms of each round, in order. */
  roundsMs?: number[];
  /** Default kernel: numpy's median ms of each round (alternating with `roundsMs`). */
  numpyRoundsMs?: number[];
}

/** Alternating rounds per size (ours, numpy, ours, numpy, …) for the default kernel. */
const KERNEL_ROUNDS = 3;
/** Alternating rounds of the sweep (one thread, all threads, one thread, …). */
const SWEEP_ROUNDS = 2;

function evalConfigs(quick: boolean): { name: string; config: GnConfig }[] {
  const base = defaultConfig();
  const wide = defaultConfig();
  Object.assign(wide, { d: 150, k: 10, L: 3, m: [200, 200] }); // kd = 1500
  wide.data = { ...wide.data, n: 2000, kappa: 100 };
  const deep = defaultConfig();
  Object.assign(deep, { L: 12, m: Array(11).fill(64) });
  const list = [
    { name: 'default (L=3, m=100, d=49, k=10, n=1000): kd = 490', config: base },
    { name: 'deep (L=12, m=64, d=49, k=10): kd = 490', config: deep },
  ];
  if (!quick)
    list.push({
      name: 'wide (L=3, m=200, d=150, k=10, n=2000, κ(Σ)=100): kd = 1500',
      config: wide,
    });
  return list;
}

type Kernel = { name: string; fn: EigvalsKernel };
type Numpy = InstanceType<typeof NumpyServer>;

/**
 * Eigen-kernel rows: our default kernel and numpy in alternating rounds (each the median of
 * `reps` runs, warm-ups in the first round only), the other kernels once. One thread each.
 */
async function kernelRows(
  sizes: readonly number[],
  kernels: readonly Kernel[],
  active: string,
  numpy: Numpy,
  dir: string,
): Promise<{ rows: KernelRow[]; numpyVersion: string | null }> {
  const rows: KernelRow[] = [];
  let numpyVersion: string | null = null;
  for (const n of sizes) {
    const a = benchMatrix(n);
    const reps = benchReps(n);
    const file = writeF64(dir, `a${n}.f64`, a);
    const def = kernels.find((k) => k.name === active) ?? kernels[0]!;
    // Alternating rounds, each the median of `reps` runs (warm-ups in the first round only).
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < KERNEL_ROUNDS; r++) {
      ours.push(r === 0 ? medianMs(() => def.fn(a, n), reps) : roundMs(() => def.fn(a, n), reps));
      const np = await numpy.run({ kernels: [{ n, file, reps, warmup: r === 0 }] });
      const ms = np?.kernels.find((x) => x.n === n)?.ms;
      if (np && ms !== undefined) {
        numpyVersion = np.numpy;
        theirs.push(ms);
      }
    }
    const numpyMs = theirs.length > 0 ? median(theirs) : undefined;
    for (const k of kernels) {
      const isDefault = k === def;
      const ms = isDefault ? median(ours) : medianMs(() => k.fn(a, n), reps);
      const row: KernelRow = { kernel: k.name, n, ms, default: k.name === active, threads: 1 };
      if (numpyMs !== undefined) {
        row.numpyMs = numpyMs;
        row.ratio = ms / numpyMs;
      }
      if (isDefault) {
        row.roundsMs = ours;
        if (theirs.length > 0) row.numpyRoundsMs = theirs;
      }
      rows.push(row);
    }
  }
  return { rows, numpyVersion };
}

/** Whole evaluations (M + spectrum + bounds, X and Σ prepared once); numpy is handed X too. */
function evaluationRows(quick: boolean, dir: string, numpyJob: { evals: unknown[] }): EvalRow[] {
  const configs = evalConfigs(quick);
  const evalRows: EvalRow[] = [];
  configs.forEach(({ name, config }, i) => {
    const data = prepareData(config);
    const weights = networkWeights(config);
    numpyJob.evals.push({
      name,
      X: writeF64(dir, `x${i}.f64`, data.X.data),
      n: data.X.rows,
      d: data.X.cols,
      weights: weights.map((w, l) => ({
        file: writeF64(dir, `w${i}_${l}.f64`, w.data),
        rows: w.rows,
        cols: w.cols,
      })),
      reps: 5,
    });
    // X and Σ prepared once (numpy is handed X too): the timing is M + spectrum + bounds.
    const cache = new DataCache(1);
    cache.get(config);
    let kappa = NaN;
    const ms = medianMs(() => {
      kappa = evaluate(config, { cache }).kappa;
    }, 5);
    evalRows.push({ name, ms, kappa });
  });
  return evalRows;
}

/** Batch norm (gn-math.md §8): the reduced-bn matrix, k(d+1) = 650; numpy has no BN form. */
function batchNormConfig(): { name: string; config: GnConfig } {
  const { config } = normalizeConfig({
    L: 2,
    d: 64,
    k: 10,
    m: 1000,
    batchNorm: true,
    data: { source: 'gaussian', n: 1000 },
  });
  return { name: 'batch norm (L=2, m=1000, d=64, k=10, n=1000): k(d+1) = 650', config };
}

function batchNormRow(): EvalRow {
  const { config } = batchNormConfig();
  const cache = new DataCache(1);
  cache.get(config);
  let kappa = NaN;
  const ms = medianMs(() => {
    kappa = evaluate(config, { cache }).kappa;
  }, 5);
  return {
    name: 'batch norm (L=2, m=1000, d=64, k=10, n=1000): k(d+1) = 650',
    ms,
    kappa,
  };
}

/** The kernel table as text: one line per N, the default kernel starred, numpy's ratio. */
function logKernelTable(
  rows: readonly KernelRow[],
  sizes: readonly number[],
  kernels: readonly Kernel[],
  numpyVersion: string | null,
  log: (s: string) => void,
): void {
  const haveNumpy = rows.some((r) => r.numpyMs !== undefined);
  log(
    `${'N'.padStart(6)}  ${kernels.map((k) => k.name.padStart(26)).join('')}${haveNumpy ? `${'numpy eigvalsh'.padStart(16)}  ratio (default/numpy)` : ''}`,
  );
  for (const n of sizes) {
    const rs = rows.filter((r) => r.n === n);
    const def = rs.find((r) => r.default) ?? rs[0]!;
    log(
      `${String(n).padStart(6)}  ${rs.map((r) => `${r.ms.toFixed(1)}${r.default ? ' *' : '  '}`.padStart(26)).join('')}${
        def.numpyMs !== undefined
          ? `${def.numpyMs.toFixed(1).padStart(16)}  ${def.ratio!.toFixed(2)}×`
          : ''
      }`,
    );
  }
  log(
    `(* = the kernel the app uses${haveNumpy ? `; numpy ${numpyVersion}, OPENBLAS_NUM_THREADS=1` : '; python3 with numpy not found: no reference column'})`,
  );
}

interface EvalRow {
  name: string;
  ms: number;
  kappa: number;
  numpyMs?: number;
  ratio?: number;
}

export async function runBench(args: string[]): Promise<Record<string, unknown>> {
  const json = args.includes('--json');
  const quick = args.includes('--quick');
  const log = (s: string): void => {
    if (!json) process.stdout.write(`${s}\n`);
  };
  const sizes = quick ? BENCH_SIZES.slice(0, 3) : BENCH_SIZES;
  const wasm = createWasmEigvals();
  const kernels: { name: string; fn: EigvalsKernel }[] = [
    { name: 'ts-householder-ql', fn: eigvalsSymTs },
  ];
  if (wasm) kernels.unshift({ name: 'wasm-simd-householder-ql', fn: wasm });
  const active = eigvalsKernelName();
  const dir = mkdtempSync(join(tmpdir(), 'gnlens-bench-'));
  const numpy = new NumpyServer();
  try {
    log(
      `gnlens bench — ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`,
    );
    log(
      `\nEigenvalues of a random symmetric N×N matrix, one thread (median ms after warm-up; the default kernel and numpy: median of ${KERNEL_ROUNDS} alternating rounds):`,
    );
    const numpyJob: { evals: unknown[] } = { evals: [] };
    const kernelResult = await kernelRows(sizes, kernels, active, numpy, dir);
    const rows = kernelResult.rows;
    const evalRows = evaluationRows(quick, dir, numpyJob);
    evalRows.push(batchNormRow());
    const np = await numpy.run(numpyJob);
    const nonlinear = await nonlinearRows((job) => numpy.run(job), dir, args.includes('--large'));
    const threaded = await threadRows(
      quick ? [1000] : [1000, 1500, 2000],
      (job) => numpy.run(job),
      dir,
      args.includes('--large'),
    );
    await numpy.close();
    if (np) {
      for (const row of evalRows) {
        const ref = np.evals.find((r) => r.name === row.name);
        if (ref) {
          row.numpyMs = ref.ms;
          row.ratio = row.ms / ref.ms;
        }
      }
    }
    const numpyVersion = kernelResult.numpyVersion ?? np?.numpy ?? null;
    logKernelTable(rows, sizes, kernels, numpyVersion, log);
    log('\nWhole evaluation: reduced M → spectrum → every bound, X given (median ms of 5):');
    for (const r of evalRows) {
      log(
        `  ${r.name}: ${r.ms.toFixed(1)} ms${r.numpyMs !== undefined ? `   numpy closed form ${r.numpyMs.toFixed(1)} ms → ${r.ratio!.toFixed(2)}×` : ''}`,
      );
    }
    logNonlinearRows(nonlinear, log);
    logThreadRows(threaded, log);
    const guard = sizeGuardRows([
      ...evalConfigs(quick),
      batchNormConfig(),
      nonlinearConfig(20),
      reluBatchNormConfig(),
      // the paper's width (~30 s a run on one thread here): with --large only
      ...(args.includes('--large') ? [nonlinearConfig(100)] : []),
    ]);
    logGuardRows(guard, log);
    const sweep = await sweepSpeedup(quick ? 16 : 40);
    log(
      `\nSweep of ${sweep.points} points (depth 1…, 2 seeds), worker_threads: 1 thread ${sweep.oneMs.toFixed(0)} ms, ${sweep.workers} threads ${sweep.allMs.toFixed(0)} ms → speed-up ${sweep.speedup.toFixed(2)}× (medians of ${sweep.rounds} alternating rounds)`,
    );
    return {
      machine: { cpu: cpus()[0]?.model ?? null, cores: cpus().length, node: process.version },
      numpy: numpyVersion,
      kernels: [...rows, ...threaded],
      evaluations: evalRows,
      nonlinear,
      sizeGuard: guard,
      sweep,
    };
  } finally {
    await numpy.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median wall time in ms of `reps` calls, no warm-up (a later round of medianMs). */
function roundMs(fn: () => unknown, reps: number): number {
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/**
 * A sweep over depth with 2 seeds (`points` evaluations) on a warm pool of 1 thread and on one
 * of all cores (both started and warmed first, as the page's workers are), timed in alternating
 * rounds (one thread, all threads, one thread, …): the medians over the rounds and their ratio.
 */
async function sweepSpeedup(points: number): Promise<{
  points: number;
  workers: number;
  oneMs: number;
  allMs: number;
  speedup: number;
  rounds: number;
  oneRoundsMs: number[];
  allRoundsMs: number[];
}> {
  const configs: GnConfig[] = [];
  const half = Math.floor(points / 2);
  for (let i = 0; i < points; i++) {
    const c = defaultConfig();
    const L = 1 + (i % half);
    Object.assign(c, { L, m: Array(L - 1).fill(100), seed: 1 + Math.floor(i / half) });
    configs.push(c);
  }
  const workers = defaultWorkerCount();
  const one = new ThreadPool(1);
  const all = new ThreadPool(workers);
  try {
    // Warm-up: JIT, wasm tier-up, data caches.
    await one.run(configs);
    await all.run(configs);
    const time = async (pool: ThreadPool): Promise<number> => {
      const t0 = performance.now();
      await pool.run(configs);
      return performance.now() - t0;
    };
    const oneRoundsMs: number[] = [];
    const allRoundsMs: number[] = [];
    for (let r = 0; r < SWEEP_ROUNDS; r++) {
      oneRoundsMs.push(await time(one));
      allRoundsMs.push(await time(all));
    }
    const oneMs = median(oneRoundsMs);
    const allMs = median(allRoundsMs);
    return {
      points,
      workers,
      oneMs,
      allMs,
      speedup: oneMs / allMs,
      rounds: SWEEP_ROUNDS,
      oneRoundsMs,
      allRoundsMs,
    };
  } finally {
    await Promise.all([one.close(), all.close()]);
  }
}
