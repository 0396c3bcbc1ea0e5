/**
 * The slowest and the steepest direction of the GN matrix, mapped back to what the network
 * computes (docs/gn-math.md §12): the eigenvectors of λ_min⁺ and λ_max of the matrix the
 * spectrum comes from (docs/gn-math.md §2), by src/core/linalg/eigenpairs.ts.
 *
 * - Networks linear in x (deep linear, residual, pruned, with biases, the 1-D CNN; method
 *   `reduced-kd`): an eigenvector u' of M' = (I_k ⊗ F)ᵀ ZZᵀ (I_k ⊗ F) is u = (I_k ⊗ V_s) u' of
 *   M, and the change of the end-to-end map is δA ∝ (I_k ⊗ Σ^{−1/2}) u = (I_k ⊗ V_s Λ_s^{−1/2}) u'
 *   (V_s Λ_s^{−1/2} = F Λ_s^{−1}, column t of F divided by λ_t): a k × d matrix whose row c is
 *   the input-space template of output c. With biases the data are x̃ = [x; 1] (§11) and the last
 *   column is the change of the bias of each output.
 * - Nonlinear MLPs: an eigenvector of K = JJᵀ/n (`gram-nk`) is itself a perturbation of the n·k
 *   outputs; an eigenvector v of G = JᵀJ/n (`gn-p`) moves the outputs by J v. Which samples move
 *   is the norm of each sample's k outputs; which outputs, the share of each class.
 *
 * Batch-norm nets are not mapped (their outputs couple the samples through the batch
 * statistics, docs/gn-math.md §8), and a matrix larger than {@link directionMaxSize} is
 * skipped: the reduction keeping the reflectors costs 4n³/3 flops (n = 1500: ~1.2 s with the
 * WebAssembly kernel, ~4 s in TypeScript, on the 2-core reference machine).
 */
import { extremeEigenpairs, reductionKernelName, type Eigenpair } from '../linalg/eigenpairs';
import { isFiniteMat, zeros, type Mat } from '../linalg/matrix';
import { estimateCost } from '../cost';
import { prepareData, sigmaInfo, type DataCache, type ImageProvider } from '../data/synthetic';
import { IMAGE_DATASETS, isImageSource } from '../data/images';
import type { GnConfig, SpectrumMethod } from '../types';
import { augmentedData, augmentedMasks, augmentedWeights } from '../gn/biasLinear';
import { cnnDenseLayers, cnnSharedMatrix, cnnWeights } from '../gn/cnn';
import { networkBiases } from '../gn/init';
import { leftProducts, reducedMatrix, reducedTerms } from '../gn/linear';
import { keptCount, prunedReducedMatrix } from '../gn/prune';
import { checkedWeights, parameterCount } from '../gn/evaluate';
import { structuredGnP, structuredGramNk } from '../gn/structuredGram';
import { outputsTimes } from './jacobianTimes';

/**
 * Largest matrix side whose eigenvectors are computed: about 1.2 s at the limit on the 2-core
 * reference machine, with the WebAssembly reduction (1500) or the TypeScript one (1000).
 */
export function directionMaxSize(): number {
  return reductionKernelName().startsWith('wasm') ? 1500 : 1000;
}
/** Samples listed as the ones the direction moves most (non-linear nets). */
export const TOP_MOVERS = 8;

export type DirectionEnd = 'minPositive' | 'max';

/** The change of the end-to-end map along one eigenvector (networks linear in x). */
export interface LinearDirection {
  /** the eigenvalue (of JᵀJ/n) */
  value: number;
  /** δA (k × inputs, row-major) for the unit eigenvector u: row c is output c's input template */
  template: Float64Array;
  /** the top singular pair of δA: unit input and output vectors, and σ₁²/‖δA‖²_F */
  top: { input: Float64Array; output: Float64Array; share: number };
}

/** One sample that the direction moves, with its features when the data are images. */
export interface Mover {
  index: number;
  /** ‖δf(x_q)‖ over the k outputs (the outputs perturbation has unit length) */
  norm: number;
  /** the sample's d features (pixels in [0, 1] for image data), for a thumbnail */
  pixels: Float64Array | null;
}

/** The perturbation of the n·k outputs along one eigenvector (non-linear nets). */
export interface OutputsDirection {
  value: number;
  /** unit perturbation of the outputs, row q·k + c */
  outputs: Float64Array;
  /** ‖δf(x_q)‖ per sample */
  sampleNorms: Float64Array;
  /** share of ‖δf‖² per output class (sums to 1) */
  classShares: Float64Array;
  /** the {@link TOP_MOVERS} samples with the largest norms, largest first */
  movers: Mover[];
}

/** rows × cols of the image a feature vector is (image data without explicit X), else null. */
export interface DirectionImage {
  rows: number;
  cols: number;
}

interface Common {
  method: SpectrumMethod;
  size: number;
  k: number;
  image: DirectionImage | null;
  ms: number;
}

