/**
 * The nonlinear rows of `gnlens bench`: the GN spectrum of a two-layer ReLU net (n = 1000,
 * k = 10, d = 49, m = 20, p = 1180; with --large also m = 100, p = 5900) by the structured
 * assembly (src/core/gn/structuredGram.ts) and its eigensolver, and of the same net with batch
 * norm (n = 200, m = 50) by its full-batch Jacobian (src/core/gn/batchnorm.ts), beside numpy
 * computing the same thing the plain way (scripts/bench_numpy.py: analytic J by matrix products
 * or in closed form, the smaller Gram, eigvalsh, one thread). Ours and numpy's are timed in alternating rounds (ours, numpy, ours, …)
 * on the same X and weights, so a slow phase of a noisy machine weighs on both sides of the ratio.
 * Measured, never asserted.
 */
import { defaultConfig, normalizeConfig } from '../core/config';
import type { GnConfig } from '../core/types';
import { DataCache } from '../core/data/synthetic';
import { evaluateStaged } from '../core/gn/evaluate';
import { effectiveWeights, networkWeights } from '../core/gn/init';
import {
  activeGemmKernel,
  gemmKernelName,
  installThreadedGemm,
  setGemmKernel,
} from '../core/linalg/gemm';
import { activeEigvalsKernel, eigvalsKernelName, setEigvalsKernel } from '../core/linalg/eigSym';
import { installThreadedKernel } from '../core/linalg/kernels';
import { withKernelThreads } from '../core/linalg/threadLimit';
import { sameBits } from '../core/benchmark';
import { median, writeF64 } from './benchShared';
import {
  createNodeThreadedEigvals,
  createNodeThreadedGemm,
  defaultEigenThreads,
} from './eigThreads';

export interface NonlinearRow {
  name: string;
  L: number;
  m: number;
  /** batch norm after the hidden layer (its full-batch Jacobian, gn-math.md §8) */
  batchNorm: boolean;
  n: number;
  d: number;
  k: number;
  method: string;
  size: number;
  /** threads of the matrix products and the eigensolver (1, or every core the machine has) */
  threads: number;
  /** on more than one thread: the spectrum equals the one-thread row's in every bit */
  identical?: boolean;
  /** median over `roundsMs`: data given, J-free assembly + eigenvalues + κ (no bounds) */
  ms: number;
  roundsMs: number[];
  kappa: number;
  /** the kernels used: matrix products and eigenvalues */
  kernels: { gemm: string; eig: string };
  numpyMs?: number;
  numpyRoundsMs?: number[];
  numpyKappa?: number;
  numpyMethod?: string;
  /** ms / numpyMs */
  ratio?: number;
}

interface NumpyNonlinear {
  name: string;
  ms: number;
  kappa: number;
  method: string;
  size: number;
}

/** The two-layer ReLU net of the rows (n = 1000, k = 10, d = 49, width m), named. */
export function nonlinearConfig(m: number): { name: string; config: GnConfig } {
  const config = defaultConfig();
  Object.assign(config, { L: 2, d: 49, k: 10, m: [m], activation: 'relu', prune: 0 });
  config.data = { ...config.data, n: 1000 };
  return { name: `two-layer ReLU (n=1000, k=10, d=49, m=${m}): p = ${49 * m + 10 * m}`, config };
}

/** ReLU with batch norm on its full-batch Jacobian (n = 200, m = 50: a 2000 × 2000 JJᵀ/n). */
export function reluBatchNormConfig(): { name: string; config: GnConfig } {
  const { config } = normalizeConfig({
    L: 2,
    d: 49,
    k: 10,
    m: 50,
    activation: 'relu',
    batchNorm: true,
    data: { n: 200 },
  });
  return { name: 'ReLU + batch norm (L=2, m=50, d=49, k=10, n=200): nk = 2000', config };
}

/**
 * Times the rows; `runNumpy` sends one job to scripts/bench_numpy.py (null when python3 or numpy
 * is missing, then the numpy fields are left out). m = 20: a warm-up, then 5 rounds; m = 100
 * (`large`): 2 rounds without warm-up (each side ~40 s here); ReLU + batch norm (n = 200,
 * m = 50, the full-batch Jacobian, numpy's in closed form): a warm-up, then 3 rounds.
 */
export async function nonlinearRows(
  runNumpy: (job: unknown) => Promise<unknown>,
  dir: string,
  large: boolean,
): Promise<NonlinearRow[]> {
  const specs = [{ ...nonlinearConfig(20), rounds: 5, warmup: true, key: 'nonlinear' }];
  if (large) specs.push({ ...nonlinearConfig(100), rounds: 2, warmup: false, key: 'nonlinear' });
  specs.push({ ...reluBatchNormConfig(), rounds: 3, warmup: true, key: 'batchnorm' });
  // Every core as well as one: the products and the eigensolver on all of them, installed for
  // these rows only (the same bits as one thread, checked per row as `identical`).
  const plain = { eig: activeEigvalsKernel(), gemm: activeGemmKernel() };
  const cores = defaultEigenThreads();
  const eigThreaded = await createNodeThreadedEigvals(cores);
  const gemmThreaded = await createNodeThreadedGemm(cores);
  if (eigThreaded) installThreadedKernel(eigThreaded.kernel);
  if (gemmThreaded) installThreadedGemm(gemmThreaded);
  const threadCounts = eigThreaded || gemmThreaded ? [1, cores] : [1];
  const out: NonlinearRow[] = [];
  try {
    for (const spec of specs)
      out.push(...(await nonlinearSpecRows(spec, threadCounts, runNumpy, dir)));
  } finally {
    setEigvalsKernel(plain.eig.name, plain.eig.fn);
    setGemmKernel(plain.gemm.name, plain.gemm.kernel);
    eigThreaded?.dispose();
    gemmThreaded?.dispose();
  }
  return out;
}

