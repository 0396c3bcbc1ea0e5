/**
 * Biases as augmented layers (docs/gn-math.md §11): a bias is one more weight whose input is the
 * constant 1, so layer l acts on H̃_l = [H_l, 𝟙] with the weights [W̃ˡ, bˡ]. The helpers of the
 * structured assembly (./structuredGram.ts): the augmented matrices and masks, and where each
 * entry of [Wˡ, bˡ] sits among the columns of J (W¹ … Wᴸ row-major, then b¹ … bᴸ).
 */
import { zeros, type Mat } from '../linalg/matrix';
import type { Mask } from './prune';

/** [M, 𝟙] (rows × (cols + 1)): a layer input augmented by the constant column (gn-math.md §11). */
export function withOnes(M: Mat): Mat {
  const c = M.cols;
  const out = zeros(M.rows, c + 1);
  for (let q = 0; q < M.rows; q++) {
    out.data.set(M.data.subarray(q * c, (q + 1) * c), q * (c + 1));
    out.data[q * (c + 1) + c] = 1;
  }
  return out;
}

/** [W̃, b] (rows × (cols + 1)): the weights augmented by the bias column, so z = H̃ [W̃, b]ᵀ. */
export function withBias(w: Mat, b: Float64Array): Mat {
  if (b.length !== w.rows)
    throw new Error(`a bias of length ${b.length} for a layer with ${w.rows} outputs`);
  const c = w.cols;
  const out = zeros(w.rows, c + 1);
  for (let i = 0; i < w.rows; i++) {
    out.data.set(w.data.subarray(i * c, (i + 1) * c), i * (c + 1));
    out.data[i * (c + 1) + c] = b[i]!;
  }
  return out;
}

/** Whether a bias list switches biases on (an empty list, as networkBiases gives for bias = false, does not). */
export function hasBiases(
  biases: readonly Float64Array[] | null | undefined,
): biases is readonly Float64Array[] {
  return !!biases && biases.length > 0;
}

/**
 * Where every entry of the (augmented) layer matrices sits among the columns of J: cols[l][i·c + j]
 * for row i and input j of layer l (c = s_l, or s_l + 1 with biases, j = s_l the bias). Layout:
 * W¹ … Wᴸ row-major, then b¹ … bᴸ (gn-math.md §11); p counts the biases.
 */
export interface Layout {
  p: number;
  /** number of weight columns (the biases follow them) */
  pW: number;
  cols: Int32Array[];
}

export function columnLayout(sizes: readonly number[], bias: boolean): Layout {
  const L = sizes.length - 1;
  let pW = 0;
  for (let l = 0; l < L; l++) pW += sizes[l]! * sizes[l + 1]!;
  let wOff = 0;
  let bOff = pW;
  const cols: Int32Array[] = [];
  for (let l = 0; l < L; l++) {
    const r = sizes[l + 1]!;
    const c = sizes[l]!;
    const w = c + (bias ? 1 : 0);
    const idx = new Int32Array(r * w);
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < c; j++) idx[i * w + j] = wOff + i * c + j;
      if (bias) idx[i * w + c] = bOff + i;
    }
    wOff += r * c;
    if (bias) bOff += r;
    cols.push(idx);
  }
  return { p: bOff, pW, cols };
}

/** A pruning mask over the augmented layer [Wˡ, bˡ]: the bias column is always kept. */
export function augmentMask(mask: Mask, rows: number, cols: number): Mask {
  const out = new Uint8Array(rows * (cols + 1));
  for (let i = 0; i < rows; i++) {
    out.set(mask.subarray(i * cols, (i + 1) * cols), i * (cols + 1));
    out[i * (cols + 1) + cols] = 1;
  }
  return out;
}