export type DirectionResult =
  | (Common & {
      kind: 'linear';
      /** columns of δA: d, or d + 1 with biases (the last is the bias) */
      inputs: number;
      bias: boolean;
      max: LinearDirection | null;
      minPositive: LinearDirection | null;
    })
  | (Common & {
      kind: 'outputs';
      n: number;
      max: OutputsDirection | null;
      minPositive: OutputsDirection | null;
    })
  | { kind: 'skipped'; reason: string; size: number; method: SpectrumMethod };

export interface DirectionOptions {
  cache?: DataCache;
  images?: ImageProvider;
}

/**
 * The directions of λ_min⁺ and λ_max of one configuration, both at once (the reduction is the
 * cost; the second eigenvector adds O(n²)). Pure; the same matrix as `evaluate` diagonalises.
 * @throws Error for configurations `evaluate` refuses too.
 */
export function direction(config: GnConfig, options: DirectionOptions = {}): DirectionResult {
  const t0 = now();
  const estimate = estimateCost(config);
  if (config.batchNorm)
    return skipped(
      'batch normalisation couples the samples through the batch statistics (docs/gn-math.md §8); the direction view covers networks without it',
      estimate.size,
      estimate.method,
    );
  const limit = directionMaxSize();
  if (estimate.size > limit)
    return skipped(
      `the GN matrix is ${estimate.size}×${estimate.size}; eigenvectors are computed up to ${limit}×${limit} (a smaller n, width or d brings it back)`,
      estimate.size,
      estimate.method,
    );
  const data = options.cache ? options.cache.get(config) : prepareData(config, options.images);
  const image = imageShape(config);
  if (config.model === 'cnn1d' || config.activation === 'linear') {
    const { M, factor, eigenvalues, inputs } = linearFamilyMatrix(config, data.X, data.sigma);
    const pairs = extremeEigenpairs(M.data, M.rows, config.rtol);
    const map = (p: Eigenpair | null): LinearDirection | null =>
      p && linearDirection(p, factor, eigenvalues, config.k);
    return {
      kind: 'linear',
      method: 'reduced-kd',
      size: M.rows,
      k: config.k,
      inputs,
      bias: config.bias,
      image,
      max: map(pairs.max),
      minPositive: map(pairs.minPositive),
      ms: now() - t0,
    };
  }
  return outputsFamily(config, data.X, image, t0);
}

function skipped(reason: string, size: number, method: SpectrumMethod): DirectionResult {
  return { kind: 'skipped', reason, size, method };
}

/** The image each feature vector is, for shipped image data at its stride (no explicit X). */
function imageShape(config: GnConfig): DirectionImage | null {
  const { source, stride } = config.data;
  if (config.X || !isImageSource(source)) return null;
  const info = IMAGE_DATASETS[source];
  const rows = Math.ceil(info.rows / stride);
  const cols = Math.ceil(info.cols / stride);
  return rows * cols === config.d ? { rows, cols } : null;
}

function checkFinite(m: Mat): void {
  if (!isFiniteMat(m))
    throw new Error(
      'the GN matrix overflowed float64 (entries are not finite): the weights or data are too large for this depth',
    );
}

/**
 * M' of the networks linear in x (docs/gn-math.md §2–4, §7, §11, §14) with the factor F it was
 * reduced by and Σ's (or Σ̃'s) kept eigenvalues, as evaluate builds it.
 */
function linearFamilyMatrix(
  config: GnConfig,
  X: Mat,
  sigma: { factor: Mat; eigenvalues: Float64Array; rank: number },
): { M: Mat; factor: Mat; eigenvalues: Float64Array; inputs: number } {
  if (config.model === 'cnn1d') {
    const weights = cnnWeights(config);
    const layers = cnnDenseLayers(weights, config.d);
    const { M } = cnnSharedMatrix(layers, weights.kernels, sigma.factor, config.k);
    checkFinite(M);
    return { M, factor: sigma.factor, eigenvalues: sigma.eigenvalues, inputs: config.d };
  }
  const { eff, masks } = checkedWeights(config);
  const P = leftProducts(eff);
  let layers = eff;
  let reduced = sigma;
  let kept = masks;
  if (config.bias) {
    // f(x) = B(θ) x̃ on x̃ = [x; 1] with the augmented layers Ŵˡ (docs/gn-math.md §11)
    layers = augmentedWeights(eff, networkBiases(config));
    reduced = sigmaInfo(augmentedData(X));
    kept = masks && augmentedMasks(masks, eff);
  }
  const terms = reducedTerms(layers, P, reduced.factor);
  const M =
    reduced.rank === 0
      ? zeros(0, 0)
      : kept
        ? prunedReducedMatrix(P, terms.R, kept)
        : reducedMatrix(terms);
  checkFinite(M);
  return {
    M,
    factor: reduced.factor,
    eigenvalues: reduced.eigenvalues,
    inputs: config.d + (config.bias ? 1 : 0),
  };
}

/**
 * δA = (I_k ⊗ F Λ_s^{−1}) u' (docs/gn-math.md §12 on the reduced matrix): row c is
 * Σ_t u'[c·s + t] F[:, t] / λ_t, with its top singular pair.
 */
