/**
 * The diagonal blocks of the GN, one per layer: G_ll = J_lᵀJ_l/n over layer l's parameters (its
 * weights, and its bias when the net has biases), J_l the columns of J that belong to layer l
 * (docs/gn-math.md §1, §2, §6). G_ll and K_l = J_lJ_lᵀ/n have the same non-zero spectrum, so each
 * block is diagonalised on the smaller side, like the whole GN. κ of a block uses the rank
 * cut-off of §1.1. Any MLP without batch norm: linear, ReLU, leaky ReLU, residual, pruned, biased.
 */
import { gemm, view } from '../linalg/gemm';
import { eigvalsSym } from '../linalg/eigSym';
import { zeros, type Mat } from '../linalg/matrix';
import type { Activation } from '../types';
import { augmentMask } from '../gn/biasAugment';
import type { Mask } from '../gn/prune';
import { layerGramNk, propagate, type Propagation } from '../gn/structuredGram';
import { splitSpectrum } from '../gn/evaluate';

/** The spectrum summary of one layer's diagonal block. */
export interface BlockStats {
  /** number of parameters of the layer (its block's side) */
  params: number;
  /** numerical rank of the block (§1.1 cut-off) */
  rank: number;
  /** largest and smallest kept eigenvalue (0 when the block is zero) */
  lambdaMax: number;
  lambdaMin: number;
  /** λ_max / λ_min⁺ of the block (Infinity when it is zero) */
  kappa: number;
}

/** κ and rank of a spectrum (any order) with the cut-off rtol·λ_max of gn-math.md §1.1. */
export function blockStats(
  eigenvalues: ArrayLike<number>,
  params: number,
  rtol: number,
): BlockStats {
  const ascending = Float64Array.from(eigenvalues).sort();
  const { kept } = splitSpectrum(ascending, rtol);
  const rank = kept.length;
  const lambdaMax = kept[0] ?? 0;
  const lambdaMin = kept[rank - 1] ?? 0;
  return { params, rank, lambdaMax, lambdaMin, kappa: rank > 0 ? lambdaMax / lambdaMin : Infinity };
}

/** Samples per chunk of J_l when the p_l side is assembled (bounds the scratch to 256·k × p_l). */
const SAMPLE_CHUNK = 256;

/** The (input, output) index pairs of layer l's kept parameters, row-major over W̃ˡ (or [W̃ˡ, bˡ]). */
function keptColumns(prop: Propagation, l: number, mask: Mask | null): Int32Array {
  const rows = prop.sizes[l + 1]!;
  const cols = prop.H[l]!.cols;
  const full = mask && prop.bias ? augmentMask(mask, rows, prop.sizes[l]!) : mask;
  const kept: number[] = [];
  for (let t = 0; t < rows * cols; t++) if (!full || full[t]) kept.push(t);
  return Int32Array.from(kept);
}

/**
 * G_ll = J_lᵀJ_l/n (p_l × p_l), J_l assembled from the propagation chunk by chunk:
 * J_l[(q,c), (i,j)] = Δ_l[(q,c), i]·H̃_l[q, j] (gn-math.md §6), kept parameters only.
 */
function layerGramP(prop: Propagation, l: number, columns: Int32Array): Mat {
  const { n, k, H, D } = prop;
  const r = D[l]!.cols;
  const c = H[l]!.cols;
  const h = H[l]!.data;
  const dl = D[l]!.data;
  const pl = columns.length;
  const G = zeros(pl, pl);
  const chunk = new Float64Array(Math.min(n, SAMPLE_CHUNK) * k * pl);
  for (let q0 = 0; q0 < n; q0 += SAMPLE_CHUNK) {
    const q1 = Math.min(n, q0 + SAMPLE_CHUNK);
    const rows = (q1 - q0) * k;
    for (let row = 0; row < rows; row++) {
      const q = q0 + Math.floor(row / k);
      const src = (q0 * k + row) * r;
      for (let t = 0; t < pl; t++) {
        const col = columns[t]!;
        const i = Math.floor(col / c);
        chunk[row * pl + t] = dl[src + i]! * h[q * c + (col - i * c)]!;
      }
    }
    gemm(
      pl,
      pl,
      rows,
      { data: chunk, offset: 0, ld: pl },
      { data: chunk, offset: 0, ld: pl },
      view(G),
      {
        transA: true,
      },
    );
  }
  const inv = 1 / n;
  for (let t = 0; t < G.data.length; t++) G.data[t] = G.data[t]! * inv;
  return G;
}

/** The largest side a block is diagonalised at (about 0.3 s each in the wasm kernel). */
export const MAX_BLOCK_SIDE = 1200;

/** One layer's block statistics (or why they were not computed) and its dead inputs. */
export type LayerBlock = (BlockStats | { params: number; skipped: string }) & {
  /** hidden units feeding layer l that are 0 on every sample (dead ReLUs; 0 for layer 1) */
  deadInputs: number;
  /** the largest rank the block can have, min(n·k, p_l): J_l has n·k rows */
  maxRank: number;
};

/** Input units of layer l (0-based, l ≥ 1) that are exactly 0 on every sample. */
function deadInputs(prop: Propagation, l: number): number {
  if (l === 0) return 0;
  const H = prop.H[l]!;
  const width = prop.sizes[l]!; // the bias column (constant 1) is never dead
  let dead = 0;
  for (let j = 0; j < width; j++) {
    let alive = false;
    for (let q = 0; q < prop.n && !alive; q++) alive = H.data[q * H.cols + j] !== 0;
    if (!alive) dead++;
  }
  return dead;
}

/**
 * The spectrum of every layer's diagonal block of the GN of an MLP (no batch norm): `weights` are
 * the effective W̃ˡ, `masks` the pruning masks (null: dense), `biases` the bˡ (empty: none).
 * Each block is diagonalised on its smaller side, min(n·k, p_l); a block whose smaller side
 * exceeds {@link MAX_BLOCK_SIDE} is skipped with the reason.
 */
export function layerBlocks(
  weights: readonly Mat[],
  X: Mat,
  net: { activation: Activation; alpha: number; rtol: number },
  masks: readonly Mask[] | null,
  biases: readonly Float64Array[],
): LayerBlock[] {
  const prop = propagate(weights, X, net.activation, net.alpha, biases.length > 0 ? biases : null);
  const nk = prop.n * prop.k;
  return weights.map((_, l) => {
    const mask = masks?.[l] ?? null;
    const columns = keptColumns(prop, l, mask);
    const params = columns.length;
    const dead = deadInputs(prop, l);
    const side = Math.min(nk, params);
    if (side > MAX_BLOCK_SIDE)
      return {
        params,
        skipped: `its smaller side min(n·k, p_l) = ${side} is above ${MAX_BLOCK_SIDE}`,
        deadInputs: dead,
        maxRank: side,
      };
    const block = nk <= params ? layerGramNk(prop, l, mask) : layerGramP(prop, l, columns);
    return {
      ...blockStats(eigvalsSym(block.data, block.rows), params, net.rtol),
      deadInputs: dead,
      maxRank: side,
    };
  });
}
