/**
 * Structured assembly of the GN matrix of (nonlinear) MLPs, never forming the Jacobian
 * (docs/gn-math.md §1, §2, §6). Network and conventions as in ./jacobian.ts: z_{l+1} = W̃ˡ h_l,
 * h_{l+1} = σ(z_{l+1}), f = W̃ᴸ⁻¹ h_{L−1} (0-based layers l = 0…L−1, Wˡ is s_{l+1} × s_l with
 * s = [d, m_1, …, k]). The Jacobian is J[(q,c), (l,i,j)] = Δ_l[(q,c), i] · H_l[q, j], with
 * - H_l (n × s_l): the inputs of layer l, one row per sample (H_0 = X), one forward pass;
 * - Δ_l (nk × s_{l+1}): ∂f_c(x_q)/∂z_{l+1}, one row per (sample, output), one backward pass
 *   Δ_{L−1} = I_k per sample, Δ_{l−1} = (Δ_l W̃ˡ) ⊙ σ'(z_l).
 * Both passes and every Gram are matrix products on the blocked kernel of ../linalg/gemm.ts
 * (wasm SIMD where available, same digits in TypeScript), in a fixed summation order.
 *
 * Which matrix (§2, the same non-zero spectrum):
 * - n·k ≤ p: K = JJᵀ/n = (1/n) Σ_l (Δ_lΔ_lᵀ) ⊙ (H_lH_lᵀ ⊗ 𝟙_{k×k})  (nk × nk);
 * - p < n·k: G = JᵀJ/n, block (l, l') = (1/n) Σ_q (Δ_{l,q}ᵀ Δ_{l',q}) ⊗ (h_{l,q} h_{l',q}ᵀ), Δ_{l,q}
 *   the k × s_{l+1} rows of sample q: the k outputs are contracted first (k times fewer flops than
 *   JᵀJ). Entry ((i,j), (i',j')) of a block is Σ_q C_q[i,i'] h_q[j] h'_q[j'], i.e. one GEMM
 *   R = AᵀB over the samples, with A[q, (i,i')] = C_q[i,i'] and B[q, (j,j')] = h_q[j] h'_q[j'];
 *   on diagonal blocks both C_q and h_qh_qᵀ are symmetric, so unordered pairs i ≤ i', j ≤ j'
 *   suffice (about 4× fewer columns).
 * Pruned nets (src/core/gn/prune.ts): the frozen weights are removed. For G that is the rows and
 * columns of the pruned weights; for K, a pruned layer contributes
 * Σ_i (δ_iδ_iᵀ) ⊙ (H_{M_i}H_{M_i}ᵀ ⊗ 𝟙), M_i the kept columns of row i, assembled per sample q as
 * the k × nk strip Δ_{l,q} · B_q with B_q[i, (q',c')] = (Σ_{j∈M_i} h_q[j] h_{q'}[j]) · Δ_l[(q',c'), i].
 * Biases (gn-math.md §11): z_{l+1} = W̃ˡ h_l + bˡ, and ∂f/∂bˡ = Δ_l, i.e. the bias is one more
 * weight whose input is the constant 1. Every layer's input is augmented, H̃_l = [H_l, 𝟙]
 * (n × (s_l + 1)), for both matrices and for pruned layers (biases are never pruned): K gains
 * Σ_l (Δ_lΔ_lᵀ) ⊙ (𝟙𝟙ᵀ ⊗ 𝟙_{k×k}) since H̃_lH̃_lᵀ = H_lH_lᵀ + 𝟙𝟙ᵀ, and G gains the bias rows and
 * columns. Column layout of J and G with biases: W¹ … Wᴸ row-major, then b¹ … bᴸ.
 */
