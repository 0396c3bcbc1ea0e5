/**
 * Every bound of gn-math.md §5 on κ(G) for (residual) linear networks, each with its value, kind,
 * provenance (proved in the paper, or an extension), applicability with the reason in words, and
 * its ratio to the actual κ. Notation: a_l = σ₁(P_l)σ₁(Q_l), b_l = σ_k(P_l)σ_d(Q_l).
 */
import { eigvalsSym, singularValues } from '../linalg/eigSym';
import { trace, type Mat } from '../linalg/matrix';
import type { BoundId, BoundResult, GnConfig } from '../types';
import { PD_RTOL, type SigmaInfo } from '../data/synthetic';
import { hasSkip } from './init';
import type { ReducedTerms } from './linear';
import type { TwoLayerParts } from './nonlinear';
import { twoLayerSingularByRank, type TwoLayerShape } from './twoLayerRanks';

/** Everything the bounds are computed from (all already available after the reduced matrix). */
export interface LinearBoundInputs {
  config: GnConfig;
  /** Wˡ as initialised (no skips), for the Weyl bound of §4 */
  rawWeights: readonly Mat[];
  /** W̃ˡ = Wˡ + βE_l */
  effWeights: readonly Mat[];
  Q: readonly Mat[];
  terms: ReducedTerms;
  sigma: SigmaInfo;
  kappa: number;
  /** rank of M (the count of eigenvalues above the cut-off) */
  rank: number;
  /** eigenvalues (ascending) of UUᵀ = Σ_l P_lP_lᵀ ⊗ Q_lᵀQ_l, computed lazily (kd × kd) */
  uuEigenvalues: () => Float64Array;
}

const PROVED: Record<BoundId, boolean> = {
  separation: true,
  convex: true,
  max: true,
  layerwise: true,
  residualWeyl: false,
  lowerSeparation: false,
  lowerTrace: false,
  relu: true,
};

const KIND: Record<BoundId, 'upper' | 'lower'> = {
  separation: 'upper',
  convex: 'upper',
  max: 'upper',
  layerwise: 'upper',
  residualWeyl: 'upper',
  lowerSeparation: 'lower',
  lowerTrace: 'lower',
  relu: 'upper',
};

/** A bound that holds, with its ratio to κ. */
export function applied(id: BoundId, value: number, kappa: number): BoundResult {
  // A bound that overflowed (or is NaN) is no bound at all: say so instead of showing ∞.
  if (!Number.isFinite(value))
    return notApplicable(
      id,
      'its value overflows float64 (products of singular values beyond 1e308)',
    );
  const ratio = Number.isFinite(kappa) && kappa > 0 ? value / kappa : null;
  return { id, value, kind: KIND[id], applies: true, proved: PROVED[id], ratio };
}

/** A bound that does not apply here, with the reason in words. */
export function notApplicable(id: BoundId, reason: string): BoundResult {
  return {
    id,
    value: null,
    kind: KIND[id],
    applies: false,
    proved: PROVED[id],
    ratio: null,
    reason,
  };
}

/** The §5 bound ids, in display order. */
export const LINEAR_BOUND_IDS: readonly BoundId[] = [
  'separation',
  'convex',
  'max',
  'layerwise',
  'residualWeyl',
  'lowerSeparation',
  'lowerTrace',
];

/** All §5 bounds marked not applicable with one reason (e.g. a nonlinear network). */
export function linearBoundsNotApplicable(reason: string): Partial<Record<BoundId, BoundResult>> {
  const out: Partial<Record<BoundId, BoundResult>> = {};
  for (const id of LINEAR_BOUND_IDS) out[id] = notApplicable(id, reason);
  return out;
}

/** λ_max and λ_min of a symmetric PSD matrix, λ_min set to 0 below PD_RTOL·λ_max (§5). */
export function extremes(a: Mat): { max: number; min: number } {
  const ev = eigvalsSym(a.data, a.rows);
  const max = Math.max(0, ev[ev.length - 1] ?? 0);
  const rawMin = ev[0] ?? 0;
  return { max, min: rawMin > PD_RTOL * max ? rawMin : 0 };
}

