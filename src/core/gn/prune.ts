/**
 * Magnitude pruning at initialisation (issue "Pruning", the paper's opening experiment): in each
 * weight matrix the ⌊f·size⌋ entries of smallest |w| (ties broken by row-major index) are set to
 * zero and frozen: they are no longer parameters, so G = J_MᵀJ_M/n over the remaining weights.
 * Residual skips are not pruned (the mask applies to Wˡ, not to Wˡ + βE).
 *
 * For (residual) linear nets the reduced matrix survives (gn-math.md §2–3 with a mask D_l):
 * Z_M Z_Mᵀ = Σ_l Σ_i (p_i p_iᵀ) ⊗ (Σ_{j kept in row i} q_j q_jᵀ), p_i column i of P_l, q_j row j
 * of Q_l, so M' = Σ_l Σ_i (p_i p_iᵀ) ⊗ C_i with C_i = Σ_{j kept in row i} r_j r_jᵀ, r_j row j of
 * R_l = Q_l F (side k·s, as without pruning).
 */
import { zeros, type Mat } from '../linalg/matrix';

/** 1 = kept (a parameter), 0 = pruned, per entry of each Wˡ (row-major). */
export type Mask = Uint8Array;

/**
 * The pruning masks of a fraction f ∈ [0, 1) for each matrix: the ⌊f·size⌋ smallest |w| pruned,
 * ties by row-major index (a stable sort on |w|). O(size·log size) per matrix.
 */
export function pruneMasks(weights: readonly Mat[], fraction: number): Mask[] {
  return weights.map((w) => {
    const size = w.data.length;
    const count = Math.floor(fraction * size);
    const mask = new Uint8Array(size).fill(1);
    if (count === 0) return mask;
    const order = Array.from({ length: size }, (_, i) => i);
    order.sort((a, b) => Math.abs(w.data[a]!) - Math.abs(w.data[b]!) || a - b);
    for (let t = 0; t < count; t++) mask[order[t]!] = 0;
    return mask;
  });
}

/** Wˡ ⊙ mask (pruned entries set to exactly 0). Pure. */
export function applyMasks(weights: readonly Mat[], masks: readonly Mask[]): Mat[] {
  return weights.map((w, l) => {
    const m = masks[l]!;
    return { rows: w.rows, cols: w.cols, data: w.data.map((v, i) => (m[i] ? v : 0)) };
  });
}

/** Number of remaining parameters. */
export function keptCount(masks: readonly Mask[]): number {
  let c = 0;
  for (const m of masks) for (let i = 0; i < m.length; i++) c += m[i]!;
  return c;
}

/**
 * M' = Σ_l Σ_i (p_i p_iᵀ) ⊗ C_i, C_i = Σ_{j kept in row i of Wˡ} r_j r_jᵀ, with P_l (k × m_l) and
 * R_l (m_{l−1} × s) (R_l = Q_l F; with F = I this is the pruned UUᵀ). Side k·s.
 * O(Σ_l m_l·(kept_l/m_l·s² + k²s²)).
 */
export function prunedReducedMatrix(
  P: readonly Mat[],
  R: readonly Mat[],
  masks: readonly Mask[],
): Mat {
  const k = P[0]!.rows;
  const s = R[0]!.cols;
  const N = k * s;
  const M = zeros(N, N);
  const C = new Float64Array(s * s);
  for (let l = 0; l < P.length; l++) {
    const Pl = P[l]!;
    const Rl = R[l]!;
    const mask = masks[l]!;
    const rows = Pl.cols; // m_l
    const cols = Rl.rows; // m_{l−1}
    for (let i = 0; i < rows; i++) {
      C.fill(0);
      let any = false;
      for (let j = 0; j < cols; j++) {
        if (!mask[i * cols + j]) continue;
        any = true;
        const rj = j * s;
        for (let u = 0; u < s; u++) {
          const ru = Rl.data[rj + u]!;
          if (ru === 0) continue;
          for (let v = u; v < s; v++) C[u * s + v] = C[u * s + v]! + ru * Rl.data[rj + v]!;
        }
      }
      if (!any) continue;
      for (let u = 0; u < s; u++) for (let v = 0; v < u; v++) C[u * s + v] = C[v * s + u]!;
      for (let a = 0; a < k; a++) {
        const pa = Pl.data[a * rows + i]!;
        if (pa === 0) continue;
        for (let b = 0; b < k; b++) {
          const pab = pa * Pl.data[b * rows + i]!;
          if (pab === 0) continue;
          for (let u = 0; u < s; u++) {
            const row = (a * s + u) * N + b * s;
            const cu = u * s;
            for (let v = 0; v < s; v++) M.data[row + v] = M.data[row + v]! + pab * C[cu + v]!;
          }
        }
      }
    }
  }
  return M;
}

/**
 * Removes the pruned columns of an explicit Jacobian whose first columns are the Wˡ blocks; the
 * trailing columns (batch-norm γ, β and the biases b¹ … bᴸ, never pruned, gn-math.md §11) stay.
 */
export function keepColumns(J: Mat, masks: readonly Mask[]): Mat {
  const keep: number[] = [];
  let offset = 0;
  for (const m of masks) {
    for (let i = 0; i < m.length; i++) if (m[i]) keep.push(offset + i);
    offset += m.length;
  }
  for (let c = offset; c < J.cols; c++) keep.push(c); // trailing columns (γ, β, biases) stay
  const out = zeros(J.rows, keep.length);
  for (let r = 0; r < J.rows; r++)
    for (let t = 0; t < keep.length; t++)
      out.data[r * keep.length + t] = J.data[r * J.cols + keep[t]!]!;
  return out;
}