export function linearDirection(
  pair: Eigenpair,
  factor: Mat,
  eigenvalues: Float64Array,
  k: number,
): LinearDirection {
  const d = factor.rows;
  const s = factor.cols;
  const template = new Float64Array(k * d);
  for (let c = 0; c < k; c++)
    for (let t = 0; t < s; t++) {
      const w = pair.vector[c * s + t]! / eigenvalues[t]!;
      if (w === 0) continue;
      for (let i = 0; i < d; i++)
        template[c * d + i] = template[c * d + i]! + w * factor.data[i * s + t]!;
    }
  return { value: pair.value, template, top: topSingularPair(template, k, d) };
}

/**
 * The top singular pair of the k × d matrix A: the top eigenvector a of AAᵀ (k × k), then
 * input = Aᵀa / σ₁; share = σ₁² / ‖A‖²_F (how much one picture says).
 */
export function topSingularPair(
  A: Float64Array,
  k: number,
  d: number,
): { input: Float64Array; output: Float64Array; share: number } {
  const gram = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      let sum = 0;
      for (let i = 0; i < d; i++) sum += A[a * d + i]! * A[b * d + i]!;
      gram[a * k + b] = sum;
      gram[b * k + a] = sum;
    }
  let frob = 0;
  for (let c = 0; c < k; c++) frob += gram[c * k + c]!;
  const top = extremeEigenpairs(gram, k, 0).max;
  const input = new Float64Array(d);
  if (!top || !(frob > 0)) return { input, output: new Float64Array(k), share: 0 };
  const sigma = Math.sqrt(top.value);
  for (let c = 0; c < k; c++) {
    const w = top.vector[c]! / sigma;
    for (let i = 0; i < d; i++) input[i] = input[i]! + w * A[c * d + i]!;
  }
  return { input, output: top.vector, share: top.value / frob };
}

/** Non-linear MLPs: the eigenvectors of K = JJᵀ/n or G = JᵀJ/n as perturbations of the outputs. */
function outputsFamily(
  config: GnConfig,
  X: Mat,
  image: DirectionImage | null,
  t0: number,
): DirectionResult {
  const { eff, masks } = checkedWeights(config);
  const biases = networkBiases(config);
  // as evaluate counts them: kept weights, then the biases (never pruned, gn-math.md §11)
  const params =
    (masks ? keptCount(masks) : parameterCount(config)) + biases.reduce((s, b) => s + b.length, 0);
  const n = X.rows;
  const nk = n * config.k <= params;
  const build = nk ? structuredGramNk : structuredGnP;
  const M = build(eff, X, config.activation, config.alpha, masks, biases);
  checkFinite(M);
  const pairs = extremeEigenpairs(M.data, M.rows, config.rtol);
  const toOutputs = (p: Eigenpair | null): OutputsDirection | null => {
    if (!p) return null;
    const outputs = nk
      ? p.vector
      : outputsTimes(eff, X, config.activation, config.alpha, masks, biases, p.vector);
    return outputsDirection(p.value, outputs, n, config.k, image ? X : null);
  };
  return {
    kind: 'outputs',
    method: nk ? 'gram-nk' : 'gn-p',
    size: M.rows,
    n,
    k: config.k,
    image,
    max: toOutputs(pairs.max),
    minPositive: toOutputs(pairs.minPositive),
    ms: now() - t0,
  };
}

/**
 * Per-sample norms, per-class shares and the top movers of an outputs perturbation (normalised
 * to unit length here; `X` gives the movers' features, for image data).
 */
export function outputsDirection(
  value: number,
  raw: Float64Array,
  n: number,
  k: number,
  X: Mat | null,
): OutputsDirection {
  let total = 0;
  for (let i = 0; i < raw.length; i++) total += raw[i]! * raw[i]!;
  const inv = total > 0 ? 1 / Math.sqrt(total) : 0;
  const outputs = raw.map((v) => v * inv);
  const sampleNorms = new Float64Array(n);
  const classShares = new Float64Array(k);
  for (let q = 0; q < n; q++) {
    let s = 0;
    for (let c = 0; c < k; c++) {
      const v = outputs[q * k + c]! ** 2;
      s += v;
      classShares[c] = classShares[c]! + v;
    }
    sampleNorms[q] = Math.sqrt(s);
  }
  // ties keep sample order, so the list is deterministic
  const order = Array.from({ length: n }, (_, q) => q).sort(
    (a, b) => sampleNorms[b]! - sampleNorms[a]! || a - b,
  );
  const movers = order.slice(0, Math.min(TOP_MOVERS, n)).map((index) => ({
    index,
    norm: sampleNorms[index]!,
    pixels: X ? X.data.slice(index * X.cols, (index + 1) * X.cols) : null,
  }));
  return { value, outputs, sampleNorms, classShares, movers };
}

function now(): number {
  // performance exists in browsers, workers and Node ≥ 16; the ES2022 lib of the core does not declare it.
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}