/** σ₁ and σ_min (the min(rows, cols)-th singular value, 0 below √PD_RTOL·σ₁) of a matrix. */
export function sigmaExtremes(a: Mat): { s1: number; smin: number } {
  const s = singularValues(a);
  const s1 = s[0] ?? 0;
  const last = s[s.length - 1] ?? 0;
  return { s1, smin: last * last > PD_RTOL * s1 * s1 ? last : 0 };
}

/** One layer's singular values of its partial products (gn-math.md §5), structural zeros applied. */
export interface LayerFactors {
  /** σ₁(P_l) and σ_k(P_l) (0 when a width above l is below k, or below the cut-off) */
  sigmaMaxP: number;
  sigmaMinP: number;
  /** σ₁(Q_l) and σ_d(Q_l) (0 when a width below l is below d, or below the cut-off) */
  sigmaMaxQ: number;
  sigmaMinQ: number;
  /** a_l = σ₁(P_l)σ₁(Q_l) and b_l = σ_k(P_l)σ_d(Q_l) */
  a: number;
  b: number;
}

/**
 * σ₁, σ_k of P_l (from A_l = P_lP_lᵀ) and σ₁, σ_d of Q_l for every layer, with the structural
 * zeros of gn-math.md §5: the factors every per-layer bound is built from.
 */
export function layerFactors(
  config: Pick<GnConfig, 'L' | 'd' | 'k' | 'm'>,
  A: readonly Mat[],
  Q: readonly Mat[],
): LayerFactors[] {
  const { d, k, m: widths } = config;
  const out: LayerFactors[] = [];
  for (let l = 1; l <= config.L; l++) {
    const Pl = extremes(A[l - 1]!); // P_lP_lᵀ, k×k
    const Ql = sigmaExtremes(Q[l - 1]!);
    const minAbove = Math.min(Infinity, ...widths.slice(l - 1)); // m_l … m_{L−1}
    const minBelow = Math.min(Infinity, ...widths.slice(0, l - 1)); // m_1 … m_{l−1}
    const sigmaMaxP = Math.sqrt(Pl.max);
    const sigmaMinP = minAbove < k ? 0 : Math.sqrt(Pl.min);
    const sigmaMinQ = minBelow < d ? 0 : Ql.smin;
    out.push({
      sigmaMaxP,
      sigmaMinP,
      sigmaMaxQ: Ql.s1,
      sigmaMinQ,
      a: sigmaMaxP * Ql.s1,
      b: sigmaMinP * sigmaMinQ,
    });
  }
  return out;
}

/**
 * Computes separation (B0), convex (B1), max (B2), layerwise (B3), residualWeyl,
 * lowerSeparation and lowerTrace for a (residual) linear network (gn-math.md §5).
 * Cost: L small eigenproblems (k×k and min(m, d)²) plus, for separation/lowerSeparation,
 * the kd × kd spectrum of UUᵀ (skipped when no bound needs it).
 */
