/**
 * One evaluation: data → weights → the smallest faithful GN matrix → its spectrum, rank, κ and
 * every bound (gn-math.md §2–7). Pure and synchronous; runs in a worker, in the CLI and in tests.
 */
import { eigvalsKernelName, eigvalsSym } from '../linalg/eigSym';
import { now } from '../clock';
import { checkFiniteMat, isFiniteMat, type Mat } from '../linalg/matrix';
import { gemmGram, gemmKronSum } from '../linalg/gemm';
import {
  prepareData,
  sigmaInfo as sigmaOf,
  type DataCache,
  type ImageProvider,
  type SigmaInfo,
} from '../data/synthetic';
import type { BoundId, BoundResult, EvalResult, GnConfig, SpectrumMethod } from '../types';
import {
  linearBounds,
  linearBoundsNotApplicable,
  notApplicable,
  prunedLinearBounds,
} from './bounds';
import { batchNormGram, batchNormJacobian, batchNormParameterCount } from './batchnorm';
import { biasLinearSpectrum } from './biasLinear';
import { batchNormRankTheory, reducedBatchNormMatrix } from './batchnormReduced';
import { cnnDenseLayers, cnnParameterCount, cnnSharedMatrix, cnnWeights } from './cnn';
import { effectiveWeights, networkBiases, networkWeights } from './init';
import {
  applyMasks,
  keepColumns,
  keptCount,
  prunedReducedMatrix,
  pruneMasks,
  type Mask,
} from './prune';
export type { Mask } from './prune';
import { leftProducts, rankTheory, reducedMatrix, reducedTerms, rightProducts } from './linear';
import { twoLayerBound } from './nonlinear';
import { structuredGnP, structuredGramNk } from './structuredGram';
import { streamedGramEigenvalues, structuredGramNkRows } from './structuredGramRows';

/** An eigenvalue within this factor of the cut-off on either side makes the rank uncertain. */
const RANK_GAP_WARN = 100;

type Bounds = Partial<Record<BoundId, BoundResult>>;

/** What each network family hands back: a spectrum and how to finish the bounds once κ is known. */
interface Spectrum {
  ascending: Float64Array;
  size: number;
  method: SpectrumMethod;
  params: number;
  rankTheory: number | null;
  bounds: (kappa: number, rank: number) => Bounds;
  extra?: (
    rtol: number,
  ) => Pick<
    EvalResult,
    | 'kappaDenseEquivalent'
    | 'boundsDenseEquivalent'
    | 'kappaWithoutBatchNorm'
    | 'kappaSigmaAugmented'
  >;
}

/** Number of trainable parameters p = Σ_l m_l·m_{l−1} of an MLP. */
export function parameterCount(config: Pick<GnConfig, 'd' | 'k' | 'm'>): number {
  const sizes = [config.d, ...config.m, config.k];
  let p = 0;
  for (let l = 1; l < sizes.length; l++) p += sizes[l]! * sizes[l - 1]!;
  return p;
}

/** Splits an ascending spectrum at rtol·λ_max into kept (non-zero) and discarded, both descending. */
export function splitSpectrum(
  ascending: Float64Array,
  rtol: number,
): { kept: number[]; discarded: number[]; top: number } {
  const n = ascending.length;
  const top = n > 0 ? Math.max(0, ascending[n - 1]!) : 0;
  const cut = rtol * top;
  const kept: number[] = [];
  const discarded: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const v = ascending[i]!;
    if (top > 0 && v > cut) kept.push(v);
    else discarded.push(v);
  }
  return { kept, discarded, top };
}

export interface EvaluateOptions {
  /** reuse X and Σ across calls that share the data settings (the worker keeps one) */
  cache?: DataCache;
  /** the image data sets, for data.source "fashion-mnist" / "digits" (used when no cache is given) */
  images?: ImageProvider;
  /** pruning masks to use instead of re-deriving them from the weights (training keeps its masks) */
  masks?: Mask[];
  /**
   * Called with the result minus the bounds (bounds = {}) as soon as the spectrum is known, so the
   * page can show κ and the histogram before the bounds are done.
   */
  onSpectrum?: (partial: EvalResult) => void;
}

