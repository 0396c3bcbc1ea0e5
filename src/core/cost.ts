/**
 * The size guard: before any evaluation, estimate what it costs (matrix side, flops, memory,
 * time) so the page never freezes on a job it cannot finish and the CLI refuses what would
 * exhaust the machine. Estimates follow the algorithms in src/core/gn (gn-math.md §2–8);
 * rates are conservative figures measured on a 2-core 2.5 GHz machine (README "Speed").
 */
import { cnnLengths, cnnParameterCount } from './gn/cnn';
import { structuredGramCost } from './gn/structuredGramCost';
import { twoLayerSingularByRank } from './gn/twoLayerRanks';
import type { GnConfig, SpectrumMethod } from './types';

/**
 * Rates used for time estimates (operations per ms), measured on a 2-core 2.5 GHz AMD EPYC of
 * this project's CI kind, one thread (2026-12; README "Speed"): the guard's estimate is then
 * within a factor 2 of the measured time on the presets and the benchmark configurations
 * (`gnlens bench` prints both side by side). Faster machines finish early; two threads shorten
 * large eigensolves by up to ~1.5×, which the estimate does not count (it errs long).
 */
// Householder tridiagonalisation + QL, wasm SIMD kernel: (8/3)N³ flops at a rate that grows with
// N (call overheads, then cache-resident rows), one thread (`gnlens bench`, 2026-12-04: 1.1e7/ms
// at N = 200, 1.6–2.5e7 at N = 500 (random and GN matrices), 1.9–2.3e7 at N = 1000, 1.9–2.5e7 at
// N = 1500 and 2000; 2026-12-07, after the tridiagonal phase went from ~29 to ~12 ms at
// N = 1500, on a machine where numpy's eigvalsh took 142–158 ms there: 3.1e7 at N = 500,
// 3.4–3.9e7 at N = 1000–2000). 3.0e7 sits between the two machines and errs long on the faster.
const EIG_PEAK_FLOPS_PER_MS = 3.0e7;
const EIG_HALF_RATE_N = 60;
const DENSE_FLOPS_PER_MS = 1e6; // Grams, products and back-propagation in TypeScript
// Blocked wasm SIMD products (src/core/linalg/gemm.ts), one thread (2026-12-08, hot runs): 22
// GFlop/s on a lone 1000 × 1500 × 1000 product, 16–20 on the batch-norm Gram (2000 × 2000 ×
// 3050, in the whole evaluation), ~19 on the mixed shapes of the two-layer ReLU assembly
// (n = 1000, m = 20); earlier machines of the kind gave 7–13 on large products. 10⁷ errs long on
// both; 5·10⁶, the figure before, put the batch-norm row's estimate at 2.1× its measured time.
const GEMM_FLOPS_PER_MS = 1e7;
/** The batch-norm Jacobian's closed-form entries cost ~20 flops each in TypeScript (measured). */
const BN_FLOPS_PER_JACOBIAN_ENTRY = 20;

/** Estimated ms of one eigenvalue solve of side N (docs/gn-math.md §13). */
function eigMs(N: number): number {
  if (N <= 0) return 0;
  return (eigFlops(N) * (N + EIG_HALF_RATE_N)) / (N * EIG_PEAK_FLOPS_PER_MS);
}

/** Above this estimate the page asks before computing. */
export const INTERACTIVE_BUDGET_MS = 1500;
/** Above these, evaluation is refused (the browser tab or the machine would not cope). */
export const HARD_LIMIT_MS = 10 * 60 * 1000;
export const HARD_LIMIT_BYTES = 1.5e9;

export type CostLevel = 'interactive' | 'confirm' | 'refuse';

export interface CostEstimate {
  /** side of the matrix that will be diagonalised */
  size: number;
  method: SpectrumMethod;
  /** number of trainable parameters p */
  params: number;
  /** floating-point operations (multiply-adds counted as 2) */
  flops: number;
  /** peak bytes of the large arrays */
  bytes: number;
  /** estimated wall time in ms */
  ms: number;
  level: CostLevel;
  /** why it is not interactive, in words (absent when it is) */
  reason?: string;
  /** a smaller setting that fits the interactive budget, in words */
  suggestion?: string;
  /** the largest n (samples) that is interactive, when n is what to reduce */
  suggestedN?: number;
}

/** Trainable weights: every entry of the Wˡ, less ⌊f·size⌋ per matrix when pruned. */
function mlpParams(config: GnConfig): number {
  const sizes = [config.d, ...config.m, config.k];
  let p = 0;
  for (let l = 1; l < sizes.length; l++) {
    const size = sizes[l]! * sizes[l - 1]!;
    p += size - Math.floor(config.prune * size);
    if (config.bias) p += sizes[l]!; // bˡ, never pruned (gn-math.md §11)
  }
  return p;
}