export function linearBounds(inp: LinearBoundInputs): Partial<Record<BoundId, BoundResult>> {
  const { config, Q, sigma, kappa } = inp;
  const L = config.L;
  const d = config.d;
  const kS = sigma.kappaPlus;
  const out: Partial<Record<BoundId, BoundResult>> = {};

  const factors = layerFactors(config, inp.terms.A, Q);
  const a = factors.map((f) => f.a);
  const b = factors.map((f) => f.b);
  const sumA2 = a.reduce((s, x) => s + x * x, 0);
  const sumB2 = b.reduce((s, x) => s + x * x, 0);

  // separation (B0): κ⁺(Σ)·κ(UUᵀ), needs UUᵀ ≻ 0.
  let uu: { max: number; min: number } | null = null;
  const uuExtremes = (): { max: number; min: number } => {
    if (!uu) {
      const ev = inp.uuEigenvalues();
      const max = ev[ev.length - 1] ?? 0;
      const min = ev[0] ?? 0;
      uu = { max, min: min > PD_RTOL * max ? min : 0 };
    }
    return uu;
  };
  const uuPd = (): boolean => uuExtremes().min > 0;
  const kappaUU = (): number => uuExtremes().max / uuExtremes().min;
  if (L === 1) out.separation = applied('separation', kS, kappa);
  else if (uuPd()) out.separation = applied('separation', kS * kappaUU(), kappa);
  else out.separation = notApplicable('separation', uuReason(config));

  // convex (B1): κ⁺(Σ)·Σa_l²/Σb_l², needs Σb_l² > 0.
  if (sumB2 > 0) out.convex = applied('convex', (kS * sumA2) / sumB2, kappa);
  else
    out.convex = notApplicable(
      'convex',
      `every b_l = σ_k(P_l)σ_d(Q_l) is 0: ${bottleneckText(config)}`,
    );

  // max (B2): κ⁺(Σ)·max_l a_l²/b_l², needs every b_l > 0.
  const zeroLayers = b.flatMap((x, i) => (x > 0 ? [] : [i + 1]));
  if (zeroLayers.length === 0) {
    out.max = applied('max', kS * Math.max(...a.map((x, i) => (x * x) / (b[i]! * b[i]!))), kappa);
  } else {
    out.max = notApplicable(
      'max',
      `needs every b_l > 0, but b_l = 0 for layer${zeroLayers.length > 1 ? 's' : ''} ${zeroLayers.join(', ')} (${bottleneckText(config)})`,
    );
  }

  // layerwise (B3) and its residual Weyl version.
  const shape = layerwiseShapeProblem(config);
  const singular = inp.effWeights.map((w) => sigmaExtremes(w));
  if (shape) out.layerwise = notApplicable('layerwise', shape);
  else {
    const s = singular.map((x) => x.s1);
    const t = singular.map((x) => x.smin);
    out.layerwise = layerwiseValue(
      'layerwise',
      s,
      t,
      kS,
      kappa,
      'the smallest singular value of some W̃ˡ is 0',
    );
  }
  out.residualWeyl = residualWeylBound(inp, shape, kS, kappa);

  // lowerSeparation: max(κ(UUᵀ)/κ(Σ), κ(Σ)/κ(UUᵀ)), needs Σ ≻ 0 and UUᵀ ≻ 0.
  if (!Number.isFinite(sigma.kappaFull)) {
    out.lowerSeparation = notApplicable(
      'lowerSeparation',
      `needs Σ ≻ 0, but rank Σ = ${sigma.rank} < d = ${d}`,
    );
  } else if (L > 1 && !uuPd()) {
    out.lowerSeparation = notApplicable('lowerSeparation', `needs UUᵀ ≻ 0: ${uuReason(config)}`);
  } else {
    const kU = L === 1 ? 1 : kappaUU();
    out.lowerSeparation = applied(
      'lowerSeparation',
      Math.max(kU / sigma.kappaFull, sigma.kappaFull / kU),
      kappa,
    );
  }

  // lowerTrace: rank(M)·max_l λmax(A_l)λmax(B_l) / Σ_l tr(A_l)tr(B_l) (λ_min⁺ ≤ tr/rank).
  let num = 0;
  let den = 0;
  for (let l = 0; l < L; l++) {
    const lamA = extremes(inp.terms.A[l]!).max;
    const lamB = (singularValues(inp.terms.R[l]!)[0] ?? 0) ** 2;
    num = Math.max(num, lamA * lamB);
    den += trace(inp.terms.A[l]!) * trace(inp.terms.B[l]!);
  }
  if (den > 0 && inp.rank > 0)
    out.lowerTrace = applied('lowerTrace', (inp.rank * num) / den, kappa);
  else out.lowerTrace = notApplicable('lowerTrace', 'the GN is zero (rank 0)');
  return out;
}

function uuReason(config: GnConfig): string {
  const q = Math.min(...config.m);
  if (q < Math.max(config.d, config.k)) {
    return `UUᵀ is singular: a hidden width (${q}) is below max(d, k) = ${Math.max(config.d, config.k)}`;
  }
  return 'UUᵀ is numerically singular (smallest eigenvalue below 1e-13 · largest)';
}

function bottleneckText(config: GnConfig): string {
  const q = Math.min(...config.m);
  if (q < config.d || q < config.k)
    return `a hidden width (${q}) is smaller than d = ${config.d} or k = ${config.k}`;
  return 'the partial products are numerically rank-deficient';
}

/** Why B3's structure does not fit, or null when it does (equal hidden widths ≥ max(d, k)). */
export function layerwiseShapeProblem(config: GnConfig): string | null {
  const widths = config.m;
  if (widths.length === 0) return null;
  const m = widths[0]!;
  if (widths.some((w) => w !== m)) return `needs equal hidden widths; got ${widths.join(', ')}`;
  if (m < Math.max(config.d, config.k))
    return `needs hidden width m ≥ max(d, k) = ${Math.max(config.d, config.k)}; got m = ${m}`;
  return null;
}

