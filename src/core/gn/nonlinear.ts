/**
 * Nonlinear MLPs (gn-math.md §2, §6): the explicit Jacobian for small networks, and the pieces
 * of the §6 two-layer closed form that its bound needs. The GN matrices themselves are
 * assembled by ./structuredGram.ts (JJᵀ/n or JᵀJ/n from one forward and one backward pass as
 * matrix products; for L = 2 its JJᵀ/n is exactly the §6 closed form). Network and conventions
 * as in ./jacobian.ts.
 */
import { gemm, gemmGram, view } from '../linalg/gemm';
import { zeros, type Mat } from '../linalg/matrix';
import type { Activation, BoundResult, GnConfig } from '../types';
import { reluBound, reluBoundFromShapes } from './bounds';
import { activate, activateDerivative } from './jacobian';
import { jacobianFrom, propagate, withBias, withOnes } from './structuredGram';

/**
 * The explicit Jacobian J ((n·k) × p): rows sample-major (row q·k + c = output c of sample q),
 * columns layer by layer, each Wˡ flattened row-major (gn-math.md §1), then (with `biases`)
 * b¹ … bᴸ (∂f/∂bˡ = Δ_l, §11), from one forward and one backward pass
 * (J[(q,c), (l,i,j)] = Δ_l[(q,c), i]·H_l[q, j]). O(n·k·p) memory: for small networks; spectra
 * use ./structuredGram.ts, which never forms J.
 */
export function explicitJacobian(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
  biases?: readonly Float64Array[] | null,
): Mat {
  return jacobianFrom(propagate(weights, X, activation, alpha, biases));
}

/** The pieces of gn-math.md §6 for f(x) = W σ(Vx), with V = W̃¹ (m × d), W = W̃² (k × m). */
export interface TwoLayerParts {
  /** ΦᵀΦ (n × n), Φ = σ(V X_c) */
  phiGram: Mat;
  /** X_cᵀX_c = XXᵀ (n × n) */
  dataGram: Mat;
  /** WWᵀ (k × k) */
  outGram: Mat;
  /** σ'(v_iᵀx_q) as an m × n matrix: the diagonals of the D_i (entries 1 or +α) */
  slope: Mat;
  /** hidden units whose output is 0 on every sample (ReLU "dead" units) */
  deadUnits: number;
}

/** Φ, the D_i patterns and the three n×n / k×k Grams of §6. O(m·n·d + n²·(m + d)). */
export function twoLayerParts(
  V: Mat,
  W: Mat,
  X: Mat,
  activation: Activation,
  alpha: number,
): TwoLayerParts {
  const n = X.rows;
  const m = V.rows;
  const phiT = zeros(n, m); // Φᵀ = (V X_c)ᵀ, then σ applied
  gemm(n, m, X.cols, view(X), view(V), view(phiT), { transB: true });
  const slope = zeros(m, n);
  const alive = new Uint8Array(m);
  for (let q = 0; q < n; q++)
    for (let i = 0; i < m; i++) {
      const z = phiT.data[q * m + i]!;
      const h = activate(z, activation, alpha);
      phiT.data[q * m + i] = h;
      slope.data[i * n + q] = activateDerivative(z, activation, alpha);
      if (h !== 0) alive[i] = 1;
    }
  let deadUnits = 0;
  for (let i = 0; i < m; i++) if (!alive[i]) deadUnits++;
  return {
    phiGram: gemmGram(phiT, 'rows'),
    dataGram: gemmGram(X, 'rows'),
    outGram: gemmGram(W, 'rows'),
    slope,
    deadUnits,
  };
}

/**
 * The §6 pieces with biases, f(x) = W σ(V x + b¹) + b² (gn-math.md §6, §11). Derivation: with
 * x̃ = [x; 1] and Ṽ = [V, b¹], V x + b¹ = Ṽ x̃, and Ṽ enters exactly as V does for the input x̃,
 * so the (Ṽ, W) part of n·K is the §6 form on X̃ = [X, 𝟙]: X_cᵀX_c → X̃X̃ᵀ = XXᵀ + 𝟙𝟙ᵀ, and Φ,
 * D_i are taken at the biased pre-activations. The readout bias has ∂f_c(x_q)/∂b² = e_c for
 * every q, which adds (𝟙𝟙ᵀ) ⊗ I_k: ΦᵀΦ → Φ̃ᵀΦ̃ = ΦᵀΦ + 𝟙𝟙ᵀ (Φ̃ = [Φ; 𝟙ᵀ], the readout's
 * augmented input). So n·K = (Φ̃ᵀΦ̃) ⊗ I_k + Σ_i (D_i X̃X̃ᵀ D_i) ⊗ (w_iw_iᵀ).
 */
