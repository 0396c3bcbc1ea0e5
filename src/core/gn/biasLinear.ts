/**
 * Deep linear and residual linear networks with biases hˡ = W̃ˡhˡ⁻¹ + bˡ (gn-math.md §11, an
 * extension of §3–4). The net is affine in x: f(x) = B(θ)x̃, x̃ = [x; 1]. Written with the
 * augmented layers Ŵˡ = [[W̃ˡ, bˡ], [0, 1]] ((m_l+1) × (m_{l−1}+1)) it is a linear net on x̃ whose
 * last coordinate is carried through unchanged, so
 *
 *   Q̂_l = Ŵ^{l−1:1} = [[Q_l, c_l], [0, 1]],   Q̂_lᵀQ̂_l = Q̃_lᵀQ̃_l + eeᵀ,   Q̃_l = [Q_l, c_l],
 *
 * and ZZᵀ = Σ_l P_lP_lᵀ ⊗ Q̂_lᵀQ̂_l (the eeᵀ term is ∂f/∂bˡ = P_l). With a factor F̃ of
 * Σ̃ = X̃ᵀX̃/n ((d+1) × s̃) the reduced matrix is §3's M' on the augmented data,
 * M' = Σ_l A_l ⊗ R̂_lᵀR̂_l with R̂_1 = F̃, R̂_{l+1} = ŴˡR̂_l (side k·s̃), so the machinery of
 * ./linear.ts runs unchanged on (Ŵ, F̃); P_l = W^{L:l+1} is that of the net without biases.
 */
import { eigvalsSym } from '../linalg/eigSym';
import { isFiniteMat, zeros, type Mat } from '../linalg/matrix';
import { sigmaInfo, type SigmaInfo } from '../data/synthetic';
import type { BoundId, BoundResult, GnConfig } from '../types';
import { biasLinearBounds, biasPrunedBounds } from './biasLinearBounds';
import { networkBiases } from './init';
import { leftProducts, reducedMatrix, reducedTerms, rightProducts } from './linear';
import { keptCount, prunedReducedMatrix, type Mask } from './prune';

/** Ŵˡ = [[W̃ˡ, bˡ], [0, 1]] for every layer (gn-math.md §11); W̃ˡ the effective weights (§4). */
export function augmentedWeights(eff: readonly Mat[], biases: readonly Float64Array[]): Mat[] {
  return eff.map((w, l) => {
    const cols = w.cols + 1;
    const out = zeros(w.rows + 1, cols);
    const b = biases[l]!;
    for (let i = 0; i < w.rows; i++) {
      for (let j = 0; j < w.cols; j++) out.data[i * cols + j] = w.data[i * w.cols + j]!;
      out.data[i * cols + w.cols] = b[i]!;
    }
    out.data[w.rows * cols + w.cols] = 1;
    return out;
  });
}

/** X̃ = [X, 1] (n × (d+1)), the uncentred augmented data of gn-math.md §11. */
export function augmentedData(X: Mat): Mat {
  const d = X.cols;
  const out = zeros(X.rows, d + 1);
  for (let q = 0; q < X.rows; q++) {
    for (let j = 0; j < d; j++) out.data[q * (d + 1) + j] = X.data[q * d + j]!;
    out.data[q * (d + 1) + d] = 1;
  }
  return out;
}

/**
 * The rank of G with biases for generic weights (gn-math.md §11, extension; derived here):
 *
 *   rank G = q·s̃ + (k − q)·min(s̃, q + 1),   q = min(k, d, m_1, …, m_{L−1}),   s̃ = rank Σ̃.
 *
 * Derivation. The tangent space of θ ↦ B(θ) = [W̃^{L:1}, c] (k × (d+1)) at generic weights is
 * T = {UX + YV̂ᵀ}: W̃^{L:1} = UVᵀ has rank q (U k×q, V d×q), the weight directions give
 * UX (any X, q × (d+1)) + Y[V; 0]ᵀ, and the bias directions Σ_l P_l dbˡ eᵀ give every v eᵀ
 * (P_L = I_k), so V̂ = [[V, 0], [0, 1]] ((d+1) × (q+1)). G sees T through dB ↦ dB F̃, whose
 * image {UX′ + Y V′ᵀ} (X′ any q × s̃, V′ = F̃ᵀV̂ of generic rank min(s̃, q+1)) has dimension
 * q·s̃ + k·r′ − q·r′, r′ = min(s̃, q + 1). Without a bottleneck (q = min(k, d)) this is k·s̃
 * (k(d+1) for generic data with n ≥ d+1); with a bottleneck it replaces §3's q(s + k − q).
 */