import { gemm, GEMM_KC, view } from '../linalg/gemm';
import { addDenseRowsNk, addPrunedLayerNk, NK_ROW_BLOCK, sampleGram } from './gramBlocks';
import { zeros, type Mat } from '../linalg/matrix';
import type { Activation } from '../types';
import type { Mask } from './prune';
import { augmentMask, columnLayout, hasBiases, withBias, withOnes } from './biasAugment';
import { assemblyCounter, upperEntries } from './assemblyProgress';
export { withBias, withOnes } from './biasAugment';

/** Forward and backward quantities of a set of samples (see the module comment). */
export interface Propagation {
  /** number of samples n and outputs k */
  n: number;
  k: number;
  /** layer sizes s = [d, m_1, …, m_{L−1}, k] */
  sizes: number[];
  /** H[l]: n × s_l, inputs of layer l (H[0] = X); with biases H̃_l = [H_l, 𝟙], n × (s_l + 1) */
  H: Mat[];
  /** whether the network has biases (then every H[l] carries the constant column) */
  bias: boolean;
  /** D[l] = Δ_l: (n·k) × s_{l+1}, row q·k + c = ∂f_c(x_q)/∂z_{l+1} */
  D: Mat[];
}

/** Layer sizes [d, m_1, …, k] of a weight list; throws when the shapes do not chain. */
function layerSizes(weights: readonly Mat[], d: number): number[] {
  const sizes = [d];
  weights.forEach((w, l) => {
    if (w.cols !== sizes[l])
      throw new Error(`weights[${l}] has ${w.cols} columns, expected ${sizes[l]}`);
    sizes.push(w.rows);
  });
  return sizes;
}

/**
 * One forward pass (Z = H W̃ᵀ per layer, + bˡ with biases) and one backward pass
 * (Δ_{l−1} = (Δ_l W̃ˡ) ⊙ σ'(z_l)) for all samples and outputs at a time. `weights` are the
 * effective W̃ˡ (skips included), `biases` the bˡ (none, or one per layer: then every H[l] is
 * the augmented H̃_l = [H_l, 𝟙], gn-math.md §11). O(n·k·p) flops, memory n·Σ s_l + n·k·Σ s_{l+1}.
 */
export function propagate(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
  biases?: readonly Float64Array[] | null,
): Propagation {
  const L = weights.length;
  const n = X.rows;
  const sizes = layerSizes(weights, X.cols);
  const k = sizes[L]!;
  const slope = activation === 'relu' ? 0 : alpha;
  const bias = hasBiases(biases);
  if (bias && biases.length !== L)
    throw new Error(`${biases.length} bias vectors for a network of ${L} layers`);
  const H: Mat[] = [bias ? withOnes(X) : X];
  const Sp: Mat[] = []; // σ'(z_{l+1}) for l < L − 1, n × s_{l+1}
  for (let l = 0; l < L - 1; l++) {
    const w = bias ? withBias(weights[l]!, biases[l]!) : weights[l]!;
    const z = zeros(n, w.rows);
    gemm(n, w.rows, w.cols, view(H[l]!), view(w), view(z), { transB: true });
    const s = zeros(n, w.rows);
    const zd = z.data;
    const sd = s.data;
    // σ(z) = max(z, αz), σ'(z) = 1 for z > 0, else α (σ'(0) := α, gn-math.md §6)
    if (activation === 'linear') sd.fill(1);
    else
      for (let t = 0; t < zd.length; t++) {
        const v = zd[t]!;
        if (v > 0) sd[t] = 1;
        else {
          sd[t] = slope;
          zd[t] = slope * v;
        }
      }
    H.push(bias ? withOnes(z) : z);
    Sp.push(s);
  }
  const D: Mat[] = new Array<Mat>(L);
  const top = zeros(n * k, k);
  for (let q = 0; q < n; q++) for (let c = 0; c < k; c++) top.data[(q * k + c) * k + c] = 1;
  D[L - 1] = top;
  for (let l = L - 1; l >= 1; l--) {
    const w = weights[l]!;
    const lower = zeros(n * k, w.cols);
    gemm(n * k, w.cols, w.rows, view(D[l]!), view(w), view(lower));
    const s = Sp[l - 1]!.data;
    const ld = lower.data;
    const m = w.cols;
    for (let q = 0; q < n; q++)
      for (let c = 0; c < k; c++) {
        const row = (q * k + c) * m;
        for (let i = 0; i < m; i++) ld[row + i] = ld[row + i]! * s[q * m + i]!;
      }
    D[l - 1] = lower;
  }
  return { n, k, sizes, H, D, bias };
}

