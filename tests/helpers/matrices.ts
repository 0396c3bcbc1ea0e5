/**
 * Seeded test matrices: the one home of the generators the tests draw from (random Gaussian,
 * random symmetric, SPD with a given condition number, rank-deficient PSD, a prescribed or
 * clustered spectrum, diagonal, the second-difference matrix, log-uniform spectra). Everything
 * comes from src/core/random's createRng (never Math.random), so the same (seed, stream) gives
 * the same bits in every run. Square matrices are row-major `Float64Array`s of length n·n and
 * exactly symmetric where they say so (upper triangle computed, mirrored).
 */
import { randomSymmetric as benchmarkSymmetric } from '../../src/core/benchmark';
import { createRng } from '../../src/core/random';

/** Stream of {@link gaussianMatrix} unless a caller picks another one. */
export const GAUSSIAN_STREAM = 99;

export interface GaussianOptions {
  /** standard deviation (default 1) */
  sd?: number;
  /** createRng stream (default {@link GAUSSIAN_STREAM}) */
  stream?: number;
}

/** rows × cols i.i.d. N(0, sd²), row-major, drawn in row order from createRng(seed, stream). */
export function gaussianMatrix(
  rows: number,
  cols: number,
  seed: number,
  { sd = 1, stream = GAUSSIAN_STREAM }: GaussianOptions = {},
): Float64Array {
  return createRng(seed, stream).fillNormal(new Float64Array(rows * cols), sd);
}

/** {@link gaussianMatrix} as nested rows (the format of a config's X and weights). */
export function gaussianRows(
  rows: number,
  cols: number,
  seed: number,
  sd = 1,
  stream = GAUSSIAN_STREAM,
): number[][] {
  const flat = gaussianMatrix(rows, cols, seed, { sd, stream });
  return Array.from({ length: rows }, (_, i) =>
    Array.from(flat.subarray(i * cols, (i + 1) * cols)),
  );
}

/**
 * Symmetric n × n with i.i.d. N(0, 1) entries on and above the diagonal (the benchmark's
 * matrix, src/core/benchmark.ts, so tests and `gnlens bench` draw the same family).
 */
export function randomSymmetric(n: number, seed: number, stream = n): Float64Array {
  return benchmarkSymmetric(n, seed, stream);
}

/** B Bᵀ with B n × r standard normal: PSD of rank r (almost surely), exactly symmetric. */
export function lowRankPsd(n: number, r: number, seed: number, stream = 8): Float64Array {
  const b = gaussianMatrix(n, r, seed, { stream });
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let t = 0; t < r; t++) s += b[i * r + t]! * b[j * r + t]!;
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  return a;
}

/** n × n with `values` on the diagonal and zeros elsewhere. */
export function diagonalMatrix(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = values[i]!;
  return a;
}

export interface SpectrumOptions {
  /** createRng stream of the reflection vectors (default 9) */
  stream?: number;
  /** number of Householder reflections Q is the product of (default 1; ≥ 2 mixes every entry) */
  reflections?: number;
}

/**
 * Q diag(values) Qᵀ with Q = H_1 ⋯ H_r a product of Householder reflections
 * H = I − 2vvᵀ/vᵀv (v seeded standard normal): symmetric with spectrum exactly `values` up to
 * rounding (a few ε·max|values|).
 */
export function withSpectrum(
  values: ArrayLike<number>,
  seed: number,
  { stream = 9, reflections = 1 }: SpectrumOptions = {},
): Float64Array {
  const n = values.length;
  const a = diagonalMatrix(values);
  const rng = createRng(seed, stream);
  const av = new Float64Array(n);
  for (let k = 0; k < reflections; k++) {
    const v = rng.fillNormal(new Float64Array(n));
    let vv = 0;
    for (let i = 0; i < n; i++) vv += v[i]! * v[i]!;
    const beta = 2 / vv;
    // H A H = A − β v wᵀ − β w vᵀ + β² (vᵀw) v vᵀ with w = A v
    let vAv = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j]! * v[j]!;
      av[i] = s;
      vAv += v[i]! * s;
    }
    const c = beta * beta * vAv;
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        const x = a[i * n + j]! - beta * (v[i]! * av[j]! + av[i]! * v[j]!) + c * v[i]! * v[j]!;
        a[i * n + j] = x;
        a[j * n + i] = x;
      }
  }
  return a;
}

/** n values from 1 to κ in geometric progression, ascending (ends exactly 1 and κ). */
export function geometricValues(n: number, kappa: number): number[] {
  return Array.from({ length: n }, (_, i) =>
    i === 0 ? 1 : i === n - 1 ? kappa : kappa ** (i / (n - 1)),
  );
}

/**
 * Symmetric positive definite n × n (n ≥ 2) with eigenvalues {@link geometricValues}(n, κ):
 * λ_min = 1, λ_max = κ, so κ(A) = κ up to rounding. κ = 10 is well conditioned, κ = 1e12
 * ill conditioned (its smallest eigenvalues are then known only to ~n·ε·κ absolutely).
 */
export function spdWithKappa(
  n: number,
  kappa: number,
  seed: number,
  { stream = 11, reflections = 3 }: SpectrumOptions = {},
): Float64Array {
  return withSpectrum(geometricValues(n, kappa), seed, { stream, reflections });
}

export interface Cluster {
  centre: number;
  /** width of the cluster: members are centre + spread·u, u uniform in [−½, ½); 0 repeats centre */
  spread: number;
}

/**
 * n eigenvalues in clusters: value i belongs to cluster i mod clusters.length (so the clusters
 * are interleaved, not sorted).
 */
export function clusteredValues(
  n: number,
  clusters: readonly Cluster[],
  seed: number,
  stream = 12,
): number[] {
  const rng = createRng(seed, stream);
  return Array.from({ length: n }, (_, i) => {
    const { centre, spread } = clusters[i % clusters.length]!;
    const u = rng.uniform() - 0.5;
    return spread === 0 ? centre : centre + spread * u;
  });
}

/**
 * The n × n second-difference matrix tridiag(−1, 2, −1) and its eigenvalues in closed form,
 * 2 − 2cos(jπ/(n+1)), j = 1…n, ascending (e.g. Strang, Computational Science and Engineering,
 * §1.5).
 */
export function secondDifference(n: number): { matrix: Float64Array; eigenvalues: number[] } {
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    matrix[i * n + i] = 2;
    if (i > 0) matrix[i * n + i - 1] = matrix[(i - 1) * n + i] = -1;
  }
  const eigenvalues = Array.from(
    { length: n },
    (_, j) => 2 - 2 * Math.cos(((j + 1) * Math.PI) / (n + 1)),
  ).sort((x, y) => x - y);
  return { matrix, eigenvalues };
}

/** `count` values 10^(lo + (hi − lo)·u), u seeded uniform in [0, 1), sorted descending. */
export function logUniformSpectrum(
  count: number,
  lo: number,
  hi: number,
  seed: number,
  stream = 13,
): number[] {
  const rng = createRng(seed, stream);
  return Array.from({ length: count }, () => 10 ** (lo + (hi - lo) * rng.uniform())).sort(
    (a, b) => b - a,
  );
}