/**
 * Evaluates one configuration (gn-math.md §2–7):
 * - linear / residual MLP: the reduced matrix M' of side k·rank(Σ) and every §5 bound;
 * - nonlinear MLP: the smaller of JJᵀ/n and JᵀJ/n, and the §6 two-layer bound;
 * - 1-D linear CNN: the weight-shared reduced matrix, plus the dense-equivalent κ and the §5
 *   bounds on the Toeplitz matrices (which bound the dense-equivalent κ only).
 * Does not mutate `config`.
 * @throws Error naming the problem for configurations it cannot compute.
 */
export function evaluate(config: GnConfig, options: EvaluateOptions = {}): EvalResult {
  const staged = evaluateStaged(config, options);
  // The spectrum is what a slider drag waits for; the bounds (and the CNN/BN comparisons) follow.
  options.onSpectrum?.(staged.partial);
  return staged.finish();
}

/** An evaluation stopped after the spectrum: κ and the eigenvalues now, the bounds on demand. */
export interface StagedEvaluation {
  /** the result minus the bounds (`bounds` = {}) and the CNN/batch-norm comparisons */
  partial: EvalResult;
  /** computes the bounds and comparisons (gn-math.md §5–7) and returns the whole result */
  finish(): EvalResult;
}

/**
 * {@link evaluate} in two stages, so a caller can drop the second one: the worker asks the page
 * whether the configuration is still wanted before it spends the bound computations on it (a
 * slider drag supersedes most requests right after their spectrum arrives). `onSpectrum` in
 * `options` is ignored here. `finish` may be called once.
 */
export function evaluateStaged(config: GnConfig, options: EvaluateOptions = {}): StagedEvaluation {
  const t0 = now();
  if (config.prune > 0 && config.model !== 'mlp')
    throw new Error('pruning applies to the weight matrices of an MLP; set prune to 0 for the CNN');
  assertBiasSupported(config);
  const data = options.cache ? options.cache.get(config) : prepareData(config, options.images);
  const warnings = [...data.warnings];
  const spectrum =
    config.model === 'cnn1d'
      ? cnnSpectrum(config, data.sigma)
      : familySpectrum(config, data.X, data.sigma, checkedWeights(config, options.masks));

  const { kept, discarded } = splitSpectrum(spectrum.ascending, config.rtol);
  const rank = kept.length;
  const kappa = rank > 0 ? kept[0]! / kept[rank - 1]! : Infinity;
  if (rank === 0) warnings.push('the GN matrix is zero: rank 0, κ is undefined (∞)');
  const largestDiscarded = discarded.find((v) => v > 0);
  if (
    rank > 0 &&
    largestDiscarded !== undefined &&
    kept[rank - 1]! < RANK_GAP_WARN * largestDiscarded
  ) {
    warnings.push(
      `the rank is uncertain: the smallest kept eigenvalue (${kept[rank - 1]!.toExponential(3)}) is within a factor ${RANK_GAP_WARN} of the largest discarded one (${largestDiscarded.toExponential(3)}); κ depends on the rank cut-off`,
    );
  }
  if (spectrum.rankTheory !== null && spectrum.rankTheory !== rank) {
    warnings.push(
      `numerical rank ${rank} differs from the rank ${spectrum.rankTheory} that gn-math.md §3 predicts for generic weights (ill-conditioning, special weights or the cut-off rtol = ${config.rtol})`,
    );
  }
  const partial: EvalResult = {
    kappa,
    rank,
    size: spectrum.size,
    method: spectrum.method,
    eigenvalues: kept,
    discarded,
    zeroCount: spectrum.params - rank,
    params: spectrum.params,
    rankTheory: spectrum.rankTheory,
    kappaSigma: data.sigma.kappaPlus,
    rankSigma: data.sigma.rank,
    sigmaEigenvalues: Array.from(data.sigma.eigenvalues),
    bounds: {},
    warnings,
    kernel: eigvalsKernelName(),
    ms: now() - t0,
  };
  return {
    partial,
    finish: () => ({
      ...partial,
      bounds: spectrum.bounds(kappa, rank),
      ...(spectrum.extra ? spectrum.extra(config.rtol) : {}),
      ms: now() - t0,
    }),
  };
}