function eigFlops(N: number): number {
  return (4 / 3) * N ** 3 * 2 + 30 * N * N;
}

/** The work of one evaluation by kernel (total flops and time follow in {@link withTime}). */
type RawCost = Omit<CostEstimate, 'level' | 'reason' | 'suggestion' | 'ms' | 'flops'> & {
  /** the sides of the eigenvalue solves (eigFlops and eigMs each) */
  eigSizes: number[];
  /** flops in the blocked matrix-product kernel */
  gemmFlops: number;
  /** the other flops (TypeScript loops) */
  otherFlops: number;
};

/**
 * Building X and Σ (src/core/data/synthetic.ts): Gaussian data with an exact covariance is two
 * Gram–Schmidt passes over U (n×d, 4nd²) and X = √n·U·B (2nd²) and more (8nd² in all, measured);
 * every source then forms Σ = XᵀX/n (2nd²) and its eigenpairs in TypeScript (~3·eig(d) with the
 * vectors); whitening repeats that for X·T (2nd² + 3·eig(d)). Measured 2026-12-04 at n = 1000,
 * d = 49: Gaussian 18–32 ms, images 1–3 ms, whitened images 5–11 ms.
 */
function dataCost(config: GnConfig, n: number): number {
  const { d } = config;
  const gaussian = !config.X && config.data.source === 'gaussian';
  let flops = (gaussian ? 8 : 0) * n * d * d + 2 * n * d * d + 3 * eigFlops(d);
  if (config.data.whiten) flops += 2 * n * d * d + 3 * eigFlops(d);
  return flops;
}

/**
 * The linear bounds (src/core/gn/bounds.ts): singular values of every weight matrix Wˡ and of
 * every R_l = Q_l F (m_{l−1} × s), each the eigenvalues (wasm kernel) of its smaller Gram, which
 * the blocked product forms (min²·max multiply-adds, the upper triangle: gemm flops).
 */
function linearBoundsCost(
  sizes: readonly number[],
  s: number,
): { flops: number; eigSizes: number[] } {
  let flops = 0;
  const eigSizes: number[] = [];
  const gram = (r: number, c: number): void => {
    const small = Math.min(r, c);
    flops += 2 * small * small * Math.max(r, c);
    eigSizes.push(small);
  };
  for (let l = 1; l < sizes.length; l++) {
    gram(sizes[l]!, sizes[l - 1]!);
    gram(sizes[l - 1]!, s);
  }
  return { flops, eigSizes };
}

