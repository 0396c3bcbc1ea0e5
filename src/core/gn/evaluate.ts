/**
 * One evaluation: data → weights → the smallest faithful GN matrix → its spectrum, rank, κ and
 * every bound (gn-math.md §2–5). Pure and synchronous; runs in a worker, in the CLI and in tests.
 */
import { eigvalsKernelName, eigvalsSym } from '../linalg/eigSym';
import { gramCols, isFiniteMat, kronSum, type Mat } from '../linalg/matrix';
import { prepareData, type DataCache, type SigmaInfo } from '../data/synthetic';
import type { BoundId, BoundResult, EvalResult, GnConfig, SpectrumMethod } from '../types';
import { linearBounds, linearBoundsNotApplicable, notApplicable, reluBound } from './bounds';
import { effectiveWeights, networkWeights } from './init';
import {
  factoredGramNk,
  gnFromSamples,
  twoLayerGram,
  twoLayerParts,
  type TwoLayerParts,
} from './nonlinear';
import { partialProducts, rankTheory, reducedMatrix, reducedTerms } from './linear';

/** An eigenvalue within this factor of the cut-off on either side makes the rank uncertain. */
const RANK_GAP_WARN = 100;

/** Number of trainable parameters p = Σ_l m_l·m_{l−1}. */
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
}

/**
 * Evaluates one configuration (gn-math.md §2–5).
 * - linear activation (deep linear / residual): the reduced matrix M' of side k·rank(Σ);
 * - otherwise: the explicit Jacobian and the smaller of JJᵀ/n and JᵀJ/n.
 * Does not mutate `config`.
 * @throws Error naming the problem for configurations it cannot compute (unsupported model,
 *   non-finite data or weights).
 */