/** The rows q0…q1−1 of X as a matrix sharing its buffer. */
function sampleRows(X: Mat, q0: number, q1: number): Mat {
  return { rows: q1 - q0, cols: X.cols, data: X.data.subarray(q0 * X.cols, q1 * X.cols) };
}

/** A layer whose mask keeps every weight needs no masking. */
function isDense(mask: Mask | undefined): boolean {
  return !mask || mask.every((v) => v === 1);
}

/**
 * The explicit Jacobian J ((n·k) × p) from a propagation: J[(q,c), (l,i,j)] = Δ_l[(q,c),i]·H_l[q,j]
 * (gn-math.md §1 layout; with biases the columns b¹ … bᴸ follow the weights, ∂f/∂bˡ = Δ_l,
 * §11). O(n·k·p) memory: for small networks and tests only.
 */
export function jacobianFrom(prop: Propagation): Mat {
  const { n, k, sizes, H, D } = prop;
  const { p, cols } = columnLayout(sizes, prop.bias);
  const J = zeros(n * k, p);
  for (let l = 0; l < cols.length; l++) {
    const r = sizes[l + 1]!;
    const c = H[l]!.cols;
    const h = H[l]!.data;
    const dl = D[l]!.data;
    const idx = cols[l]!;
    for (let row = 0; row < n * k; row++) {
      const q = Math.floor(row / k);
      for (let i = 0; i < r; i++) {
        const a = dl[row * r + i]!;
        const base = row * p;
        for (let j = 0; j < c; j++) J.data[base + idx[i * c + j]!] = a * h[q * c + j]!;
      }
    }
  }
  return J;
}

/** Copies the upper triangle onto the lower one and multiplies everything by `s`. */
function symmetrizeScaled(M: Mat, s: number): void {
  const N = M.rows;
  const a = M.data;
  for (let i = 0; i < N; i++) {
    a[i * N + i] = a[i * N + i]! * s;
    for (let j = i + 1; j < N; j++) {
      const v = a[i * N + j]! * s;
      a[i * N + j] = v;
      a[j * N + i] = v;
    }
  }
}

/**
 * K = JJᵀ/n (nk × nk, row q·k + c) = (1/n) Σ_l (Δ_lΔ_lᵀ) ⊙ (H_lH_lᵀ ⊗ 𝟙_{k×k}) (gn-math.md §2;
 * for L = 2 this is the §6 closed form), upper triangles only, then mirrored. With `masks`,
 * the GN over the kept weights (pruned layers per sample, see the module comment).
 * O(Σ_l (nk)²·s_{l+1} + n²·s_l) flops for dense layers, O(n²·(s_ls_{l+1} + k²s_{l+1})/2) for
 * pruned ones; memory (nk)² + 512·nk. `weights` are the effective W̃ˡ; with `biases`, every
 * layer's input is H̃_l = [H_l, 𝟙] (module comment, gn-math.md §11).
 */