/** The raw cost model for one configuration (no verdict); `withBounds`: count the bounds' work too. */
function model(config: GnConfig, withBounds = true): RawCost {
  const n = config.X ? config.X.length : config.data.n;
  const { d, k } = config;
  const s = Math.min(n, d); // rank Σ ≤ min(n, d)
  const dataFlops = dataCost(config, n);
  const dataBytes = 8 * (3 * n * d + 3 * d * d);
  const widths = config.m;
  // Σ ∝ I exactly: the separation bound reuses the GN spectrum instead of UUᵀ's (gn-math.md §5)
  const white = config.data.kappa === 1 && config.data.source === 'gaussian' && n >= d && !config.X;
  if (config.model === 'cnn1d') {
    const lens = cnnLengths(d, config.kernel, config.convLayers);
    const entries = config.filters * config.kernel * (1 + (config.convLayers - 1) * config.filters);
    const N = k * s;
    const dense = lens.slice(1).reduce((acc, len) => acc + config.filters * len, 0);
    // weight-shared and dense-equivalent; the dense equivalent's separation bound needs the
    // kd × kd spectrum of UUᵀ unless the data are white
    return {
      size: N,
      method: 'reduced-kd',
      params: cnnParameterCount(config),
      // Y row by row in TypeScript; its Gram and the dense-equivalent products by gemm
      otherFlops: dataFlops + 2 * entries * lens[0]! * N,
      gemmFlops: 2 * entries * N * N + 4 * dense * dense * s,
      eigSizes: white ? [N, N] : [N, N, k * d],
      bytes: dataBytes + 8 * (3 * N * N + entries * N + dense * dense),
    };
  }
  const p = mlpParams(config) + (config.batchNorm ? 2 * widths.reduce((a, b) => a + b, 0) : 0);
  const sizes = [d, ...widths, k];
  if (!config.batchNorm && config.activation === 'linear') {
    // with biases the reduced matrix lives on x̃ = [x; 1] (gn-math.md §11): side k·rank Σ̃
    const N = k * (config.bias ? Math.min(n, d + 1) : s);
    const maxW = Math.max(d, k, ...widths);
    // the partial products, Grams and the Kronecker sum go through the blocked product (gemm)
    const products = 2 * config.L * maxW * maxW * (d + k) + 2 * config.L * N * N;
    // separation needs the kd × kd spectrum of UUᵀ unless Σ ∝ I (then M's is reused)
    const eigSizes = white || !withBounds ? [N] : [N, k * d];
    const bounds = withBounds ? linearBoundsCost(sizes, s) : { flops: 0, eigSizes: [] };
    eigSizes.push(...bounds.eigSizes);
    return {
      size: N,
      method: 'reduced-kd',
      params: p,
      otherFlops: dataFlops,
      gemmFlops: products + bounds.flops,
      eigSizes,
      bytes: dataBytes + 8 * (2 * (k * d) ** 2 + config.L * maxW * maxW),
    };
  }
  if (config.batchNorm && config.activation === 'linear' && config.prune === 0 && config.L >= 2)
    return reducedBatchNormCost(config, n, p, dataFlops, dataBytes);
  const nk = n * k;
  const method: SpectrumMethod = nk <= p ? 'gram-nk' : 'gn-p';
  const N = Math.min(nk, p);
  let other: number; // besides the data
  let gemm: number;
  let bytes = dataBytes + 12 * N * N; // the matrix and the eigensolver's packed triangle
  const eigSizes = [N];
  if (config.batchNorm) {
    // explicit (full-batch) Jacobian, then its smaller Gram in the GEMM kernel (upper triangle)
    gemm = N * N * Math.max(nk, p);
    other = batchNormJacobianFlops(config, n);
    bytes += 8 * nk * p;
    // and κ of the same family without batch norm beside it (evaluate.ts `extra`)
    const plain = model({ ...config, batchNorm: false }, false);
    other += plain.otherFlops - dataFlops;
    gemm += plain.gemmFlops;
    eigSizes.push(...plain.eigSizes);
  } else {
    // nonlinear, pruned or not: the structured assembly counted step by step (gn-math.md §2)
    const pruned = sizes.slice(1).map((r, l) => Math.floor(config.prune * r * sizes[l]!) > 0);
    const sg = structuredGramCost(sizes, n, method === 'gram-nk', pruned, p, config.bias);
    gemm = sg.gemmFlops;
    other = sg.loopFlops;
    // the eigensolver's packed triangle (4N², docs/gn-math.md §13.1); the assembly's in sg.bytes
    bytes = dataBytes + 4 * N * N + sg.bytes;
    const bias = config.bias ? 1 : 0;
    const slope = config.activation === 'relu' ? 0 : config.alpha;
    const boundShape = { n, d: d + bias, m: widths[0]!, k };
    if (
      withBounds &&
      config.L === 2 &&
      config.prune === 0 &&
      !twoLayerSingularByRank(slope, boundShape, widths[0]! + bias)
    ) {
      // the two-layer bound (gn-math.md §6): the n×n Grams XXᵀ and ΦᵀΦ and their spectra (unless
      // the ranks already make it inapplicable, src/core/gn/twoLayerRanks.ts)
      gemm += 2 * n * n * (d + widths[0]! + 2);
      eigSizes.push(n, n);
      bytes = Math.max(bytes, dataBytes + 8 * (3 * n * n + 2 * n * widths[0]!));
    }
  }
  return {
    size: N,
    method,
    params: p,
    otherFlops: dataFlops + other,
    gemmFlops: gemm,
    eigSizes,
    bytes,
  };
}

/**
 * The analytic full-batch Jacobian of a BN network (src/core/gn/batchnorm.ts): the readout and
 * the top hidden layer in closed form (~20 flops per entry of J, measured), every lower layer by
 * batched products over all n·k outputs (W̃ᵀΔ and Δ·H, each n·k·n·m_l·m_{l±1} multiply-adds).
 */
function batchNormJacobianFlops(config: GnConfig, n: number): number {
  const sizes = [config.d, ...config.m, config.k];
  const nk = n * config.k;
  const L = config.L;
  let flops = 0;
  for (let l = 1; l <= L; l++)
    flops += BN_FLOPS_PER_JACOBIAN_ENTRY * nk * sizes[l]! * sizes[l - 1]!;
  for (let l = 1; l <= L - 2; l++)
    flops += 2 * nk * n * sizes[l]! * (sizes[l + 1]! + sizes[l - 1]! + 4);
  return flops;
}

/**
 * Linear nets with batch norm (docs/gn-math.md §8, src/core/gn/batchnormReduced.ts): the
 * k(r+1) reduced matrix, r ≤ min(n − 1, d). Top hidden layer: the k(k+1) weighted Grams as one
 * (k(k+1) × m)·(m × r(r+1)/2) product; each lower layer: back-propagating k·r adjoints of size
 * m_l·r and their Gram; plus κ without batch norm (the k·rank(Σ) reduced matrix) beside it.
 */
