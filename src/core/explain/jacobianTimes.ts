/**
 * J v without forming J (docs/gn-math.md §1, §12): how a parameter direction v moves the n·k
 * outputs of an MLP. With the propagation of src/core/gn/structuredGram.ts,
 * J[(q,c), (l,i,j)] = Δ_l[(q,c), i] · H_l[q, j], so
 *
 *   (J v)[(q,c)] = Σ_l Σ_i Δ_l[(q,c), i] · (V_l h_{l,q})_i,
 *
 * V_l the entries of v for layer l as an s_{l+1} × s_l matrix ([Wˡ, bˡ] with biases). O(n·k·p)
 * flops like one propagation, memory that of the propagation.
 */
import type { Mat } from '../linalg/matrix';
import type { Activation } from '../types';
import { columnLayout } from '../gn/biasAugment';
import type { Mask } from '../gn/prune';
import { propagate } from '../gn/structuredGram';

/**
 * The entries of v (kept weights W¹ … Wᴸ row-major, then b¹ … bᴸ: the columns of G over the
 * kept weights, src/core/gn/structuredGram.ts) spread over every weight, pruned ones 0.
 */
function expandKept(
  v: Float64Array,
  sizes: readonly number[],
  masks: readonly Mask[] | null,
  biasCount: number,
): Float64Array {
  if (!masks) return v;
  let weights = 0;
  for (let l = 0; l + 1 < sizes.length; l++) weights += sizes[l]! * sizes[l + 1]!;
  const full = new Float64Array(weights + biasCount);
  let src = 0;
  let dst = 0;
  for (const mask of masks)
    for (let i = 0; i < mask.length; i++, dst++) if (mask[i]) full[dst] = v[src++]!;
  for (let b = 0; b < biasCount; b++) full[dst + b] = v[src + b]!;
  if (src + biasCount !== v.length)
    throw new Error(`a direction of ${v.length} entries for ${src + biasCount} parameters`);
  return full;
}

/** J v ((n·k) entries, row q·k + c) for the MLP with effective weights `weights` on X. */
export function outputsTimes(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
  masks: readonly Mask[] | null,
  biases: readonly Float64Array[],
  v: Float64Array,
): Float64Array {
  const prop = propagate(weights, X, activation, alpha, biases);
  const { n, k, sizes, H, D, bias } = prop;
  const layout = columnLayout(sizes, bias);
  const biasCount = bias ? layout.p - layout.pW : 0;
  const full = expandKept(v, sizes, masks, biasCount);
  if (full.length !== layout.p)
    throw new Error(`a direction of ${full.length} entries for ${layout.p} parameters`);
  const out = new Float64Array(n * k);
  for (let l = 0; l < layout.cols.length; l++) {
    const r = sizes[l + 1]!;
    const c = H[l]!.cols;
    const idx = layout.cols[l]!;
    const h = H[l]!.data;
    const dl = D[l]!.data;
    const moved = new Float64Array(r); // V_l h_{l,q}
    for (let q = 0; q < n; q++) {
      for (let i = 0; i < r; i++) {
        let s = 0;
        for (let j = 0; j < c; j++) s += full[idx[i * c + j]!]! * h[q * c + j]!;
        moved[i] = s;
      }
      for (let o = 0; o < k; o++) {
        const row = (q * k + o) * r;
        let s = 0;
        for (let i = 0; i < r; i++) s += dl[row + i]! * moved[i]!;
        out[q * k + o] = out[q * k + o]! + s;
      }
    }
  }
  return out;
}