/** κ⁺(Σ)·Σ_l Π_{i≠l} s_i² / Σ_l Π_{i≠l} t_i² (gn-math.md §5, B3). */
function layerwiseValue(
  id: BoundId,
  s: number[],
  t: number[],
  kS: number,
  kappa: number,
  zeroReason: string,
): BoundResult {
  const L = s.length;
  let num = 0;
  let den = 0;
  for (let l = 0; l < L; l++) {
    let ps = 1;
    let pt = 1;
    for (let i = 0; i < L; i++) {
      if (i === l) continue;
      ps *= s[i]! * s[i]!;
      pt *= t[i]! * t[i]!;
    }
    num += ps;
    den += pt;
  }
  if (!(den > 0)) return notApplicable(id, `the denominator Σ_l Π_{i≠l} t_i² is 0: ${zeroReason}`);
  const value = (kS * num) / den;
  if (!Number.isFinite(value))
    return notApplicable(id, 'the products of singular values overflow float64');
  return applied(id, value, kappa);
}

/** B3 with σ₁(W̃) ≤ σ₁(W) + β and σ_min(W̃) ≥ β − σ₁(W) on skipped layers (gn-math.md §4). */
function residualWeylBound(
  inp: LinearBoundInputs,
  shape: string | null,
  kS: number,
  kappa: number,
): BoundResult {
  const { config, rawWeights, effWeights } = inp;
  if (config.L === 1) return applied('residualWeyl', kS, kappa); // §5 edge case: every upper bound is κ⁺(Σ)
  if (config.beta === 0) return notApplicable('residualWeyl', 'no residual skips (β = 0)');
  if (shape) return notApplicable('residualWeyl', shape);
  const s: number[] = [];
  const t: number[] = [];
  const tooSmall: string[] = [];
  for (let l = 1; l <= config.L; l++) {
    const w = rawWeights[l - 1]!;
    if (hasSkip(config, l, w.rows, w.cols)) {
      const s1 = sigmaExtremes(w).s1;
      if (!(config.beta > s1)) tooSmall.push(`σ₁(W${l}) = ${s1.toPrecision(3)}`);
      s.push(s1 + config.beta);
      t.push(config.beta - s1);
    } else {
      const e = sigmaExtremes(effWeights[l - 1]!);
      s.push(e.s1);
      t.push(e.smin);
    }
  }
  if (tooSmall.length > 0) {
    return notApplicable(
      'residualWeyl',
      `needs β > σ₁(Wˡ) on every skipped layer; β = ${config.beta} but ${tooSmall.slice(0, 3).join(', ')}${tooSmall.length > 3 ? ', …' : ''}`,
    );
  }
  return layerwiseValue('residualWeyl', s, t, kS, kappa, 'a layer without a skip is singular');
}

/** Which of the §6 Gram matrices are singular, and the dead units behind a singular ΦᵀΦ. */
interface TwoLayerSingular {
  x: boolean;
  w: boolean;
  p: boolean;
  deadUnits: number;
}

/** Why the §6 denominator α²λmin(X_cᵀX_c)λmin(WWᵀ) + λmin(ΦᵀΦ) is 0, as the bound's reason. */
function reluNotApplicable(
  slope: number,
  shape: TwoLayerShape,
  zero: TwoLayerSingular,
): BoundResult {
  const why: string[] = [];
  if (slope === 0) why.push('ReLU has α = 0, so only the ΦᵀΦ term can help');
  else if (zero.x) why.push(`X_cᵀX_c is singular (n = ${shape.n} > d = ${shape.d})`);
  else if (zero.w) why.push(`WWᵀ is singular (m = ${shape.m} < k = ${shape.k})`);
  if (zero.p) {
    if (shape.m < shape.n) why.push(`ΦᵀΦ is singular (m = ${shape.m} < n = ${shape.n})`);
    else if (zero.deadUnits > 0)
      why.push(`ΦᵀΦ is singular (${zero.deadUnits} dead unit${zero.deadUnits > 1 ? 's' : ''})`);
    else why.push('ΦᵀΦ is numerically singular');
  }
  return notApplicable(
    'relu',
    `needs n ≤ d and α > 0, or m ≥ n without dead units: ${why.join('; ')}`,
  );
}

