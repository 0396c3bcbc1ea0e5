/**
 * JJᵀ/n of a dense nonlinear MLP, handed to the eigenvalue kernel row by row (docs/gn-math.md
 * §13.1): the same blocks of 512 rows, the same products and the same order of additions as
 * structuredGramNk (./structuredGram.ts, gn-math.md §2), so the same bits, but only one block of
 * rows (512 × nk) exists at a time besides the kernel's packed triangle: at n = 1000, k = 10
 * (N = 10⁴) the page needs ~0.5 GB instead of 1.2 GB. Pruned layers keep the full assembly.
 */
import { eigvalsSymRows } from '../linalg/eigSym';
import { overflowMessage, type Mat } from '../linalg/matrix';
import type { Activation } from '../types';
import { addDenseRowsNk, NK_ROW_BLOCK, sampleGram } from './gramBlocks';
import { assemblyCounter, upperEntries } from './assemblyProgress';
import { propagate } from './structuredGram';

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
  const grams = H.slice(0, layers).map(sampleGram);
  const inv = 1 / n;
  let start = -1;
  let width = 0;
  let block = new Float64Array(0);
  // progress: the upper-triangle entries of the blocks computed (the kernel asks rows in order)
  const advance = assemblyCounter((N * (N + 1)) / 2);
  /** Rows a0 … a0 + 511 of Σ_l (Δ_lΔ_lᵀ) ⊙ (H_lH_lᵀ ⊗ 𝟙), upper part, layer by layer. */
  const computeBlock = (a0: number): void => {
    const w = N - a0;
    const acc = new Float64Array(Math.min(NK_ROW_BLOCK, w) * w);
    for (let l = 0; l < layers; l++) {
      addDenseRowsNk(acc, (a) => (a - a0) * w - a0, D[l]!, grams[l]!, n, k, a0);
    }
    start = a0;
    width = w;
    block = acc;
    advance(upperEntries(N, a0, Math.min(N, a0 + NK_ROW_BLOCK)));
  };
  return {
    N,
    fill(r, out) {
      if (r < start || r >= start + NK_ROW_BLOCK || start < 0) computeBlock(r - (r % NK_ROW_BLOCK));
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