export function structuredGramNk(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
  masks?: readonly Mask[] | null,
  biases?: readonly Float64Array[] | null,
): Mat {
  const { n, k, sizes, H, D, bias } = propagate(weights, X, activation, alpha, biases);
  const N = n * k;
  const K = zeros(N, N);
  // progress: layer l's upper triangle costs ~(N²/2)·s_{l+1} multiply-adds, dense or pruned
  const layers = sizes.length - 1;
  const advance = assemblyCounter(((N * (N + 1)) / 2) * sizes.slice(1).reduce((a, b) => a + b, 0));
  for (let l = 0; l < layers; l++) {
    const mask = masks?.[l];
    const width = sizes[l + 1]!;
    if (isDense(mask))
      addDenseLayerNk(K, H[l]!, D[l]!, n, k, (entries) => advance(entries * width));
    else {
      // H[l] is H̃_l with biases: the pruned layer's mask gains the (kept) bias column
      const m = bias ? augmentMask(mask!, sizes[l + 1]!, sizes[l]!) : mask!;
      addPrunedLayerNk(K, H[l]!, D[l]!, m, n, k, (entries) => advance(entries * width));
    }
  }
  symmetrizeScaled(K, 1 / n);
  return K;
}

/** K_l = J_lJ_lᵀ/n (J_l: layer l's kept columns of J): the non-zero spectrum of G's block G_ll. */
export function layerGramNk(prop: Propagation, l: number, mask?: Mask | null): Mat {
  const { n, k, sizes, H, D, bias } = prop;
  const K = zeros(n * k, n * k);
  if (isDense(mask ?? undefined)) addDenseLayerNk(K, H[l]!, D[l]!, n, k);
  else {
    const m = bias ? augmentMask(mask!, sizes[l + 1]!, sizes[l]!) : mask!;
    addPrunedLayerNk(K, H[l]!, D[l]!, m, n, k);
  }
  symmetrizeScaled(K, 1 / n);
  return K;
}

/**
 * K (upper) += (ΔΔᵀ) ⊙ (HHᵀ ⊗ 𝟙_{k×k}) for one dense layer; `done(entries)` after each block of
 * rows, with the upper-triangle entries it filled.
 */
function addDenseLayerNk(
  K: Mat,
  Hl: Mat,
  Dl: Mat,
  n: number,
  k: number,
  done?: (entries: number) => void,
): void {
  const N = n * k;
  const s = sampleGram(Hl);
  for (let a0 = 0; a0 < N; a0 += NK_ROW_BLOCK) {
    addDenseRowsNk(K.data, (a) => a * N, Dl, s, n, k, a0);
    done?.(upperEntries(N, a0, Math.min(N, a0 + NK_ROW_BLOCK)));
  }
}

/** Samples per step of the p × p assembly: a multiple of GEMM_KC (the digits do not depend on it). */
const SAMPLE_BLOCK = 2 * GEMM_KC;
/** Pair columns per tile of A and B (bounds their scratch to SAMPLE_BLOCK × PAIR_TILE each). */
const PAIR_TILE = 4096;

/** Index pairs of one block: (i, i') over rows (A) and (j, j') over columns (B). */
interface BlockPairs {
  l: number;
  l2: number;
  /** A columns: (ia[t], ib[t]), i over s_{l+1}, i' over s_{l2+1} (i ≤ i' on diagonal blocks) */
  ia: Int32Array;
  ib: Int32Array;
  /** B columns: (ja[t], jb[t]), j over s_l, j' over s_{l2} (j ≤ j' on diagonal blocks) */
  ja: Int32Array;
  jb: Int32Array;
  /** R = AᵀB summed over all samples, ia.length × ja.length */
  R: Float64Array;
}

function pairs(a: number, b: number, diagonal: boolean): [Int32Array, Int32Array] {
  const count = diagonal ? (a * (a + 1)) / 2 : a * b;
  const x = new Int32Array(count);
  const y = new Int32Array(count);
  let t = 0;
  for (let i = 0; i < a; i++)
    for (let j = diagonal ? i : 0; j < b; j++, t++) {
      x[t] = i;
      y[t] = j;
    }
  return [x, y];
}