/**
 * The §6 bound when the shapes alone make its denominator 0 (./twoLayerRanks.ts), else null:
 * then the n×n Grams must be diagonalised ({@link reluBound}). Skipping them saves most of the
 * bound's cost (two n×n spectra, at n = 1000 more than the GN spectrum of a narrow net).
 */
export function reluBoundFromShapes(
  slope: number,
  shape: TwoLayerShape,
  phiRank: number,
): BoundResult | null {
  const zero = twoLayerSingularByRank(slope, shape, phiRank);
  return zero ? reluNotApplicable(slope, shape, { ...zero, deadUnits: 0 }) : null;
}

/**
 * The two-layer ReLU / leaky-ReLU bound of gn-math.md §6 (proved in the paper):
 * κ ≤ [λmax(X_cᵀX_c)λmax(WWᵀ) + λmax(ΦᵀΦ)] / [α²λmin(X_cᵀX_c)λmin(WWᵀ) + λmin(ΦᵀΦ)],
 * applicable only when the denominator is > 0 (minimum eigenvalues below 1e-13·max count as 0).
 */
export function reluBound(
  parts: TwoLayerParts,
  slope: number,
  kappa: number,
  shape: TwoLayerShape,
): BoundResult {
  const x = extremes(parts.dataGram);
  const w = extremes(parts.outGram);
  const p = extremes(parts.phiGram);
  const num = x.max * w.max + p.max;
  const den = slope * slope * x.min * w.min + p.min;
  if (den > 0 && Number.isFinite(num / den)) return applied('relu', num / den, kappa);
  return reluNotApplicable(slope, shape, {
    x: x.min === 0,
    w: w.min === 0,
    p: p.min === 0,
    deadUnits: parts.deadUnits,
  });
}

/**
 * Bounds for a pruned (residual) linear net. The separation argument (gn-math.md §5, B0) needs only
 * M = (I⊗Σ^{1/2}) U_MU_Mᵀ (I⊗Σ^{1/2}) with U_MU_Mᵀ ≻ 0, so separation and lowerSeparation hold with
 * the pruned U_MU_Mᵀ = Σ_l Σ_i (p_ip_iᵀ) ⊗ (Σ_{j kept} q_jq_jᵀ). The other bounds use each layer's
 * term P_lP_lᵀ ⊗ Q_lᵀQ_l, which pruning replaces by a sum over rows: they do not apply.
 */
export function prunedLinearBounds(inp: {
  config: GnConfig;
  sigma: SigmaInfo;
  kappa: number;
  uuEigenvalues: () => Float64Array;
}): Partial<Record<BoundId, BoundResult>> {
  const { sigma, kappa } = inp;
  const out = linearBoundsNotApplicable(
    `needs dense layers: pruning replaces the Kronecker term P_lP_lᵀ ⊗ Q_lᵀQ_l of each layer by a sum over rows (${Math.round(inp.config.prune * 100)}% of each Wˡ pruned)`,
  );
  const ev = inp.uuEigenvalues();
  const max = ev[ev.length - 1] ?? 0;
  const min = ev[0] ?? 0;
  const pd = max > 0 && min > PD_RTOL * max;
  const kU = pd ? max / min : Infinity;
  out.separation = pd
    ? applied('separation', sigma.kappaPlus * kU, kappa)
    : notApplicable(
        'separation',
        'needs the pruned U_MU_Mᵀ ≻ 0; pruning made it singular (some output–input pair lost every path)',
      );
  if (!Number.isFinite(sigma.kappaFull))
    out.lowerSeparation = notApplicable(
      'lowerSeparation',
      `needs Σ ≻ 0, but rank Σ = ${sigma.rank} < d = ${inp.config.d}`,
    );
  else if (!pd)
    out.lowerSeparation = notApplicable('lowerSeparation', 'needs the pruned U_MU_Mᵀ ≻ 0');
  else
    out.lowerSeparation = applied(
      'lowerSeparation',
      Math.max(kU / sigma.kappaFull, sigma.kappaFull / kU),
      kappa,
    );
  return out;
}
