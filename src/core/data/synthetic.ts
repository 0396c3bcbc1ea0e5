/**
 * Data X (n × d, one sample per row) and its second moment Σ = XᵀX/n (gn-math.md §1, §9).
 */
import { createRng, STREAM } from '../random';
import { eigSym } from '../linalg/eigSym';
import { matrixFingerprint } from '../fingerprint';
import { fromRows, gramCols, isFiniteMat, matmul, scale, zeros, type Mat } from '../linalg/matrix';
import { orthonormalColumns } from '../linalg/qr';
import type { GnConfig } from '../types';
import { IMAGE_DATASETS, imageFeatures, type ImageDataset, type ImageSource } from './images';
import { ParamError } from '../paramRows';
import { LruCache } from '../lruCache';

/** Relative cut-off for Σ's non-zero eigenvalues (gn-math.md §1, κ⁺(Σ)). */
export const SIGMA_RTOL = 1e-12;

/** A minimum eigenvalue below PD_RTOL · the maximum counts as zero in bound conditions (gn-math.md §5). */
export const PD_RTOL = 1e-13;

/**
 * Geometric spectrum of gn-math.md §9: λ_i = κ^{−(i−1)/(d−1)}, i = 1…d (largest 1,
 * smallest 1/κ); a single 1 when d = 1.
 */
export function geometricSpectrum(d: number, kappa: number): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) out[i] = d === 1 ? 1 : Math.pow(kappa, -i / (d - 1));
  return out;
}

/**
 * Gaussian data with an exactly prescribed covariance (gn-math.md §9):
 * X = √n · U diag(√λ) Qᵀ with Q Haar-orthogonal (d×d) and U (n×d) with orthonormal columns, so
 * XᵀX/n = Q diag(λ) Qᵀ up to rounding. Draw order on the `data` stream: Q's Gaussian d×d
 * matrix, then U's n×r Gaussian matrix.
 *
 * When n < d no n samples can have a rank-d Σ: the r = n largest eigenvalues are kept,
 * X = √n · U diag(√λ₁…λₙ) Q_{:,1:n}ᵀ, so κ⁺(Σ) = λ₁/λₙ; a warning says so.
 */
export function exactCovarianceData(
  n: number,
  d: number,
  kappa: number,
  seed: number,
  warnings: string[],
): Mat {
  const rng = createRng(seed, STREAM.data);
  const g = zeros(d, d);
  rng.fillNormal(g.data);
  const Q = orthonormalColumns(g);
  const r = Math.min(n, d);
  const lambda = geometricSpectrum(d, kappa);
  if (r < d) {
    warnings.push(
      `n = ${n} < d = ${d}: Σ can have rank at most n, so the ${r} largest of the prescribed eigenvalues were kept (κ⁺(Σ) = ${roundForText(lambda[0]! / lambda[r - 1]!)} instead of ${kappa})`,
    );
  }
  const h = zeros(n, r);
  rng.fillNormal(h.data);
  const U = orthonormalColumns(h);
  // B = diag(√λ_1..r) Q_{:,1:r}ᵀ  (r × d), then X = √n · U B.
  const B = zeros(r, d);
  for (let i = 0; i < r; i++) {
    const s = Math.sqrt(lambda[i]!);
    for (let j = 0; j < d; j++) B.data[i * d + j] = s * Q.data[j * d + i]!;
  }
  return scale(matmul(U, B), Math.sqrt(n));
}

function roundForText(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** Plain i.i.d. N(0, 1) data from the `data` stream. */
export function iidGaussianData(n: number, d: number, seed: number): Mat {
  const X = zeros(n, d);
  createRng(seed, STREAM.data).fillNormal(X.data);
  return X;
}

/** Subtracts each column's mean. Pure. */
export function centerColumns(X: Mat): Mat {
  const { rows, cols } = X;
  const out = { rows, cols, data: X.data.slice() };
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += X.data[i * cols + j]!;
    mean /= rows;
    for (let i = 0; i < rows; i++) out.data[i * cols + j] = out.data[i * cols + j]! - mean;
  }
  return out;
}