/**
 * G = JᵀJ/n (p × p, or over the kept weights when `masks` is given) by blocks (l ≤ l'), each one
 * GEMM over the samples in pair coordinates (module comment), the samples streamed through
 * propagate() SAMPLE_BLOCK at a time (memory independent of n). `weights` are the effective W̃ˡ.
 * O(Σ_{l≤l'} 2n·|pairs_A|·|pairs_B|) ≈ n·p² flops (diagonal blocks a quarter), memory ≈ 1.5 p².
 * With `biases` the inputs are H̃_l = [H_l, 𝟙] and G includes the bias rows and columns
 * (b¹ … bᴸ after the weights; biases are never pruned).
 */
export function structuredGnP(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
  masks?: readonly Mask[] | null,
  biases?: readonly Float64Array[] | null,
): Mat {
  const n = X.rows;
  const sizes = layerSizes(weights, X.cols);
  const L = weights.length;
  const bias = hasBiases(biases);
  // input widths: s_l, or s_l + 1 for the augmented H̃_l (gn-math.md §11)
  const inW = sizes.map((s) => s + (bias ? 1 : 0));
  const blocks: BlockPairs[] = [];
  for (let l = 0; l < L; l++)
    for (let l2 = l; l2 < L; l2++) {
      const diagonal = l === l2;
      const [ia, ib] = pairs(sizes[l + 1]!, sizes[l2 + 1]!, diagonal);
      const [ja, jb] = pairs(inW[l]!, inW[l2]!, diagonal);
      blocks.push({ l, l2, ia, ib, ja, jb, R: new Float64Array(ia.length * ja.length) });
    }
  // scratch for one tile of A and of B, no larger than the largest block needs
  const rowsPerStep = Math.min(n, SAMPLE_BLOCK);
  const widest = (pick: (b: BlockPairs) => Int32Array): number =>
    Math.min(PAIR_TILE, Math.max(0, ...blocks.map((b) => pick(b).length)));
  const scratchA = new Float64Array(rowsPerStep * widest((b) => b.ia));
  const scratchB = new Float64Array(rowsPerStep * widest((b) => b.ja));
  // progress: a tile of aw × bw pairs over qb samples is qb·aw·bw multiply-adds of R += AᵀB; then
  // scattering R into G, SCATTER_UNITS per pair
  const pairCount = blocks.reduce((a, b) => a + b.ia.length * b.ja.length, 0);
  const advance = assemblyCounter((n + SCATTER_UNITS) * pairCount);
  for (let q0 = 0; q0 < n; q0 += SAMPLE_BLOCK) {
    const q1 = Math.min(n, q0 + SAMPLE_BLOCK);
    const prop = propagate(weights, sampleRows(X, q0, q1), activation, alpha, biases);
    for (const blk of blocks) accumulateBlock(blk, prop, scratchA, scratchB, advance);
  }
  return scatterBlocks(blocks, sizes, n, bias, masks, (pairs) => advance(SCATTER_UNITS * pairs));
}

/**
 * Scattering one pair of R into G costs about as much as this many multiply-adds of the tiles
 * (measured in Node on one thread, n = 1000, m = 100, p = 5900: 1.97 s of tiles for 1.14·10¹⁰
 * multiply-adds, 0.30 s to scatter 1.14·10⁷ pairs); only the progress bar uses it.
 */
const SCATTER_UNITS = 150;

