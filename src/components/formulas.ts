/**
 * TeX of every formula the page renders (gn-math.md §1, §5, §6). These constants are the ONLY
 * strings given to KaTeX's HTML output: {@link Formula} takes a key of this table, never text.
 */
import type { BoundId } from '../core/types';

export const FORMULAS = {
  kappa: String.raw`\kappa(G)=\dfrac{\lambda_{\max}(G)}{\lambda^{+}_{\min}(G)},\quad G=\tfrac1n J^\top J`,
  separation: String.raw`\kappa^{+}(\Sigma)\,\kappa(UU^\top)`,
  convex: String.raw`\kappa^{+}(\Sigma)\,\dfrac{\sum_l \sigma_1^2(P_l)\,\sigma_1^2(Q_l)}{\sum_l \sigma_k^2(P_l)\,\sigma_d^2(Q_l)}`,
  max: String.raw`\kappa^{+}(\Sigma)\,\max_l \kappa^2(P_l)\,\kappa^2(Q_l)`,
  layerwise: String.raw`\kappa^{+}(\Sigma)\,\dfrac{\sum_l \prod_{i\neq l} s_i^2}{\sum_l \prod_{i\neq l} t_i^2}`,
  residualWeyl: String.raw`\text{B3 with }\kappa(W^l+\beta E_l)\le\dfrac{\beta+\sigma_1(W^l)}{\beta-\sigma_1(W^l)}`,
  relu: String.raw`\dfrac{\lambda_{\max}(X_c^\top X_c)\,\lambda_{\max}(WW^\top)+\lambda_{\max}(\Phi^\top\Phi)}{\alpha^2\lambda_{\min}(X_c^\top X_c)\,\lambda_{\min}(WW^\top)+\lambda_{\min}(\Phi^\top\Phi)}`,
  lowerSeparation: String.raw`\max\!\left(\dfrac{\kappa(UU^\top)}{\kappa(\Sigma)},\,\dfrac{\kappa(\Sigma)}{\kappa(UU^\top)}\right)`,
  lowerTrace: String.raw`\dfrac{\operatorname{rank}(M)\,\max_l \lambda_{\max}(P_lP_l^\top)\,\lambda_{\max}(\Sigma^{1/2}Q_l^\top Q_l\Sigma^{1/2})}{\sum_l \operatorname{tr}(P_lP_l^\top)\,\operatorname{tr}(\Sigma Q_l^\top Q_l)}`,
} as const satisfies Record<'kappa' | BoundId, string>;

export type FormulaId = keyof typeof FORMULAS;

/** Where each bound comes from (gn-math.md §5–6), for the table's tooltip and the reader. */
export const BOUND_NOTES: Readonly<Record<BoundId, string>> = {
  separation: 'First step of the paper’s argument; equality when Σ ∝ I. Needs UUᵀ ≻ 0.',
  convex: 'The paper’s tight convex-combination bound. Needs Σ_l b_l² > 0.',
  max: 'The paper’s loose bound; can be orders of magnitude above κ. Needs every b_l > 0.',
  layerwise: 'Per-layer form of the paper’s Eq. 69; equal hidden widths m ≥ max(d, k).',
  residualWeyl: 'B3 with Weyl’s bound on each skipped layer; needs β > σ₁(Wˡ).',
  relu: 'The paper’s two-layer (leaky-)ReLU bound, f(x) = W σ(Vx): X_c = Xᵀ (d × n), Φ = σ(V X_c) (m × n). Applies when the denominator is positive (n ≤ d and α > 0, or m ≥ n with no dead units).',
  lowerSeparation: 'Lower bound from the separation argument; needs Σ ≻ 0 and UUᵀ ≻ 0.',
  lowerTrace: 'Weak lower bound from traces; always applies to linear networks.',
};
