/**
 * Operation counts of the structured GN assembly (./structuredGram.ts), step by step as the
 * code runs, for the size guard (src/core/cost.ts): the flops spent in the blocked kernel
 * (../linalg/gemm.ts) apart from those in plain TypeScript loops, which run at other rates.
 * Pure arithmetic on the sizes; no matrices are built. With biases (gn-math.md §11) every layer's
 * input is augmented, H̃_l = [H_l, 𝟙]: the forward products and every Gram over inputs use s_l + 1
 * columns, the backward products still s_l, and p counts the biases.
 */

/** Counts of one assembly. */
export interface StructuredCost {
  /** flops in the blocked matrix-product kernel (multiply-adds counted as 2) */
  gemmFlops: number;
  /** flops and element writes in TypeScript loops (pair products, Hadamard, scatter) */
  loopFlops: number;
  /** peak bytes of the large arrays (besides X and the eigensolver's packed triangle) */
  bytes: number;
}

/** Pair columns per tile and samples per step, as in ./structuredGram.ts. */
const PAIR_TILE = 4096;
const SAMPLE_BLOCK = 512;
const NK_ROW_BLOCK = 512;

/** Forward and backward passes over `n` samples: Z = H̃ [W̃, b]ᵀ (or H W̃ᵀ), then Δ W̃ and ⊙σ'. */
function propagationCost(sizes: readonly number[], n: number, bias: boolean): StructuredCost {
  const L = sizes.length - 1;
  const k = sizes[L]!;
  let gemmFlops = 0;
  let loopFlops = 0;
  let bytes = 0;
  for (let l = 0; l < L; l++) {
    const r = sizes[l + 1]!;
    const c = sizes[l]!;
    const ci = c + (bias ? 1 : 0); // input width of the forward product
    if (l < L - 1) {
      gemmFlops += 2 * n * r * ci;
      loopFlops += 2 * n * r + (bias ? n * (r + 1) : 0);
    }
    if (l >= 1) {
      gemmFlops += 2 * n * k * r * c;
      loopFlops += n * k * c;
    }
    bytes += 8 * (n * k * r + 2 * n * ci);
  }
  return { gemmFlops, loopFlops, bytes };
}

/**
 * The counts for a net of layer sizes [d, m_1, …, k] on n samples, the branch chosen as the
 * evaluation does (`nkBranch`: n·k ≤ kept p, JJᵀ/n; else JᵀJ/n). `prunedLayers[l]` says whether
 * layer l loses weights; `keptParams` is the number of remaining parameters (biases included
 * when `bias`: every layer has one, never pruned).
 */
export function structuredGramCost(
  sizes: readonly number[],
  n: number,
  nkBranch: boolean,
  prunedLayers: readonly boolean[],
  keptParams: number,
  bias = false,
): StructuredCost {
  const L = sizes.length - 1;
  const k = sizes[L]!;
  const extra = bias ? 1 : 0;
  if (nkBranch) {
    const N = n * k;
    const prop = propagationCost(sizes, n, bias);
    let gemmFlops = prop.gemmFlops;
    let loopFlops = prop.loopFlops + N * N; // mirror and scale
    for (let l = 0; l < L; l++) {
      const r = sizes[l + 1]!;
      const c = sizes[l]! + extra;
      const pairsQ = (n * (n + 1)) / 2; // sample pairs q ≤ q'
      if (prunedLayers[l]) {
        gemmFlops += pairsQ * (2 * r * c + 2 * k * k * r);
        loopFlops += n * r * c + pairsQ * r * k;
      } else {
        gemmFlops += N * (N + 1) * r + n * (n + 1) * c; // upper triangles of ΔΔᵀ and HHᵀ
        loopFlops += N * N; // (ΔΔᵀ) ⊙ (HHᵀ ⊗ 𝟙), upper triangle
      }
    }
    return {
      gemmFlops,
      loopFlops,
      // Dense nets stream rows to the eigen kernel (./structuredGramRows.ts: two 512-row blocks
      // and the layers' HHᵀ, no N × N matrix); pruned ones assemble the whole matrix.
      bytes: prunedLayers.some(Boolean)
        ? prop.bytes + 8 * (N * N + NK_ROW_BLOCK * N + n * n)
        : prop.bytes + 8 * (2 * NK_ROW_BLOCK * N + L * n * n),
    };
  }
  const prop = propagationCost(sizes, Math.min(n, SAMPLE_BLOCK), bias);
  let gemmFlops = (prop.gemmFlops * n) / Math.min(n, SAMPLE_BLOCK);
  let loopFlops = (prop.loopFlops * n) / Math.min(n, SAMPLE_BLOCK);
  let rEntries = 0;
  let widestA = 0;
  let widestB = 0;
  let p = 0;
  for (let l = 0; l < L; l++) p += (sizes[l]! + extra) * sizes[l + 1]!;
  for (let l = 0; l < L; l++)
    for (let l2 = l; l2 < L; l2++) {
      const r = sizes[l + 1]!;
      const c = sizes[l]! + extra;
      const diagonal = l === l2;
      const Pa = diagonal ? (r * (r + 1)) / 2 : r * sizes[l2 + 1]!;
      const Pb = diagonal ? (c * (c + 1)) / 2 : c * (sizes[l2]! + extra);
      gemmFlops += 2 * n * Pa * Pb;
      loopFlops +=
        2 * n * k * Pa + n * Pb * Math.ceil(Pa / PAIR_TILE) + (diagonal ? 4 : 2) * Pa * Pb;
      rEntries += Pa * Pb;
      widestA = Math.max(widestA, Math.min(PAIR_TILE, Pa));
      widestB = Math.max(widestB, Math.min(PAIR_TILE, Pb));
    }
  if (keptParams < p) loopFlops += keptParams * keptParams;
  return {
    gemmFlops,
    loopFlops,
    bytes:
      prop.bytes +
      8 *
        (p * p +
          rEntries +
          Math.min(n, SAMPLE_BLOCK) * (widestA + widestB) +
          (keptParams < p ? keptParams ** 2 : 0)),
  };
}
