/**
 * The block steps of JJᵀ/n (docs/gn-math.md §2): a dense layer's (ΔΔᵀ) ⊙ (HHᵀ ⊗ 𝟙_{k×k}) for 512
 * rows at a time, shared by the full nk × nk assembly (./structuredGram.ts) and the row-by-row
 * one (./structuredGramRows.ts), so the two agree to the last bit; and a pruned layer's, sample
 * by sample (the full assembly only).
 */
import { gemm, view } from '../linalg/gemm';
import { zeros, type Mat } from '../linalg/matrix';
import { upperEntries } from './assemblyProgress';
import type { Mask } from './prune';

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

/**
 * K (upper strips) += Σ_i (δ_iδ_iᵀ) ⊙ (H_{M_i}H_{M_i}ᵀ ⊗ 𝟙) for one pruned layer, sample by
 * sample: R_q[i, q'] = Σ_{j∈M_i} h_q[j] h_{q'}[j] (q' ≥ q), B_q[i, (q',c')] = R_q[i,q']·Δ[(q',c'), i],
 * K[(q,·), (q',·)] += Δ_{l,q} B_q.
 */
export function addPrunedLayerNk(
  K: Mat,
  Hl: Mat,
  Dl: Mat,
  mask: Mask,
  n: number,
  k: number,
  done?: (entries: number) => void,
): void {
  const N = n * k;
  const r = Dl.cols;
  const c = Hl.cols;
  const h = Hl.data;
  const dl = Dl.data;
  const Aq = new Float64Array(r * c);
  for (let q = 0; q < n; q++) {
    const rest = n - q;
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++) Aq[i * c + j] = mask[i * c + j] ? h[q * c + j]! : 0;
    const R = new Float64Array(r * rest);
    gemm(
      r,
      rest,
      c,
      { data: Aq, offset: 0, ld: c },
      view(Hl, q),
      { data: R, offset: 0, ld: rest },
      {
        transB: true,
      },
    );
    const w = rest * k;
    const B = new Float64Array(r * w);
    for (let i = 0; i < r; i++)
      for (let t = 0; t < rest; t++) {
        const v = R[i * rest + t]!;
        const base = i * w + t * k;
        const drow = (q + t) * k;
        for (let cc = 0; cc < k; cc++) B[base + cc] = v * dl[(drow + cc) * r + i]!;
      }
    gemm(
      k,
      w,
      r,
      view(Dl, q * k),
      { data: B, offset: 0, ld: w },
      {
        data: K.data,
        offset: q * k * N + q * k,
        ld: N,
      },
    );
    done?.(upperEntries(N, q * k, (q + 1) * k));
  }
}