/** Weights as drawn (or given), pruned by magnitude when `prune` > 0, and with skips added. */
export function checkedWeights(config: GnConfig, fixedMasks?: Mask[]): MlpWeights {
  let raw = networkWeights(config);
  raw.forEach((w, l) => {
    if (!isFiniteMat(w)) throw new Error(`weights[${l}] contains NaN or Infinity`);
  });
  let masks: Mask[] | null = null;
  if (config.prune > 0 || fixedMasks) {
    masks = fixedMasks ?? pruneMasks(raw, config.prune);
    raw = applyMasks(raw, masks);
  }
  return { raw, eff: effectiveWeights(config, raw), masks };
}

export interface MlpWeights {
  raw: Mat[];
  eff: Mat[];
  masks: Mask[] | null;
}

/** MLP families: batch norm, (residual) linear, nonlinear. */
function familySpectrum(config: GnConfig, X: Mat, sigma: SigmaInfo, w: MlpWeights): Spectrum {
  if (config.batchNorm) return batchNormSpectrum(config, X, w);
  // (residual) linear with biases, pruned or not: the augmented reduced matrix (gn-math.md §11)
  if (config.bias && config.activation === 'linear') return biasLinearSpectrum(config, X, w);
  return config.activation === 'linear'
    ? linearSpectrum(config, sigma, w)
    : nonlinearSpectrum(config, X, w);
}

/** Deep linear and residual MLPs: M' = Σ_l (P_lP_lᵀ) ⊗ (Fᵀ Q_lᵀ Q_l F) (gn-math.md §2–4). */
function linearSpectrum(
  config: GnConfig,
  sigma: SigmaInfo,
  { raw, eff, masks }: MlpWeights,
): Spectrum {
  // The spectrum needs P_l and R_l = Q_l F only; Q_l itself is built after it, for the bounds.
  const P = leftProducts(eff);
  const terms = reducedTerms(eff, P, sigma.factor);
  if (masks)
    return prunedLinearSpectrum(config, sigma, P, () => rightProducts(eff), terms.R, masks);
  const ascending = reducedSpectrum(sigma, () => reducedMatrix(terms));
  return {
    ascending,
    size: config.k * sigma.rank,
    method: 'reduced-kd',
    params: parameterCount(config),
    rankTheory: rankTheory(sigma.rank, config.k, config.m),
    bounds: (kappa, rank) => {
      const Q = rightProducts(eff);
      return linearBounds({
        config,
        rawWeights: raw,
        effWeights: eff,
        Q,
        terms,
        sigma,
        kappa,
        rank,
        uuEigenvalues: () =>
          uuSpectrum(sigma, ascending, () =>
            gemmKronSum(terms.A.map((a, l) => ({ A: a, B: gemmGram(Q[l]!, 'cols') }))),
          ),
      });
    },
  };
}

/**
 * Pruned (residual) linear nets: M' = Σ_l Σ_i (p_ip_iᵀ) ⊗ C_i (src/core/gn/prune.ts). Only the
 * bounds that do not need each layer's Kronecker product apply (separation, lowerSeparation with
 * the pruned UUᵀ); the others are reported as not applicable, with the reason.
 */
function prunedLinearSpectrum(
  config: GnConfig,
  sigma: SigmaInfo,
  P: Mat[],
  Q: () => Mat[],
  R: Mat[],
  masks: Mask[],
): Spectrum {
  const ascending = reducedSpectrum(sigma, () => prunedReducedMatrix(P, R, masks));
  return {
    ascending,
    size: config.k * sigma.rank,
    method: 'reduced-kd',
    params: keptCount(masks),
    rankTheory: null,
    bounds: (kappa) =>
      prunedLinearBounds({
        config,
        sigma,
        kappa,
        uuEigenvalues: () => uuSpectrum(sigma, ascending, () => prunedReducedMatrix(P, Q(), masks)),
      }),
  };
}

/**
 * Nonlinear MLPs (gn-math.md §2, §6), pruned or not: the smaller of JJᵀ/n (nk × nk) and JᵀJ/n
 * (p × p over the kept weights), assembled from one forward and one backward pass
 * (./structuredGram.ts; for L = 2 JJᵀ/n is the §6 closed form).
 */