/** One configuration's rows (one per thread count), in alternating rounds with numpy. */
async function nonlinearSpecRows(
  spec: { name: string; config: GnConfig; rounds: number; warmup: boolean; key: string },
  threadCounts: readonly number[],
  runNumpy: (job: unknown) => Promise<unknown>,
  dir: string,
): Promise<NonlinearRow[]> {
  const { name, config, rounds, warmup, key } = spec;
  const m = config.m[0]!;
  const cache = new DataCache(1);
  const X = cache.get(config).X;
  const weights = effectiveWeights(config, networkWeights(config)).map((w, l) => ({
    file: writeF64(dir, `nl${m}_w${l}.f64`, w.data),
    rows: w.rows,
    cols: w.cols,
  }));
  const job = {
    name,
    X: writeF64(dir, `nl${m}_x.f64`, X.data),
    n: X.rows,
    d: X.cols,
    weights,
    activation: config.activation,
    alpha: config.alpha,
    reps: 1,
  };
  const spectrum = (threads: number) =>
    withKernelThreads(threads, () => evaluateStaged(config, { cache }).partial);
  if (warmup) for (const t of threadCounts) spectrum(t);
  const ours = threadCounts.map(() => [] as number[]);
  const results = threadCounts.map(() => null as ReturnType<typeof spectrum> | null);
  const kernels = threadCounts.map(() => ({ gemm: '', eig: '' }));
  const theirs: number[] = [];
  let reference: NumpyNonlinear | undefined;
  for (let r = 0; r < rounds; r++) {
    threadCounts.forEach((t, i) => {
      const t0 = performance.now();
      results[i] = spectrum(t);
      ours[i]!.push(performance.now() - t0);
      kernels[i] = withKernelThreads(t, () => ({
        gemm: gemmKernelName(),
        eig: eigvalsKernelName(),
      }));
    });
    const reply = (await runNumpy({ [key]: [{ ...job, warmup: warmup && r === 0 }] })) as Record<
      string,
      NumpyNonlinear[] | undefined
    > | null;
    const np = reply?.[key]?.find((x) => x.name === name);
    if (np) {
      theirs.push(np.ms);
      reference = np;
    }
  }
  const one = results[0]!;
  return threadCounts.map((threads, i) => {
    const result = results[i]!;
    const row: NonlinearRow = {
      name,
      L: 2,
      m,
      batchNorm: config.batchNorm,
      n: X.rows,
      d: X.cols,
      k: config.k,
      method: result.method,
      size: result.size,
      threads,
      ms: median(ours[i]!),
      roundsMs: ours[i]!,
      kappa: result.kappa,
      kernels: kernels[i]!,
    };
    if (threads > 1) row.identical = sameSpectrum(result, one);
    if (reference && theirs.length > 0) {
      row.numpyMs = median(theirs);
      row.numpyRoundsMs = theirs;
      row.numpyKappa = reference.kappa;
      row.numpyMethod = reference.method;
      row.ratio = row.ms / row.numpyMs;
    }
    return row;
  });
}

/** κ and every eigenvalue equal to the last bit. */
function sameSpectrum(
  a: { kappa: number; eigenvalues: readonly number[] },
  b: { kappa: number; eigenvalues: readonly number[] },
): boolean {
  return Object.is(a.kappa, b.kappa) && sameBits(a.eigenvalues, b.eigenvalues);
}

/** The human-readable lines of the rows. */
export function logNonlinearRows(rows: readonly NonlinearRow[], log: (s: string) => void): void {
  log(
    '\nNonlinear GN spectrum, X given: structured assembly + eigenvalues vs numpy (analytic J, smaller Gram, eigvalsh), medians of alternating rounds:',
  );
  for (const r of rows) {
    const np =
      r.numpyMs !== undefined
        ? `   numpy ${r.numpyMs.toFixed(0)} ms → ${r.ratio!.toFixed(2)}× (κ ${r.kappa.toPrecision(8)} vs ${r.numpyKappa!.toPrecision(8)})`
        : '   (python3 with numpy not found)';
    const threads =
      r.threads > 1
        ? `, ${r.threads} threads${r.identical ? ' (the 1-thread bits)' : ' (DIFFERENT bits from 1 thread)'}`
        : ', 1 thread';
    log(`  ${r.name}, ${r.method} ${r.size}×${r.size}${threads}: ${r.ms.toFixed(0)} ms${np}`);
  }
}
