/**
 * `gnlens bench [--json] [--quick]`: measured speed, never asserted in tests (issue "Speed").
 * - eigen kernels (eigenvalues of a seeded random symmetric N×N matrix): median ms of ≥ 5 runs
 *   after a warm-up, for every kernel, beside numpy's eigvalsh on the same matrices (one thread);
 * - whole evaluations (data → reduced M → spectrum → bounds) beside numpy doing the same closed
 *   form (scripts/bench_numpy.py);
 * - a 40-point sweep on all cores vs one (worker_threads).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../core/config';
import { DataCache, prepareData } from '../core/data/synthetic';
import { evaluate } from '../core/gn/evaluate';
import { networkWeights } from '../core/gn/init';
import { eigvalsKernelName, eigvalsSymTs, type EigvalsKernel } from '../core/linalg/eigSym';
import { createWasmEigvals } from '../core/linalg/eigWasm';
import { BENCH_SIZES, benchMatrix, benchReps, medianMs } from '../core/benchmark';
import type { GnConfig } from '../core/types';
import { defaultWorkerCount, ThreadPool } from './threadPool';

interface KernelRow {
  kernel: string;
  n: number;
  ms: number;
  default: boolean;
  numpyMs?: number;
  ratio?: number;
}

const scriptDir = dirname(fileURLToPath(import.meta.url));

/** Runs scripts/bench_numpy.py single-threaded; null when python3 or numpy is missing. */
function runNumpy(job: unknown): {
  numpy: string;
  kernels: { n: number; ms: number }[];
  evals: { name: string; ms: number; kappa: number }[];
} | null {
  const script = resolve(scriptDir, '../scripts/bench_numpy.py');
  const env: Record<string, string | undefined> = {
    ...process.env,
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  };
  // The machine sets OPENBLAS_CORETYPE/L2_SIZE for old OpenBLAS builds; they slow a current
  // numpy, so they are unset together for this one command (env README).
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync('python3', [script], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0 || !r.stdout) return null;
  try {
    return JSON.parse(r.stdout);
  } catch {
    return null;
  }
}

function writeF64(dir: string, name: string, data: Float64Array): string {
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return file;
}

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
  try {
    log(
      `gnlens bench — ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`,
    );
    log('\nEigenvalues of a random symmetric N×N matrix, one thread (median ms after warm-up):');
    const rows: KernelRow[] = [];
    const numpyJob: { kernels: { n: number; file: string; reps: number }[]; evals: unknown[] } = {
      kernels: [],
      evals: [],
    };
    for (const n of sizes) {
      const a = benchMatrix(n);
      const reps = benchReps(n);
      numpyJob.kernels.push({ n, file: writeF64(dir, `a${n}.f64`, a), reps });
      for (const k of kernels)
        rows.push({
          kernel: k.name,
          n,
          ms: medianMs(() => k.fn(a, n), reps),
          default: k.name === active,
        });
    }
    const configs = evalConfigs(quick);
    const evalRows: {
      name: string;
      ms: number;
      kappa: number;
      numpyMs?: number;
      ratio?: number;
    }[] = [];
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
    const np = runNumpy(numpyJob);
    if (np) {
      for (const row of rows) {
        const ref = np.kernels.find((r) => r.n === row.n);
        if (ref) {
          row.numpyMs = ref.ms;
          row.ratio = row.ms / ref.ms;
        }
      }
      for (const row of evalRows) {
        const ref = np.evals.find((r) => r.name === row.name);
        if (ref) {
          row.numpyMs = ref.ms;
          row.ratio = row.ms / ref.ms;
        }
      }
    }
    log(
      `${'N'.padStart(6)}  ${kernels.map((k) => k.name.padStart(26)).join('')}${np ? `${'numpy eigvalsh'.padStart(16)}  ratio (default/numpy)` : ''}`,
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
      `(* = the kernel the app uses${np ? `; numpy ${np.numpy}, OPENBLAS_NUM_THREADS=1` : '; python3 with numpy not found: no reference column'})`,
    );
    log('\nWhole evaluation: reduced M → spectrum → every bound, X given (median ms of 5):');
    for (const r of evalRows) {
      log(
        `  ${r.name}: ${r.ms.toFixed(1)} ms${r.numpyMs !== undefined ? `   numpy closed form ${r.numpyMs.toFixed(1)} ms → ${r.ratio!.toFixed(2)}×` : ''}`,
      );
    }
    const sweep = await sweepSpeedup(quick ? 16 : 40);
    log(
      `\nSweep of ${sweep.points} points (depth 1…, 2 seeds), worker_threads: 1 thread ${sweep.oneMs.toFixed(0)} ms, ${sweep.workers} threads ${sweep.allMs.toFixed(0)} ms → speed-up ${sweep.speedup.toFixed(2)}×`,
    );
    return {
      machine: { cpu: cpus()[0]?.model ?? null, cores: cpus().length, node: process.version },
      numpy: np?.numpy ?? null,
      kernels: rows,
      evaluations: evalRows,
      sweep,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A sweep over depth with 2 seeds (`points` evaluations) on a warm pool of 1 thread and on one
 * of all cores (pools started and warmed first, as the page's workers are).
 */
async function sweepSpeedup(
  points: number,
): Promise<{ points: number; workers: number; oneMs: number; allMs: number; speedup: number }> {
  const configs: GnConfig[] = [];
  const half = Math.floor(points / 2);
  for (let i = 0; i < points; i++) {
    const c = defaultConfig();
    const L = 1 + (i % half);
    Object.assign(c, { L, m: Array(L - 1).fill(100), seed: 1 + Math.floor(i / half) });
    configs.push(c);
  }
  const workers = defaultWorkerCount();
  const time = async (size: number): Promise<number> => {
    const pool = new ThreadPool(size);
    try {
      await pool.run(configs); // warm-up: JIT, wasm tier-up, data caches
      const t0 = performance.now();
      await pool.run(configs);
      return performance.now() - t0;
    } finally {
      await pool.close();
    }
  };
  const oneMs = await time(1);
  const allMs = await time(workers);
  return { points, workers, oneMs, allMs, speedup: oneMs / allMs };
}