function nonlinearSpectrum(config: GnConfig, X: Mat, { eff, masks }: MlpWeights): Spectrum {
  const n = X.rows;
  // biases (gn-math.md §11): never pruned, counted in p, bias columns ∂f/∂bˡ = Δ_l
  const biases = networkBiases(config);
  const params =
    (masks ? keptCount(masks) : parameterCount(config)) + biases.reduce((s, b) => s + b.length, 0);
  const nk = n * config.k <= params;
  const reason = `the bounds of gn-math.md §5 hold for networks linear in x; this network uses ${config.activation}`;
  // Dense JJᵀ/n goes to the kernel row by row (same bits, no N × N copy: gn-math.md §13.1).
  const streamed = nk && !masks;
  const rows = streamed
    ? structuredGramNkRows(eff, X, config.activation, config.alpha, biases)
    : null;
  const matrix = rows
    ? null
    : (nk ? structuredGramNk : structuredGnP)(
        eff,
        X,
        config.activation,
        config.alpha,
        masks,
        biases,
      );
  if (matrix) checkFiniteMat(matrix, 'the GN matrix');
  return {
    ascending: rows ? streamedGramEigenvalues(rows) : eigvalsSym(matrix!.data, matrix!.rows),
    size: rows ? rows.N : matrix!.rows,
    method: nk ? 'gram-nk' : 'gn-p',
    params,
    rankTheory: null,
    bounds: (kappa) => ({
      ...linearBoundsNotApplicable(reason),
      relu: masks
        ? notApplicable(
            'relu',
            'the two-layer bound of gn-math.md §6 assumes dense layers; pruning freezes some weights at 0',
          )
        : config.L === 2
          ? twoLayerBound(eff, X, config, biases, kappa)
          : notApplicable(
              'relu',
              `the two-layer bound of gn-math.md §6 needs L = 2; here L = ${config.L}`,
            ),
    }),
  };
}

/** The smaller of JJᵀ/n and JᵀJ/n of an explicit Jacobian, diagonalised. */
function gramSpectrum(
  J: Mat,
  n: number,
): { ascending: Float64Array; size: number; method: SpectrumMethod } {
  const { matrix, nk } = batchNormGram(J, n);
  checkFiniteMat(matrix, 'the GN matrix');
  return {
    ascending: eigvalsSym(matrix.data, matrix.rows),
    size: matrix.rows,
    method: nk ? 'gram-nk' : 'gn-p',
  };
}

/** The 1-D linear CNN (gn-math.md §7): weight-shared GN, and the dense-equivalent one beside it. */
function cnnSpectrum(config: GnConfig, sigma: SigmaInfo): Spectrum {
  const weights = cnnWeights(config);
  const layers = cnnDenseLayers(weights, config.d);
  layers.forEach((w, l) => {
    if (!isFiniteMat(w)) throw new Error(`weights[${l}] contains NaN or Infinity`);
  });
  const ascending = reducedSpectrum(
    sigma,
    () => cnnSharedMatrix(layers, weights.kernels, sigma.factor, config.k).M,
  );
  // Dense-equivalent: a deep linear net whose weights are the Toeplitz matrices (§3 verbatim).
  const denseConfig: GnConfig = {
    ...config,
    model: 'mlp',
    L: layers.length,
    m: layers.slice(0, -1).map((w) => w.rows),
    beta: 0,
  };
  const dense = linearSpectrum(denseConfig, sigma, { raw: layers, eff: layers, masks: null });
  const denseReason =
    'no bound is proved for the weight-shared CNN: the §5 bounds on the Toeplitz matrices bound only the dense-equivalent κ (see boundsDenseEquivalent)';
  return {
    ascending,
    size: config.k * sigma.rank,
    method: 'reduced-kd',
    params: cnnParameterCount(config),
    rankTheory: null,
    bounds: () => linearBoundsNotApplicable(denseReason),
    extra: (rtol) => {
      const { kept } = splitSpectrum(dense.ascending, rtol);
      const kappaDense = kept.length > 0 ? kept[0]! / kept[kept.length - 1]! : Infinity;
      return {
        kappaDenseEquivalent: kappaDense,
        boundsDenseEquivalent: dense.bounds(kappaDense, kept.length),
      };
    },
  };
}

/**
 * Batch norm after every hidden activation (gn-math.md §8). Linear nets (L ≥ 2, no pruning): the
 * exact k(r+1) reduced matrix (`reduced-bn`, src/core/gn/batchnormReduced.ts, r = rank of the
 * centred covariance); otherwise the analytic full-batch Jacobian (γ, β included) and the
 * smaller of JJᵀ/n and JᵀJ/n. No bound applies (the paper's BN results are empirical); κ of the
 * same network without BN is reported beside it.
 */
