/**
 * Deep linear and residual linear networks: the reduced GN matrix of gn-math.md §2–4 and the
 * partial products P_l, Q_l every bound of §5 is built from.
 */
// The products go through the blocked (wasm SIMD) kernel: the same digits as matrix.ts matmul,
// gramRows, gramCols and kronSum while the summed dimension is at most GEMM_KC (linalg/gemm.ts).
import { gemmGram, gemmKronSum, gemmProduct as product } from '../linalg/gemm';
import { identity, type Mat } from '../linalg/matrix';

/**
 * P_l = W^{L:l+1} (k × m_l) for l = 1…L (gn-math.md §1), from the effective weights (residual
 * skips already added, §4). Index 0 holds layer 1; P_L = I_k. O(Σ_l k·m_l·m_{l−1}).
 */
export function leftProducts(weights: readonly Mat[]): Mat[] {
  const L = weights.length;
  const P: Mat[] = new Array<Mat>(L);
  P[L - 1] = identity(weights[L - 1]!.rows);
  // P_{L−1} = Wᴸ (no product with the identity), then P_{l−1} = P_l W̃ˡ.
  for (let l = L - 2; l >= 0; l--)
    P[l] = l === L - 2 ? weights[L - 1]! : product(P[l + 1]!, weights[l + 1]!);
  return P;
}

/**
 * Q_l = W^{l−1:1} (m_{l−1} × d) for l = 1…L (gn-math.md §1); Q_1 = I_d. Only the bounds need
 * them (the spectrum uses R_l = Q_l F), so callers compute them after the spectrum.
 * O(Σ_l d·m_l·m_{l−1}).
 */
export function rightProducts(weights: readonly Mat[]): Mat[] {
  const L = weights.length;
  const Q: Mat[] = new Array<Mat>(L);
  Q[0] = identity(weights[0]!.cols);
  for (let l = 1; l < L; l++) Q[l] = l === 1 ? weights[0]! : product(weights[l - 1]!, Q[l - 1]!);
  return Q;
}

/** Both families of partial products (gn-math.md §1). */
export function partialProducts(weights: readonly Mat[]): { P: Mat[]; Q: Mat[] } {
  return { P: leftProducts(weights), Q: rightProducts(weights) };
}

/** The Kronecker factors of the reduced matrix: A_l = P_lP_lᵀ (k×k), B_l = R_lᵀR_l with R_l = Q_l F. */
export interface ReducedTerms {
  A: Mat[];
  B: Mat[];
  /** R_l = Q_l F (m_{l−1} × s) */
  R: Mat[];
}

/**
 * The terms of M' = Σ_l (P_lP_lᵀ) ⊗ (Fᵀ Q_lᵀ Q_l F) (gn-math.md §3 with Σ^{1/2} replaced by a
 * factor F, FFᵀ = Σ): the same non-zero spectrum as G = JᵀJ/n. R_l is propagated layer by layer
 * (R_1 = F, R_{l+1} = W̃ˡ R_l) so no d × d product Q_l is needed here.
 */
export function reducedTerms(
  weights: readonly Mat[],
  P: readonly Mat[],
  factor: Mat,
): ReducedTerms {
  const L = weights.length;
  const R: Mat[] = [factor];
  for (let l = 1; l < L; l++) R.push(product(weights[l - 1]!, R[l - 1]!));
  const A = P.map((p) => gemmGram(p, 'rows'));
  const B = R.map((r) => gemmGram(r, 'cols'));
  return { A, B, R };
}

/** M' = Σ_l A_l ⊗ B_l, side k·s (gn-math.md §2–3). */
export function reducedMatrix(terms: ReducedTerms): Mat {
  return gemmKronSum(terms.A.map((A, l) => ({ A, B: terms.B[l]! })));
}

/**
 * The rank gn-math.md §3 predicts for G: q(s + k − q), s = rank Σ,
 * q = min(k, s, m_1, …, m_{L−1}) (generic weights).
 */
export function rankTheory(s: number, k: number, widths: readonly number[]): number {
  const q = Math.min(k, s, ...widths);
  return q * (s + k - q);
}