export function evaluate(config: GnConfig, options: EvaluateOptions = {}): EvalResult {
  const t0 = now();
  if (config.model !== 'mlp')
    throw new Error(`model "${config.model}" is not available in this version; use "mlp"`);
  if (config.batchNorm)
    throw new Error('batch normalisation is not available in this version; set batchNorm to false');
  if (config.prune > 0) throw new Error('pruning is not available in this version; set prune to 0');
  const data = options.cache ? options.cache.get(config) : prepareData(config);
  const { X, sigma } = data;
  const warnings = [...data.warnings];
  const rawWeights = networkWeights(config);
  rawWeights.forEach((w, l) => {
    if (!isFiniteMat(w)) throw new Error(`weights[${l}] contains NaN or Infinity`);
  });
  const effWeights = effectiveWeights(config, rawWeights);
  const params = parameterCount(config);

  let ascending: Float64Array;
  let size: number;
  let method: SpectrumMethod;
  let theory: number | null = null;
  let finishBounds: (kappa: number, rank: number) => Partial<Record<BoundId, BoundResult>>;

  if (config.activation === 'linear') {
    const { P, Q } = partialProducts(effWeights);
    const terms = reducedTerms(effWeights, P, sigma.factor);
    size = config.k * sigma.rank;
    method = 'reduced-kd';
    if (sigma.rank === 0) ascending = new Float64Array(0);
    else {
      const M = reducedMatrix(terms);
      checkFinite(M, 'the reduced GN matrix');
      ascending = eigvalsSym(M.data, M.rows);
    }
    theory = rankTheory(sigma.rank, config.k, config.m);
    const spectrumOfM = ascending;
    finishBounds = (kappa, rank) =>
      linearBounds({
        config,
        rawWeights,
        effWeights,
        Q,
        terms,
        sigma,
        kappa,
        rank,
        uuEigenvalues: () => uuSpectrum(terms.A, Q, sigma, spectrumOfM),
      });
  } else {
    // Nonlinear MLP (gn-math.md §6): the smaller of JJᵀ/n (nk × nk) and JᵀJ/n (p × p).
    const n = X.rows;
    const slope = config.activation === 'relu' ? 0 : config.alpha;
    let parts: TwoLayerParts | null = null;
    let matrix: Mat;
    if (n * config.k <= params) {
      method = 'gram-nk';
      if (config.L === 2) {
        parts = twoLayerParts(effWeights[0]!, effWeights[1]!, X, config.activation, config.alpha);
        matrix = twoLayerGram(parts, effWeights[1]!);
      } else matrix = factoredGramNk(effWeights, X, config.activation, config.alpha);
    } else {
      method = 'gn-p';
      matrix = gnFromSamples(effWeights, X, config.activation, config.alpha);
    }
    checkFinite(matrix, 'the GN matrix');
    ascending = eigvalsSym(matrix.data, matrix.rows);
    size = matrix.rows;
    const twoLayer =
      config.L === 2
        ? (parts ??
          twoLayerParts(effWeights[0]!, effWeights[1]!, X, config.activation, config.alpha))
        : null;
    finishBounds = (kappa) => ({
      ...linearBoundsNotApplicable(
        `the bounds of gn-math.md §5 hold for networks linear in x; this network uses ${config.activation}`,
      ),
      relu: twoLayer
        ? reluBound(twoLayer, slope, kappa, { n, d: config.d, m: config.m[0]!, k: config.k })
        : notApplicable(
            'relu',
            `the two-layer bound of gn-math.md §6 needs L = 2; here L = ${config.L}`,
          ),
    });
  }

  const { kept, discarded } = splitSpectrum(ascending, config.rtol);
  const rank = kept.length;
  const kappa = rank > 0 ? kept[0]! / kept[rank - 1]! : Infinity;
  if (rank === 0) warnings.push('the GN matrix is zero: rank 0, κ is undefined (∞)');
  const largestDiscarded = discarded.find((v) => v > 0);
  if (
    rank > 0 &&
    largestDiscarded !== undefined &&
    kept[rank - 1]! < RANK_GAP_WARN * largestDiscarded &&
    largestDiscarded > 0
  ) {
    const cut = config.rtol * kept[0]!;
    if (largestDiscarded > cut / RANK_GAP_WARN || kept[rank - 1]! < cut * RANK_GAP_WARN) {
      warnings.push(
        `the rank is uncertain: the smallest kept eigenvalue (${kept[rank - 1]!.toExponential(3)}) is within a factor ${RANK_GAP_WARN} of the largest discarded one (${largestDiscarded.toExponential(3)}); κ depends on the rank cut-off`,
      );
    }
  }
  if (theory !== null && theory !== rank) {
    warnings.push(
      `numerical rank ${rank} differs from the rank ${theory} that gn-math.md §3 predicts for generic weights (ill-conditioning, special weights or the cut-off rtol = ${config.rtol})`,
    );
  }
  const bounds = finishBounds(kappa, rank);
  return {
    kappa,
    rank,
    size,
    method,
    eigenvalues: kept,
    discarded,
    zeroCount: params - rank,
    params,
    rankTheory: theory,
    kappaSigma: sigma.kappaPlus,
    rankSigma: sigma.rank,
    sigmaEigenvalues: Array.from(sigma.eigenvalues),
    bounds,
    warnings,
    kernel: eigvalsKernelName(),
    ms: now() - t0,
  };
}

/**
 * Eigenvalues (ascending) of UUᵀ = Σ_l P_lP_lᵀ ⊗ Q_lᵀQ_l (kd × kd, gn-math.md §3). When Σ = λI
 * exactly (full rank, κ⁺(Σ) = 1 to 1e-12) M' is λ·UUᵀ up to an orthogonal similarity, so M's
 * spectrum is reused instead of a second diagonalisation.
 */
function uuSpectrum(
  A: readonly Mat[],
  Q: readonly Mat[],
  sigma: SigmaInfo,
  spectrumOfM: Float64Array,
): Float64Array {
  const d = sigma.eigenvalues.length;
  if (sigma.rank === d && sigma.kappaPlus - 1 < 1e-12) {
    const lam = sigma.eigenvalues[0]!;
    return spectrumOfM.map((v) => v / lam);
  }
  const U = kronSum(A.map((a, l) => ({ A: a, B: gramCols(Q[l]!) })));
  return eigvalsSym(U.data, U.rows);
}

function checkFinite(m: Mat, what: string): void {
  if (!isFiniteMat(m))
    throw new Error(
      `${what} overflowed float64 (entries are not finite): the weights or data are too large for this depth`,
    );
}

function now(): number {
  // performance exists in browsers, workers and Node ≥ 16; the ES2022 lib of the core does not declare it.
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}
