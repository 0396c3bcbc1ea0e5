/**
 * JJᵀ/n of a dense nonlinear MLP, handed to the eigenvalue kernel row by row (docs/gn-math.md
 * §13.1): the same blocks of 512 rows, the same products and the same order of additions as
 * structuredGramNk (./structuredGram.ts, gn-math.md §2), so the same bits, but only one block of
 * rows (512 × nk) exists at a time besides the kernel's packed triangle: at n = 1000, k = 10
 * (N = 10⁴) the page needs ~0.5 GB instead of 1.2 GB. Pruned layers keep the full assembly.
 */
import { eigvalsSymRows } from '../linalg/eigSym';
import { gemm, view } from '../linalg/gemm';
import { overflowMessage, zeros, type Mat } from '../linalg/matrix';
import type { Activation } from '../types';
import { propagate } from './structuredGram';

/** Rows per block: NK_ROW_BLOCK of structuredGramNk (the products' shapes, hence their bits). */
const ROW_BLOCK = 512;

/** A symmetric N × N matrix as rows: fill(r, out) writes entries r…N−1 of row r into out. */
export interface UpperRows {
  N: number;
  fill(r: number, out: Float64Array): void;
}

export function structuredGramNkRows(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
  biases?: readonly Float64Array[] | null,
): UpperRows {
  const { n, k, sizes, H, D } = propagate(weights, X, activation, alpha, biases);
  const N = n * k;
  const layers = sizes.length - 1;
  // H_l H_lᵀ per layer (n × n), as addDenseLayerNk forms it.
  const grams: Float64Array[] = [];
  for (let l = 0; l < layers; l++) {
    const S = zeros(n, n);
    gemm(n, n, H[l]!.cols, view(H[l]!), view(H[l]!), view(S), { transB: true, minDiag: 0 });
    grams.push(S.data);
  }
  const inv = 1 / n;
  let start = -1;
  let width = 0;
  let block = new Float64Array(0);
  /** Rows start … start + 511 of Σ_l (Δ_lΔ_lᵀ) ⊙ (H_lH_lᵀ ⊗ 𝟙), upper part, layer by layer. */
  const computeBlock = (a0: number): void => {
    const rb = Math.min(ROW_BLOCK, N - a0);
    const w = N - a0;
    const acc = new Float64Array(rb * w);
    const P = new Float64Array(rb * w);
    for (let l = 0; l < layers; l++) {
      const Dl = D[l]!;
      P.fill(0);
      gemm(
        rb,
        w,
        Dl.cols,
        view(Dl, a0),
        view(Dl, a0),
        { data: P, offset: 0, ld: w },
        {
          transB: true,
          minDiag: 0,
        },
      );
      const s = grams[l]!;
      for (let a = a0; a < a0 + rb; a++) {
        const sq = Math.floor(a / k) * n;
        const row = (a - a0) * w - a0;
        for (let b = a; b < N; b++)
          acc[row + b] = acc[row + b]! + P[row + b]! * s[sq + Math.floor(b / k)]!;
      }
    }
    start = a0;
    width = w;
    block = acc;
  };
  return {
    N,
    fill(r, out) {
      if (r < start || r >= start + ROW_BLOCK || start < 0) computeBlock(r - (r % ROW_BLOCK));
      const row = (r - start) * width - start;
      for (let b = r; b < N; b++) out[b - r] = block[row + b]! * inv;
    },
  };
}

/**
 * Eigenvalues (ascending) of JJᵀ/n of a dense nonlinear MLP from its rows; a non-finite entry
 * is the overflow evaluate's other paths report, in the same words.
 */
export function streamedGramEigenvalues(rows: UpperRows): Float64Array {
  return eigvalsSymRows(rows.N, (r, out) => {
    rows.fill(r, out);
    for (let i = 0; i < out.length; i++) {
      const x = out[i]!;
      if (x - x !== 0) {
        throw new Error(overflowMessage('the GN matrix'));
      }
    }
  });
}