export function biasRankTheory(
  sAug: number,
  k: number,
  d: number,
  widths: readonly number[],
): number {
  const q = Math.min(k, d, ...widths);
  return q * sAug + (k - q) * Math.min(sAug, q + 1);
}

/** The per-layer masks of the augmented layers: a bias is never pruned (gn-math.md §14, §11). */
export function augmentedMasks(masks: readonly Mask[], eff: readonly Mat[]): Mask[] {
  return masks.map((m, l) => {
    const { rows, cols } = eff[l]!;
    const out = new Uint8Array(rows * (cols + 1));
    for (let i = 0; i < rows; i++) {
      out.set(m.subarray(i * cols, (i + 1) * cols), i * (cols + 1));
      out[i * (cols + 1) + cols] = 1;
    }
    return out;
  });
}

/** What evaluate.ts needs of a family (the shape of its internal `Spectrum`). */
export interface BiasSpectrum {
  ascending: Float64Array;
  size: number;
  method: 'reduced-kd';
  params: number;
  rankTheory: number | null;
  bounds: (kappa: number, rank: number) => Partial<Record<BoundId, BoundResult>>;
  extra: () => { kappaSigmaAugmented: number };
}

function spectrumOf(M: Mat): Float64Array {
  if (!isFiniteMat(M))
    throw new Error(
      'the reduced GN matrix overflowed float64 (entries are not finite): the weights, biases or data are too large for this depth',
    );
  return eigvalsSym(M.data, M.rows);
}

/**
 * Deep linear and residual MLPs with biases, pruned or not (gn-math.md §11, §14): the reduced
 * matrix of side k·rank(Σ̃) (`reduced-kd`) and the §5 bounds carried over (./biasLinearBounds.ts).
 * Pruned nets: §14's M' = Σ_l Σ_i (p_ip_iᵀ) ⊗ C_i on the augmented rows, where each C_i gains the
 * bias term ẽẽᵀ (ẽ = F̃ᵀe); exact, rankTheory null as in §14.
 */
export function biasLinearSpectrum(
  config: GnConfig,
  X: Mat,
  w: { raw: Mat[]; eff: Mat[]; masks: Mask[] | null },
): BiasSpectrum {
  const biases = networkBiases(config);
  biases.forEach((b, l) => {
    if (!b.every(Number.isFinite)) throw new Error(`biases[${l}] contains NaN or Infinity`);
  });
  const hat = augmentedWeights(w.eff, biases);
  const sigmaAug: SigmaInfo = sigmaInfo(augmentedData(X));
  const P = leftProducts(w.eff);
  const terms = reducedTerms(hat, P, sigmaAug.factor);
  const biasCount = biases.reduce((s, b) => s + b.length, 0);
  const size = config.k * sigmaAug.rank;
  const extra = (): { kappaSigmaAugmented: number } => ({
    kappaSigmaAugmented: sigmaAug.kappaPlus,
  });
  if (w.masks) {
    const masks = augmentedMasks(w.masks, w.eff);
    const ascending = spectrumOf(prunedReducedMatrix(P, terms.R, masks));
    return {
      ascending,
      size,
      method: 'reduced-kd',
      params: keptCount(w.masks) + biasCount,
      rankTheory: null,
      bounds: (kappa) =>
        biasPrunedBounds({
          config,
          sigmaAug,
          kappa,
          uuEigenvalues: () => spectrumOf(prunedReducedMatrix(P, rightProducts(hat), masks)),
        }),
      extra,
    };
  }
  const ascending = spectrumOf(reducedMatrix(terms));
  const weightCount = w.eff.reduce((s, m) => s + m.rows * m.cols, 0);
  return {
    ascending,
    size,
    method: 'reduced-kd',
    params: weightCount + biasCount,
    rankTheory: biasRankTheory(sigmaAug.rank, config.k, config.d, config.m),
    bounds: (kappa, rank) =>
      biasLinearBounds({
        config,
        rawWeights: w.raw,
        effWeights: w.eff,
        biases,
        hatWeights: hat,
        Qhat: rightProducts(hat),
        terms,
        sigmaAug,
        kappa,
        rank,
      }),
    extra,
  };
}
