/**
 * Which layer limits κ (issue #18, item 1; docs/gn-math.md §5, §16):
 * - (residual) linear nets: per layer l the extreme singular values of P_l = W^{L:l+1} and
 *   Q_l = W^{l−1:1} (effective weights, structural zeros of §5), κ(P_l)·κ(Q_l), the weight
 *   γ_l = b_l² / Σ_j b_j² of the convex bound, and the condition number of the layer's diagonal
 *   block of the GN, whose non-zero spectrum is that of A_l ⊗ B_l (§3): the products of the
 *   eigenvalues of P_lP_lᵀ and of R_lᵀR_l, R_l = Q_l F;
 * - other MLPs without batch norm: the condition number of each layer's diagonal block
 *   (./layerBlocks.ts).
 * Each breakdown names the layer that dominates and says why, in words.
 */
import { eigvalsSym } from '../linalg/eigSym';
import type { Mat } from '../linalg/matrix';
import type { GnConfig } from '../types';
import { layerFactors } from '../gn/bounds';
import { layerSizes } from '../gn/init';
import type { ReducedTerms } from '../gn/linear';
import { blockStats, type BlockStats, type LayerBlock } from './layerBlocks';

/** One layer of a (residual) linear net. */
export interface LinearLayerRow {
  /** 1-based layer index */
  layer: number;
  sigmaMaxP: number;
  sigmaMinP: number;
  sigmaMaxQ: number;
  sigmaMinQ: number;
  /** κ(P_l) = σ₁/σ_k and κ(Q_l) = σ₁/σ_d (Infinity when the smallest is 0) */
  kappaP: number;
  kappaQ: number;
  /** κ(P_l)·κ(Q_l) = a_l / b_l */
  kappaPQ: number;
  /** γ_l = b_l² / Σ_j b_j² (0 for every layer when Σ_j b_j² = 0) */
  gamma: number;
  /** the layer's diagonal block of the GN */
  block: BlockStats;
}

/** One layer of a non-linear (or pruned, or biased) MLP. */
export type BlockLayerRow = LayerBlock & { layer: number };

export type LayerBreakdown =
  | { family: 'linear'; layers: LinearLayerRow[]; dominant: number; summary: string }
  | { family: 'blocks'; layers: BlockLayerRow[]; dominant: number | null; summary: string }
  | { family: 'none'; reason: string };

function ratio(top: number, bottom: number): number {
  return bottom > 0 ? top / bottom : Infinity;
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** n in subscript (P₃) or superscript (W²) digits, for the sentences. */
function sub(n: number): string {
  return String(n).replace(/\d/g, (c) => SUB[Number(c)]!);
}
function sup(n: number): string {
  return String(n).replace(/\d/g, (c) => SUP[Number(c)]!);
}
/** W^{a:b} written out: Wᵃ⋯Wᵇ (one factor when a = b). */
function product(a: number, b: number): string {
  return a === b ? `W${sup(a)}` : `W${sup(a)}⋯W${sup(b)}`;
}

/** 3 significant digits; powers of ten (9.13·10⁸) outside [10⁻³, 10⁵). */
function fmt(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  if (x === 0) return '0';
  const e = Math.floor(Math.log10(Math.abs(x)));
  if (e < -3 || e >= 5) {
    const mantissa = Number((x / 10 ** e).toPrecision(3));
    return `${mantissa}·10${e < 0 ? '⁻' : ''}${sup(Math.abs(e))}`;
  }
  return Number(x.toPrecision(3)).toString();
}

/** Eigenvalues of A ⊗ B: every product of an eigenvalue of A and one of B. */
function kronEigenvalues(A: Mat, B: Mat): Float64Array {
  const a = eigvalsSym(A.data, A.rows);
  const b = eigvalsSym(B.data, B.rows);
  const out = new Float64Array(a.length * b.length);
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) out[i * b.length + j] = a[i]! * b[j]!;
  return out;
}

/**
 * The per-layer view of a (residual) linear MLP without biases or pruning, from the products the
 * evaluation forms (src/core/gn/linear.ts: A_l, B_l, and Q_l for the bounds).
 */
export function linearBreakdown(
  config: GnConfig,
  terms: ReducedTerms,
  Q: readonly Mat[],
): LayerBreakdown & { family: 'linear' } {
  const factors = layerFactors(config, terms.A, Q);
  const sumB2 = factors.reduce((s, f) => s + f.b * f.b, 0);
  const sizes = layerSizes(config);
  const layers = factors.map((f, i): LinearLayerRow => {
    const kappaP = ratio(f.sigmaMaxP, f.sigmaMinP);
    const kappaQ = ratio(f.sigmaMaxQ, f.sigmaMinQ);
    const params = sizes[i + 1]! * sizes[i]!;
    return {
      layer: i + 1,
      ...f,
      kappaP,
      kappaQ,
      kappaPQ: ratio(f.a, f.b),
      gamma: sumB2 > 0 ? (f.b * f.b) / sumB2 : 0,
      block: blockStats(kronEigenvalues(terms.A[i]!, terms.B[i]!), params, config.rtol),
    };
  });
  let dominant = 1;
  for (const row of layers) if (row.kappaPQ > layers[dominant - 1]!.kappaPQ) dominant = row.layer;
  return { family: 'linear', layers, dominant, summary: linearSummary(config, layers, dominant) };
}