/** R += AᵀB for one block and one chunk of samples, tile by tile over the pair columns. */
function accumulateBlock(
  blk: BlockPairs,
  prop: Propagation,
  scratchA: Float64Array,
  scratchB: Float64Array,
  done: (units: number) => void,
): void {
  const { n: qb, k, H, D } = prop;
  const { l, l2, ia, ib, ja, jb, R } = blk;
  const Pa = ia.length;
  const Pb = ja.length;
  const d1 = D[l]!.data;
  const d2 = D[l2]!.data;
  const r1 = D[l]!.cols;
  const r2 = D[l2]!.cols;
  const h1 = H[l]!.data;
  const h2 = H[l2]!.data;
  const c1 = H[l]!.cols;
  const c2 = H[l2]!.cols;
  for (let a0 = 0; a0 < Pa; a0 += PAIR_TILE) {
    const aw = Math.min(PAIR_TILE, Pa - a0);
    // A[q, t] = C_q[ia, ib] = Σ_c Δ_l[(q,c), ia]·Δ_l2[(q,c), ib]
    scratchA.fill(0, 0, qb * aw);
    for (let q = 0; q < qb; q++) {
      const arow = q * aw;
      for (let c = 0; c < k; c++) {
        const o1 = (q * k + c) * r1;
        const o2 = (q * k + c) * r2;
        for (let t = 0; t < aw; t++)
          scratchA[arow + t] = scratchA[arow + t]! + d1[o1 + ia[a0 + t]!]! * d2[o2 + ib[a0 + t]!]!;
      }
    }
    for (let b0 = 0; b0 < Pb; b0 += PAIR_TILE) {
      const bw = Math.min(PAIR_TILE, Pb - b0);
      // B[q, t] = h_q[ja]·h'_q[jb]
      for (let q = 0; q < qb; q++) {
        const brow = q * bw;
        for (let t = 0; t < bw; t++)
          scratchB[brow + t] = h1[q * c1 + ja[b0 + t]!]! * h2[q * c2 + jb[b0 + t]!]!;
      }
      gemm(
        aw,
        bw,
        qb,
        { data: scratchA, offset: 0, ld: aw },
        { data: scratchB, offset: 0, ld: bw },
        { data: R, offset: a0 * Pb + b0, ld: Pb },
        { transA: true },
      );
      done(qb * aw * bw);
    }
  }
}

/** G from the block sums R (divided by n), then restricted to the kept weights (and every bias). */
function scatterBlocks(
  blocks: readonly BlockPairs[],
  sizes: readonly number[],
  n: number,
  bias: boolean,
  masks: readonly Mask[] | null | undefined,
  done: (pairs: number) => void,
): Mat {
  const { p, pW, cols } = columnLayout(sizes, bias);
  const G = zeros(p, p);
  const g = G.data;
  const inv = 1 / n;
  const inW = sizes.map((s) => s + (bias ? 1 : 0));
  for (const { l, l2, ia, ib, ja, jb, R } of blocks) {
    const c1 = inW[l]!;
    const c2 = inW[l2]!;
    const x1 = cols[l]!;
    const x2 = cols[l2]!;
    const Pb = ja.length;
    for (let a = 0; a < ia.length; a++) {
      const i = ia[a]!;
      const i2 = ib[a]!;
      for (let b = 0; b < Pb; b++) {
        const j = ja[b]!;
        const j2 = jb[b]!;
        const v = R[a * Pb + b]! * inv;
        const row = x1[i * c1 + j]!;
        const col = x2[i2 * c2 + j2]!;
        g[row * p + col] = v;
        g[col * p + row] = v;
        if (l === l2) {
          // C_q and h_qh_qᵀ symmetric: ((i,j'), (i',j)) has the same value
          const row2 = x1[i * c1 + j2]!;
          const col2 = x1[i2 * c1 + j]!;
          g[row2 * p + col2] = v;
          g[col2 * p + row2] = v;
        }
      }
    }
    done(ia.length * Pb);
  }
  if (!masks || masks.every((m) => isDense(m))) return G;
  const kept: number[] = [];
  let off = 0;
  masks.forEach((m) => {
    for (let t = 0; t < m.length; t++) if (m[t]) kept.push(off + t);
    off += m.length;
  });
  for (let c = pW; c < p; c++) kept.push(c); // biases are never pruned
  const pk = kept.length;
  const out = zeros(pk, pk);
  for (let s = 0; s < pk; s++) {
    const src = kept[s]! * p;
    for (let t = 0; t < pk; t++) out.data[s * pk + t] = g[src + kept[t]!]!;
  }
  return out;
}