/**
 * The paper's whitening X ← UVᵀ from the thin SVD X = UDVᵀ (gn-math.md §9), computed as
 * X·V_r D_r⁻¹ V_rᵀ from the eigendecomposition XᵀX = V D² Vᵀ. Only the r directions with
 * D² > 1e-12·max D² are kept: for rank-deficient X (constant border pixels) numpy's thin SVD
 * would fill the null directions with arbitrary orthonormal vectors that no two implementations
 * agree on; dropping them is reproducible and gives the same κ⁺(Σ) = 1. Result: XᵀX = V_rV_rᵀ
 * (= I when rank X = d), so Σ = I/n for full-rank X with n ≥ d. Pure. O(nd² + d³).
 */
export function whiten(X: Mat): Mat {
  const { values, vectors: V } = eigSym(gramCols(X));
  const d = X.cols;
  const top = values[d - 1] ?? 0;
  const T = zeros(d, d); // V_r D_r⁻¹ V_rᵀ
  for (let t = 0; t < d; t++) {
    const lam = values[t]!;
    if (!(lam > SIGMA_RTOL * top) || lam <= 0) continue;
    const inv = 1 / Math.sqrt(lam);
    for (let i = 0; i < d; i++) {
      const vi = V.data[i * d + t]! * inv;
      if (vi === 0) continue;
      for (let j = 0; j < d; j++) T.data[i * d + j] = T.data[i * d + j]! + vi * V.data[j * d + t]!;
    }
  }
  return matmul(X, T);
}

/** Hands out the decoded image data sets (the worker fetches them, the CLI reads them from disk). */
export type ImageProvider = (source: ImageSource) => ImageDataset | undefined;

/**
 * The data matrix of a configuration: explicit X, synthetic per `config.data`, or the first n
 * images of a shipped data set (needs `images`).
 * @throws Error when an image data set is needed but not provided.
 */
export function configData(config: GnConfig, warnings: string[], images?: ImageProvider): Mat {
  const { n, kappa, source, whiten: doWhiten, center, stride } = config.data;
  let X: Mat;
  if (config.X) X = fromRows(config.X);
  else if (source === 'gaussian')
    X = exactCovarianceData(n, config.d, kappa, config.seed, warnings);
  else if (source === 'iid') X = iidGaussianData(n, config.d, config.seed);
  else {
    const dataset = images?.(source);
    if (!dataset)
      throw new Error(
        `the ${source} images are not loaded (public/data/${IMAGE_DATASETS[source].file})`,
      );
    X = imageFeatures(dataset, n, stride);
  }
  if (center) X = centerColumns(X);
  if (doWhiten) X = whiten(X);
  return X;
}

/** Σ = XᵀX/n, its spectrum and a factor F (d × s) with FFᵀ = Σ on its non-zero eigenspace. */
export interface SigmaInfo {
  /** eigenvalues of Σ, descending */
  eigenvalues: Float64Array;
  /** κ⁺(Σ) = λ_max / λ_min⁺ with the SIGMA_RTOL cut-off (1 for Σ = 0 is meaningless: Infinity) */
  kappaPlus: number;
  /** κ(Σ) = λ_max / λ_min over all d eigenvalues (Infinity when λ_min ≤ 1e-13·λ_max, gn-math.md §5) */
  kappaFull: number;
  rank: number;
  /** F = V_s diag(√λ_s) (d × s), so that FFᵀ = Σ with the eigenvalues below the cut-off set to 0 */
  factor: Mat;
  /** Σ itself (d × d) */
  sigma: Mat;
}

/**
 * Second moment of the data (uncentred, gn-math.md §1) with its eigendecomposition. Using the
 * factor F instead of Σ^{1/2} = V_s Λ_s^{1/2} V_sᵀ gives a reduced matrix of side k·s with exactly
 * the non-zero spectrum of gn-math.md §2's M (M = (I⊗V_s) M' (I⊗V_s)ᵀ). O(nd² + d³).
 */
