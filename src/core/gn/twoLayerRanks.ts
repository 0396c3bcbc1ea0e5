/**
 * Which Gram matrices of the two-layer bound (gn-math.md §6) are singular from the shapes alone.
 * Import-free on purpose: the size guard (src/core/cost.ts) runs on the page's main thread and
 * uses it to know whether the bound will need its two n×n spectra, without pulling in kernels.
 */

/** The sizes the §6 bound sees: n samples, d inputs (d + 1 with biases), m hidden units, k outputs. */
export type TwoLayerShape = { n: number; d: number; m: number; k: number };

/**
 * The singular Grams when the shapes force the §6 denominator α²λmin(X_cX_cᵀ)λmin(WWᵀ) + λmin(ΦᵀΦ)
 * to be 0, else null. Ranks: X_cX_cᵀ (n×n) ≤ d, ΦᵀΦ (n×n) ≤ `phiRank` (m, or m + 1 with biases),
 * WWᵀ (k×k) ≤ m. So with n > phiRank the ΦᵀΦ term is singular, and with α = 0, n > d or m < k
 * so is the other, whatever the weights.
 */
export function twoLayerSingularByRank(
  slope: number,
  shape: TwoLayerShape,
  phiRank: number,
): { x: boolean; w: boolean; p: boolean } | null {
  const p = phiRank < shape.n;
  const x = shape.d < shape.n;
  const w = shape.m < shape.k;
  return p && (slope === 0 || x || w) ? { x, w, p } : null;
}