function batchNormSpectrum(config: GnConfig, X: Mat, w: MlpWeights): Spectrum {
  const { eff, masks } = w;
  const reason =
    'batch normalisation couples the samples; gn-math.md §8 proves no bound (the paper shows its effect empirically)';
  const common: Pick<Spectrum, 'bounds' | 'extra'> = {
    bounds: () => ({
      ...linearBoundsNotApplicable(reason),
      ...(config.activation !== 'linear' ? { relu: notApplicable('relu', reason) } : {}),
    }),
    extra: (rtol) => {
      // the same family without batch norm (biases included: gn-math.md §11)
      const plain = familySpectrum({ ...config, batchNorm: false }, X, sigmaOf(X), w);
      const { kept } = splitSpectrum(plain.ascending, rtol);
      return {
        kappaWithoutBatchNorm: kept.length > 0 ? kept[0]! / kept[kept.length - 1]! : Infinity,
      };
    },
  };
  // biases (gn-math.md §11): hidden ones are null after a linear layer, the readout's adds I_k ⊗ eeᵀ
  const biases = networkBiases(config);
  if (config.activation === 'linear' && !masks && config.L >= 2) {
    const { M, r } = reducedBatchNormMatrix(eff, X, undefined, undefined, config.bias);
    checkFiniteMat(M, 'the reduced GN matrix');
    return {
      ascending: eigvalsSym(M.data, M.rows),
      size: M.rows,
      method: 'reduced-bn',
      params:
        parameterCount(config) +
        batchNormParameterCount(config.m) +
        biases.reduce((s, b) => s + b.length, 0),
      rankTheory: batchNormRankTheory(r, config.k, config.m, config.bias),
      ...common,
    };
  }
  const full = batchNormJacobian(
    eff,
    X,
    config.activation,
    config.alpha,
    undefined,
    undefined,
    undefined,
    biases,
  );
  const J = masks ? keepColumns(full, masks) : full;
  return {
    ...gramSpectrum(J, X.rows),
    params: J.cols,
    rankTheory: null,
    ...common,
  };
}

/** Eigenvalues (ascending) of the reduced matrix built by `build`; none when Σ = 0. */
function reducedSpectrum(sigma: SigmaInfo, build: () => Mat): Float64Array {
  if (sigma.rank === 0) return new Float64Array(0);
  const M = build();
  checkFiniteMat(M, 'the reduced GN matrix');
  return eigvalsSym(M.data, M.rows);
}

/**
 * Eigenvalues (ascending) of UUᵀ = Σ_l P_lP_lᵀ ⊗ Q_lᵀQ_l (kd × kd, gn-math.md §3, or its pruned
 * form). When Σ = λI exactly (full rank, κ⁺(Σ) = 1 to 1e-12) M' is λ·UUᵀ up to an orthogonal
 * similarity, so M's spectrum is reused instead of a second diagonalisation.
 */
function uuSpectrum(sigma: SigmaInfo, spectrumOfM: Float64Array, buildUU: () => Mat): Float64Array {
  const d = sigma.eigenvalues.length;
  if (sigma.rank === d && sigma.kappaPlus - 1 < 1e-12) {
    const lam = sigma.eigenvalues[0]!;
    return spectrumOfM.map((v) => v / lam);
  }
  const U = buildUU();
  return eigvalsSym(U.data, U.rows);
}

/**
 * Which families compute with biases (gn-math.md §11). A configuration with biases that a
 * family does not handle is refused by name, never computed as if the biases were absent.
 */
function assertBiasSupported(config: GnConfig): void {
  if (!config.bias) return;
  // (residual) linear MLPs, pruned too: src/core/gn/biasLinear.ts
  if (config.model === 'mlp' && config.activation === 'linear' && !config.batchNorm) return;
  // non-linear MLPs (pruned too) and batch-norm nets compute their bias columns
  if (config.model === 'mlp' && (config.batchNorm || config.activation !== 'linear')) return;
  throw new Error(
    'biases (bias = true) are not computed for this network yet (docs/gn-math.md §11): set bias to false',
  );
}