function reducedBatchNormCost(
  config: GnConfig,
  n: number,
  p: number,
  dataFlops: number,
  dataBytes: number,
): RawCost {
  const { d, k } = config;
  const r = Math.max(0, Math.min(n - 1, d));
  const N = k * (r + 1);
  const sizes = [d, ...config.m, k];
  const L = config.L;
  const mTop = sizes[L - 1]!;
  const kr = k * r;
  let build = 2 * n * d * d; // centred covariance
  // top layer: Ω·N_sym and the stacked A(ω⊙b)·Ĝ in the GEMM kernel
  let gemm = 2 * k * (k + 1) * mTop * ((r * (r + 1)) / 2) + k * k * r ** 3;
  for (let l = 1; l < L; l++) gemm += 2 * sizes[l]! * sizes[l - 1]! * r; // whitened forward
  let bytes = dataBytes + 8 * (2 * N * N + (mTop * (r * (r + 1))) / 2);
  for (let l = 1; l <= L - 2; l++) {
    const m = sizes[l]!;
    build += 2 * sizes[l + 1]! * m * kr * r + 6 * m * kr * r + 2 * kr * m * r * r;
    gemm += kr * kr * m * (r + 1); // upper triangles of the two symmetric Grams
    bytes = Math.max(bytes, dataBytes + 8 * (2 * N * N + 4 * m * kr * r));
  }
  // κ without batch norm: the k·rank(Σ) reduced matrix (gn-math.md §3), by the blocked product
  const s = Math.min(n, d);
  const maxW = Math.max(d, k, ...config.m);
  gemm += 2 * L * maxW * maxW * (d + k) + 2 * L * (k * s) ** 2;
  const eigSizes = [N, k * s];
  return {
    size: N,
    method: 'reduced-bn',
    params: p,
    otherFlops: dataFlops + build,
    gemmFlops: gemm,
    eigSizes,
    bytes,
  };
}

function withTime(m: RawCost): Omit<CostEstimate, 'level' | 'reason' | 'suggestion'> {
  const { eigSizes, gemmFlops, otherFlops, ...rest } = m;
  let eig = 0;
  let eigTime = 0;
  for (const N of eigSizes) {
    eig += eigFlops(N);
    eigTime += eigMs(N);
  }
  return {
    ...rest,
    flops: otherFlops + gemmFlops + eig,
    ms: eigTime + gemmFlops / GEMM_FLOPS_PER_MS + otherFlops / DENSE_FLOPS_PER_MS,
  };
}

function fmtMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function fmtBytes(b: number): string {
  return b < 1e6
    ? `${Math.round(b / 1e3)} kB`
    : b < 1e9
      ? `${Math.round(b / 1e6)} MB`
      : `${(b / 1e9).toFixed(1)} GB`;
}

/**
 * Estimates the cost of evaluating `config` and classifies it: `interactive` (≤ 1.5 s),
 * `confirm` (ask first), or `refuse` (over 10 min or 1.5 GB). For the non-interactive cases it
 * says why and suggests the largest n (or a smaller size) that is interactive.
 */
export function estimateCost(config: GnConfig): CostEstimate {
  const m = withTime(model(config));
  const describe = `a ${m.size}×${m.size} matrix (${m.method}), ~${fmtMs(m.ms)} and ~${fmtBytes(m.bytes)}`;
  let level: CostLevel = 'interactive';
  if (m.ms > HARD_LIMIT_MS || m.bytes > HARD_LIMIT_BYTES) level = 'refuse';
  else if (m.ms > INTERACTIVE_BUDGET_MS) level = 'confirm';
  if (level === 'interactive') return { ...m, level };
  const reason =
    level === 'refuse'
      ? `too large to compute here: ${describe} (limits: ${fmtMs(HARD_LIMIT_MS)}, ${fmtBytes(HARD_LIMIT_BYTES)})`
      : `slow: ${describe}`;
  return { ...m, level, reason, ...suggest(config) };
}

/** The largest n (by bisection on the cost model) whose evaluation is interactive. */
function suggest(config: GnConfig): { suggestion?: string; suggestedN?: number } {
  if (config.X) return {};
  const fits = (n: number): boolean =>
    withTime(model({ ...config, data: { ...config.data, n } })).ms <= INTERACTIVE_BUDGET_MS;
  if (!fits(1)) {
    const what =
      config.model === 'cnn1d'
        ? 'fewer filters or a shorter signal d'
        : 'a smaller width m, depth L or input dimension d';
    return { suggestion: `use ${what}` };
  }
  let lo = 1;
  let hi = config.data.n;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo < config.data.n
    ? { suggestion: `use n = ${lo} samples (or fewer) for an interactive result`, suggestedN: lo }
    : {};
}