/** Why the dominant linear layer dominates: a width bottleneck, or a near-singular product. */
function linearSummary(config: GnConfig, layers: readonly LinearLayerRow[], l: number): string {
  const row = layers[l - 1]!;
  const { d, k, m } = config;
  if (config.L === 1)
    return 'With one layer P₁ = I_k and Q₁ = I_d: κ(G) = κ⁺(Σ), no layer can limit it.';
  const zero = layers.filter((r) => r.sigmaMinP === 0 || r.sigmaMinQ === 0).map((r) => r.layer);
  const narrow = Math.min(...m);
  if (zero.length > 0 && narrow < Math.max(d, k)) {
    const where = m.indexOf(narrow) + 1;
    return `A width bottleneck: m${sub(where)} = ${narrow} is below ${narrow < d ? `d = ${d}` : `k = ${k}`}, so bₗ = σ_k(Pₗ)σ_d(Qₗ) = 0 for layer${zero.length > 1 ? 's' : ''} ${zero.join(', ')}: κ(Pₗ)κ(Qₗ) = ∞ there, those layers get no weight in the convex bound (γₗ = 0), and the other layers carry its denominator.`;
  }
  const heaviest = layers.reduce((best, r) => (r.gamma > best.gamma ? r : best), layers[0]!);
  const weight = `Its weight in the convex bound is γ${sub(l)} = ${fmt(row.gamma)}${heaviest.layer !== l ? ` (the largest is γ${sub(heaviest.layer)} = ${fmt(heaviest.gamma)})` : ''}.`;
  const below = row.kappaQ >= row.kappaP;
  const product_ = below
    ? `the product of the layers below it, Q${sub(l)} = ${product(l - 1, 1)}, is the nearer to singular (σ_min(Q${sub(l)}) = ${fmt(row.sigmaMinQ)}, κ(Q${sub(l)}) = ${fmt(row.kappaQ)})`
    : `the product of the layers above it, P${sub(l)} = ${product(config.L, l + 1)}, is the nearer to singular (σ_min(P${sub(l)}) = ${fmt(row.sigmaMinP)}, κ(P${sub(l)}) = ${fmt(row.kappaP)})`;
  return `Layer ${l} limits κ: κ(P${sub(l)})·κ(Q${sub(l)}) = ${fmt(row.kappaPQ)} is the largest of the ${config.L} layers, because ${product_}. ${weight}`;
}

/** The per-layer view from the diagonal blocks of any MLP without batch norm. */
export function blockBreakdown(
  config: GnConfig,
  blocks: readonly LayerBlock[],
): LayerBreakdown & { family: 'blocks' } {
  const layers = blocks.map((b, i): BlockLayerRow => ({ ...b, layer: i + 1 }));
  const computed = layers.filter((r): r is BlockLayerRow & BlockStats => !('skipped' in r));
  if (computed.length === 0)
    return {
      family: 'blocks',
      layers,
      dominant: null,
      summary: 'No block was small enough to diagonalise here (see each layer).',
    };
  const worst = computed.reduce((best, r) => (r.kappa > best.kappa ? r : best), computed[0]!);
  return {
    family: 'blocks',
    layers,
    dominant: worst.layer,
    summary: blockSummary(config, computed, worst),
  };
}

function blockSummary(
  config: GnConfig,
  rows: readonly (BlockLayerRow & BlockStats)[],
  worst: BlockLayerRow & BlockStats,
): string {
  const l = worst.layer;
  if (config.L === 1) return `One layer: its block is the whole GN (κ = ${fmt(worst.kappa)}).`;
  const smallest = rows.every((r) => r.lambdaMin >= worst.lambdaMin);
  const largest = rows.every((r) => r.lambdaMax <= worst.lambdaMax);
  const why = smallest
    ? `its smallest non-zero eigenvalue λ⁺min = ${fmt(worst.lambdaMin)} is the smallest of all blocks`
    : largest
      ? `its largest eigenvalue λmax = ${fmt(worst.lambdaMax)} is the largest of all blocks`
      : `its eigenvalues spread from ${fmt(worst.lambdaMin)} to ${fmt(worst.lambdaMax)}`;
  const rank =
    worst.rank < worst.maxRank
      ? ` Its block is singular: rank ${worst.rank} of at most ${worst.maxRank}`
      : worst.rank < worst.params
        ? ` Its rank ${worst.rank} is capped by the n·k = ${worst.maxRank} outputs (p${sub(l)} = ${worst.params})`
        : '';
  const dead =
    worst.deadInputs > 0
      ? `${rank ? ';' : ' Of its inputs,'} ${worst.deadInputs} unit${worst.deadInputs > 1 ? 's are' : ' is'} dead (0 on every sample)`
      : '';
  const tail = rank || dead ? `${rank}${dead}.` : '';
  return `Layer ${l}'s diagonal block of the GN is the worst conditioned (κ = ${fmt(worst.kappa)}): ${why}.${tail}`;
}
