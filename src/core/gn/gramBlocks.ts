/**
 * The dense block step of JJᵀ/n (docs/gn-math.md §2): (ΔΔᵀ) ⊙ (HHᵀ ⊗ 𝟙_{k×k}) for 512 rows at a
 * time. Shared by the full nk × nk assembly (./structuredGram.ts) and the row-by-row one
 * (./structuredGramRows.ts), so the two agree to the last bit.
 */
import { gemm, view } from '../linalg/gemm';
import { zeros, type Mat } from '../linalg/matrix';

/** Rows of Δ_l Δ_lᵀ computed at a time (bounds the scratch memory to RB × nk). */
export const NK_ROW_BLOCK = 512;

/** H_l H_lᵀ (n × n, upper triangle): the Gram of layer l's inputs over the samples. */
export function sampleGram(Hl: Mat): Float64Array {
  const S = zeros(Hl.rows, Hl.rows);
  gemm(Hl.rows, Hl.rows, Hl.cols, view(Hl), view(Hl), view(S), { transB: true, minDiag: 0 });
  return S.data;
}

/**
 * Rows a0 … a0 + NK_ROW_BLOCK − 1 (upper part, b ≥ a) of (ΔΔᵀ) ⊙ (HHᵀ ⊗ 𝟙_{k×k}) added to
 * `target`, entry (a, b) at `rowStart(a) + b`; `s` = {@link sampleGram}(H_l). The one block step
 * of the full nk × nk assembly and of the row-by-row one (./structuredGramRows.ts), so the two
 * agree to the last bit.
 */
export function addDenseRowsNk(
  target: Float64Array,
  rowStart: (a: number) => number,
  Dl: Mat,
  s: Float64Array,
  n: number,
  k: number,
  a0: number,
): void {
  const N = n * k;
  const rb = Math.min(NK_ROW_BLOCK, N - a0);
  const w = N - a0;
  const P = new Float64Array(rb * w);
  // P[a − a0, b − a0] = ⟨Δ row a, Δ row b⟩ for b ≥ a
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
  for (let a = a0; a < a0 + rb; a++) {
    const sq = Math.floor(a / k) * n;
    const prow = (a - a0) * w - a0;
    const row = rowStart(a);
    for (let b = a; b < N; b++)
      target[row + b] = target[row + b]! + P[prow + b]! * s[sq + Math.floor(b / k)]!;
  }
}