export function twoLayerPartsWithBiases(
  V: Mat,
  W: Mat,
  X: Mat,
  activation: Activation,
  alpha: number,
  b1: Float64Array,
): TwoLayerParts {
  const parts = twoLayerParts(withBias(V, b1), W, withOnes(X), activation, alpha);
  const g = parts.phiGram.data;
  for (let t = 0; t < g.length; t++) g[t] = g[t]! + 1;
  return parts;
}

/**
 * The two-layer bound with biases (an extension of the paper's §6 bound, `proved: false`):
 *
 *     κ ≤ [λ_max(X̃X̃ᵀ) λ_max(WWᵀ) + λ_max(Φ̃ᵀΦ̃)] / [α² λ_min(X̃X̃ᵀ) λ_min(WWᵀ) + λ_min(Φ̃ᵀΦ̃)]
 *
 * Proof: n·K = A ⊗ I_k + T with A = Φ̃ᵀΦ̃ and T = Σ_i (D_iGD_i) ⊗ w_iw_iᵀ, G = X̃X̃ᵀ (see
 * {@link twoLayerPartsWithBiases}). Weyl: λ_max(nK) ≤ λ_max(A) + λ_max(T), λ_min(nK) ≥ λ_min(A) +
 * λ_min(T). For U (n × k), uᵀTu = Σ_i (Uw_i)ᵀ D_iGD_i (Uw_i) lies between
 * α²λ_min(G) Σ_i|Uw_i|² and λ_max(G) Σ_i|Uw_i|² (the D_i have entries in [α, 1]), and
 * Σ_i|Uw_i|² = ‖UW‖²_F lies between λ_min(WWᵀ)‖U‖² and λ_max(WWᵀ)‖U‖². Nothing uses what G and
 * A are beyond being PSD, so the paper's argument holds verbatim with X̃ and Φ̃ (W stays the
 * readout's weight matrix, without b²). X̃X̃ᵀ is non-singular only for n ≤ d + 1.
 */
export function reluBoundWithBiases(
  parts: TwoLayerParts,
  slope: number,
  kappa: number,
  shape: { n: number; d: number; m: number; k: number },
): BoundResult {
  return withBiasNote(reluBound(parts, slope, kappa, { ...shape, d: shape.d + 1 }));
}

/** The bias extension's label: not proved in the paper, and its reason says it is the extension. */
function withBiasNote(b: BoundResult): BoundResult {
  const note =
    'with biases: the extension of gn-math.md §6 to X̃ = [X, 1] (so d + 1 columns) and Φ̃ᵀΦ̃ = ΦᵀΦ + 11ᵀ';
  return { ...b, proved: false, ...(b.reason ? { reason: `${b.reason} (${note})` } : {}) };
}

/**
 * The two-layer bound of a dense L = 2 net (gn-math.md §6) at the effective weights; with biases
 * (a non-empty `biases`) its extension {@link reluBoundWithBiases}.
 */
export function twoLayerBound(
  eff: readonly Mat[],
  X: Mat,
  config: Pick<GnConfig, 'activation' | 'alpha' | 'd' | 'm' | 'k'>,
  biases: readonly Float64Array[],
  kappa: number,
): BoundResult {
  const { activation, alpha } = config;
  const slope = activation === 'relu' ? 0 : alpha;
  const shape = { n: X.rows, d: config.d, m: config.m[0]!, k: config.k };
  const [V, W] = [eff[0]!, eff[1]!];
  // Ranks first: when the shapes make the denominator 0 the n×n spectra are not needed.
  const bias = biases.length > 0;
  const early = reluBoundFromShapes(
    slope,
    { ...shape, d: shape.d + (bias ? 1 : 0) },
    shape.m + (bias ? 1 : 0),
  );
  if (early) return bias ? withBiasNote(early) : early;
  if (!bias) return reluBound(twoLayerParts(V, W, X, activation, alpha), slope, kappa, shape);
  const parts = twoLayerPartsWithBiases(V, W, X, activation, alpha, biases[0]!);
  return reluBoundWithBiases(parts, slope, kappa, shape);
}