/**
 * Σ = XᵀX/n of finite data can still overflow float64 (entries near 1e200 square past 1.8e308):
 * say so about the data, not as a non-finite matrix deep in the eigensolver.
 */
function assertFiniteSigma(X: Mat, sigma: Mat): void {
  if (sigma.data.every(Number.isFinite)) return;
  let largest = 0;
  for (const x of X.data) largest = Math.max(largest, Math.abs(x));
  throw new ParamError(
    'X',
    `Σ = XᵀX/n overflows float64: the data's largest |x| is ${largest.toPrecision(3)}, whose square exceeds ${Number.MAX_VALUE.toPrecision(2)}; rescale X (e.g. divide it by its largest entry: κ does not change)`,
  );
}

export function sigmaInfo(X: Mat): SigmaInfo {
  const n = X.rows;
  const d = X.cols;
  const sigma = scale(gramCols(X), 1 / n);
  assertFiniteSigma(X, sigma);
  const { values, vectors: V } = eigSym(sigma);
  const desc = new Float64Array(d);
  for (let i = 0; i < d; i++) desc[i] = values[d - 1 - i]!;
  const top = desc[0] ?? 0;
  let rank = 0;
  while (rank < d && top > 0 && desc[rank]! > SIGMA_RTOL * top) rank++;
  const factor = zeros(d, rank);
  for (let t = 0; t < rank; t++) {
    const col = d - 1 - t; // ascending storage
    const s = Math.sqrt(desc[t]!);
    for (let i = 0; i < d; i++) factor.data[i * rank + t] = V.data[i * d + col]! * s;
  }
  const minAll = desc[d - 1] ?? 0;
  return {
    eigenvalues: desc,
    kappaPlus: rank === 0 ? Infinity : top / desc[rank - 1]!,
    kappaFull: top > 0 && minAll > PD_RTOL * top ? top / minAll : Infinity,
    rank,
    factor,
    sigma,
  };
}

/** X with its Σ statistics and the warnings made while building it. */
export interface PreparedData {
  X: Mat;
  sigma: SigmaInfo;
  warnings: string[];
}

/**
 * The data-defining fields of a configuration: two configs with the same key have the same X.
 * Explicit X is keyed by its content (src/core/fingerprint.ts), so another X is never served
 * stale, and a large one costs no JSON string per call.
 */
export function dataKey(config: GnConfig): string {
  const { source, n, kappa, whiten: w, center, stride } = config.data;
  if (config.X) return `X:${matrixFingerprint(config.X)}:${w}:${center}`;
  return `${source}:${n}:${config.d}:${kappa}:${w}:${center}:${stride}:${config.seed}`;
}

/**
 * A small most-recently-used cache of prepared data, so that moving an architecture slider
 * (depth, width, β) does not regenerate X and re-diagonalise Σ. Keyed by {@link dataKey};
 * holds at most `capacity` entries. The cached matrices are never mutated by the core.
 */
export class DataCache {
  private readonly entries: LruCache<PreparedData>;
  constructor(
    capacity = 4,
    private readonly images?: ImageProvider,
  ) {
    this.entries = new LruCache<PreparedData>(capacity);
  }

  get(config: GnConfig): PreparedData {
    const key = dataKey(config);
    const hit = this.entries.get(key);
    if (hit) return hit;
    const prepared = prepareData(config, this.images);
    this.entries.set(key, prepared);
    return prepared;
  }
}

/** Builds X (per `config.data` or explicit) and its Σ statistics. */
export function prepareData(config: GnConfig, images?: ImageProvider): PreparedData {
  const warnings: string[] = [];
  const X = configData(config, warnings, images);
  if (!isFiniteMat(X)) throw new Error('the data X contains NaN or Infinity');
  return { X, sigma: sigmaInfo(X), warnings };
}
