/**
 * The bounds of gn-math.md §5 carried over to (residual) linear networks with biases
 * (gn-math.md §11, an extension: every one is reported with `proved: false`). With the augmented
 * layers Ŵˡ = [[W̃ˡ, bˡ], [0, 1]] and Q̂_l = Ŵ^{l−1:1} (./biasLinear.ts),
 *
 *   M = (I_k ⊗ Σ̃^{1/2}) UUᵀ (I_k ⊗ Σ̃^{1/2}),   UUᵀ = Σ_l A_l ⊗ B_l,
 *   A_l = P_lP_lᵀ,   B_l = Q̂_lᵀQ̂_l = Q̃_lᵀQ̃_l + eeᵀ   ((d+1) × (d+1)),
 *
 * which is §5's setting with (d, Σ, Q_l) replaced by (d+1, Σ̃, Q̂_l). Each §5 argument is Weyl's
 * inequality on this PSD Kronecker sum and the sandwich by Σ̃^{1/2}, so:
 * - separation: κ ≤ κ⁺(Σ̃)·κ(UUᵀ) when UUᵀ ≻ 0 (k(d+1) × k(d+1));
 * - convex / max: a_l = σ₁(P_l)σ₁(Q̂_l), b_l = σ_k(P_l)σ_{d+1}(Q̂_l) (σ_{d+1}(Q̂_l) = 0 when a
 *   width below l is < d: then rank Q̂_l = rank Q_l + 1 < d + 1);
 * - layerwise: σ₁(P_l) ≤ Π_{i>l} σ₁(W̃ⁱ), σ_k(P_l) ≥ Π_{i>l} σ_min(W̃ⁱ) as in §5, and
 *   σ₁(Q̂_l) ≤ Π_{i<l} σ₁(Ŵⁱ), σ_{d+1}(Q̂_l) ≥ Π_{i<l} σ_min(Ŵⁱ) (Ŵ¹ tall with m ≥ d, the rest
 *   square): the layers below l enter through Ŵⁱ, those above through W̃ⁱ (Ŵᴸ never appears);
 * - residualWeyl: §4's Weyl step on both: W̃ⁱ = βE + Wⁱ as in §5, and
 *   Ŵⁱ = [[βE, 0], [0, 1]] + [[Wⁱ, bⁱ], [0, 0]], so σ₁(Ŵⁱ) ≤ max(β, 1) + σ₁([Wⁱ, bⁱ]) and
 *   σ_min(Ŵⁱ) ≥ min(β, 1) − σ₁([Wⁱ, bⁱ]); it needs β > σ₁(Wⁱ) where W̃ⁱ is used and
 *   min(β, 1) > σ₁([Wⁱ, bⁱ]) where Ŵⁱ is used;
 * - lowerSeparation: max(κ(UUᵀ)/κ(Σ̃), κ(Σ̃)/κ(UUᵀ)) when Σ̃ ≻ 0 and UUᵀ ≻ 0;
 * - lowerTrace: rank·max_l λ_max(A_l)λ_max(B′_l) / Σ_l tr(A_l)tr(B′_l), B′_l = R̂_lᵀR̂_l.
 * All seven carry over; whether each applies is decided per configuration, as in §5.
 */
import { eigvalsSym, singularValues } from '../linalg/eigSym';
import { gemmGram, gemmKronSum } from '../linalg/gemm';
import { trace, type Mat } from '../linalg/matrix';
import { PD_RTOL, type SigmaInfo } from '../data/synthetic';
import type { BoundId, BoundResult, GnConfig } from '../types';
import {
  applied,
  extremes,
  layerwiseShapeProblem,
  linearBoundsNotApplicable,
  notApplicable,
  sigmaExtremes,
} from './bounds';
import { hasSkip } from './init';
import type { ReducedTerms } from './linear';

type Bounds = Partial<Record<BoundId, BoundResult>>;

/** The label every applicable bias bound carries. */
export const BIAS_EXTENSION =
  'bias extension (gn-math.md §11): the §5 bound with B_l = Q̃_lᵀQ̃_l + eeᵀ and Σ̃ = X̃ᵀX̃/n, X̃ = [X, 1]';

/** A bias bound: an extension (proved false), labelled when it applies. */
function ext(r: BoundResult): BoundResult {
  return r.applies ? { ...r, proved: false, reason: BIAS_EXTENSION } : { ...r, proved: false };
}

function na(id: BoundId, why: string): BoundResult {
  return ext(notApplicable(id, `${why} (bias extension, gn-math.md §11)`));
}

export interface BiasBoundInputs {
  config: GnConfig;
  /** Wˡ as initialised (no skips) */
  rawWeights: readonly Mat[];
  /** W̃ˡ = Wˡ + βE_l */
  effWeights: readonly Mat[];
  biases: readonly Float64Array[];
  /** Ŵˡ = [[W̃ˡ, bˡ], [0, 1]] */
  hatWeights: readonly Mat[];
  /** Q̂_l = Ŵ^{l−1:1} ((m_{l−1}+1) × (d+1)), Q̂_1 = I_{d+1} */
  Qhat: readonly Mat[];
  /** A_l = P_lP_lᵀ and the augmented R̂_l = Q̂_l F̃, B′_l = R̂_lᵀR̂_l */
  terms: ReducedTerms;
  sigmaAug: SigmaInfo;
  kappa: number;
  rank: number;
}

/** λ_max and λ_min (0 below PD_RTOL·λ_max) of an ascending spectrum. */
function pdExtremes(ev: Float64Array): { max: number; min: number } {
  const max = ev[ev.length - 1] ?? 0;
  const min = ev[0] ?? 0;
  return { max, min: max > 0 && min > PD_RTOL * max ? min : 0 };
}

/** The seven §5 bounds with biases (see the file comment for each derivation). */
export function biasLinearBounds(inp: BiasBoundInputs): Bounds {
  const { config, sigmaAug, kappa } = inp;
  const L = config.L;
  const kS = sigmaAug.kappaPlus;
  const out: Bounds = {};
  let uu: { max: number; min: number } | null = null;
  const uuExt = (): { max: number; min: number } =>
    (uu ??= pdExtremes(
      (() => {
        const U = gemmKronSum(
          inp.terms.A.map((A, l) => ({ A, B: gemmGram(inp.Qhat[l]!, 'cols') })),
        );
        return eigvalsSym(U.data, U.rows);
      })(),
    ));
  const uuPd = (): boolean => L === 1 || uuExt().min > 0;
  const kappaUU = (): number => (L === 1 ? 1 : uuExt().max / uuExt().min);
  const uuWhy = 'needs UUᵀ = Σ_l P_lP_lᵀ ⊗ (Q̃_lᵀQ̃_l + eeᵀ) ≻ 0, but it is singular';

  out.separation = uuPd()
    ? ext(applied('separation', kS * kappaUU(), kappa))
    : na('separation', `${uuWhy}: ${bottleneck(config)}`);
  Object.assign(out, convexAndMax(inp, kS));
  Object.assign(out, layerwiseBounds(inp, kS));

  if (!Number.isFinite(sigmaAug.kappaFull))
    out.lowerSeparation = na(
      'lowerSeparation',
      `needs Σ̃ ≻ 0, but rank Σ̃ = ${sigmaAug.rank} < d + 1 = ${config.d + 1}`,
    );
  else if (!uuPd()) out.lowerSeparation = na('lowerSeparation', uuWhy);
  else {
    const kU = kappaUU();
    const kSig = sigmaAug.kappaFull;
    out.lowerSeparation = ext(applied('lowerSeparation', Math.max(kU / kSig, kSig / kU), kappa));
  }

  let num = 0;
  let den = 0;
  for (let l = 0; l < L; l++) {
    const lamA = extremes(inp.terms.A[l]!).max;
    const lamB = (singularValues(inp.terms.R[l]!)[0] ?? 0) ** 2;
    num = Math.max(num, lamA * lamB);
    den += trace(inp.terms.A[l]!) * trace(inp.terms.B[l]!);
  }
  out.lowerTrace =
    den > 0 && inp.rank > 0
      ? ext(applied('lowerTrace', (inp.rank * num) / den, kappa))
      : na('lowerTrace', 'the GN is zero (rank 0)');
  return out;
}

function bottleneck(config: GnConfig): string {
  const q = Math.min(Infinity, ...config.m);
  if (q < Math.min(config.d, config.k))
    return `a hidden width (${q}) is below min(d, k) = ${Math.min(config.d, config.k)}`;
  return 'numerically (smallest eigenvalue below 1e-13 · largest)';
}

/** convex (B1) and max (B2) with a_l = σ₁(P_l)σ₁(Q̂_l), b_l = σ_k(P_l)σ_{d+1}(Q̂_l). */
function convexAndMax(inp: BiasBoundInputs, kS: number): Bounds {
  const { config, kappa } = inp;
  const widths = config.m;
  const a: number[] = [];
  const b: number[] = [];
  for (let l = 1; l <= config.L; l++) {
    const Pl = extremes(inp.terms.A[l - 1]!);
    const Ql = sigmaExtremes(inp.Qhat[l - 1]!);
    const minAbove = Math.min(Infinity, ...widths.slice(l - 1));
    const minBelow = Math.min(Infinity, ...widths.slice(0, l - 1));
    a.push(Math.sqrt(Pl.max) * Ql.s1);
    b.push((minAbove < config.k ? 0 : Math.sqrt(Pl.min)) * (minBelow < config.d ? 0 : Ql.smin));
  }
  const sumA2 = a.reduce((s, x) => s + x * x, 0);
  const sumB2 = b.reduce((s, x) => s + x * x, 0);
  const zero = b.flatMap((x, i) => (x > 0 ? [] : [i + 1]));
  const why = `b_l = σ_k(P_l)σ_{d+1}(Q̂_l) = 0 for layer${zero.length > 1 ? 's' : ''} ${zero.join(', ')}: ${bottleneck(config)}`;
  return {
    convex:
      sumB2 > 0
        ? ext(applied('convex', (kS * sumA2) / sumB2, kappa))
        : na('convex', `every ${why}`),
    max:
      zero.length === 0
        ? ext(applied('max', kS * Math.max(...a.map((x, i) => (x * x) / (b[i]! * b[i]!))), kappa))
        : na('max', `needs every b_l > 0, but ${why}`),
  };
}

/**
 * κ⁺(Σ̃)·Σ_l Π_{i>l} s_i² Π_{i<l} ŝ_i² / Σ_l Π_{i>l} t_i² Π_{i<l} t̂_i² (layers above l through
 * W̃ⁱ, below through Ŵⁱ); null when the denominator is 0.
 */
function mixedLayerwise(
  above: { s: number[]; t: number[] },
  below: { s: number[]; t: number[] },
  kS: number,
): number | null {
  const L = above.s.length;
  let num = 0;
  let den = 0;
  for (let l = 0; l < L; l++) {
    let ps = 1;
    let pt = 1;
    for (let i = 0; i < L; i++) {
      if (i === l) continue;
      const src = i > l ? above : below;
      ps *= src.s[i]! * src.s[i]!;
      pt *= src.t[i]! * src.t[i]!;
    }
    num += ps;
    den += pt;
  }
  return den > 0 ? (kS * num) / den : null;
}

/** layerwise (B3) and residualWeyl with biases. */
function layerwiseBounds(inp: BiasBoundInputs, kS: number): Bounds {
  const { config, kappa } = inp;
  const shape = layerwiseShapeProblem(config);
  const own = (ms: readonly Mat[]): { s: number[]; t: number[] } => {
    const e = ms.map((m) => sigmaExtremes(m));
    return { s: e.map((x) => x.s1), t: e.map((x) => x.smin) };
  };
  const above = own(inp.effWeights);
  const below = own(inp.hatWeights);
  const out: Bounds = {};
  if (shape) out.layerwise = na('layerwise', shape);
  else {
    const v = mixedLayerwise(above, below, kS);
    out.layerwise =
      v === null
        ? na('layerwise', 'the smallest singular value of some W̃ˡ or Ŵˡ is 0')
        : ext(applied('layerwise', v, kappa));
  }
  if (config.L === 1) out.residualWeyl = ext(applied('residualWeyl', kS, kappa));
  else if (config.beta === 0) out.residualWeyl = na('residualWeyl', 'no residual skips (β = 0)');
  else if (shape) out.residualWeyl = na('residualWeyl', shape);
  else out.residualWeyl = residualWeyl(inp, above, below, kS);
  return out;
}

/** residualWeyl with biases: the Weyl replacements of the file comment on every skipped layer. */
function residualWeyl(
  inp: BiasBoundInputs,
  ownAbove: { s: number[]; t: number[] },
  ownBelow: { s: number[]; t: number[] },
  kS: number,
): BoundResult {
  const { config, rawWeights, biases } = inp;
  const beta = config.beta;
  const L = config.L;
  const above = { s: ownAbove.s.slice(), t: ownAbove.t.slice() };
  const below = { s: ownBelow.s.slice(), t: ownBelow.t.slice() };
  const bad: string[] = [];
  for (let l = 1; l <= L; l++) {
    const w = rawWeights[l - 1]!;
    if (!hasSkip(config, l, w.rows, w.cols)) continue;
    const s1 = sigmaExtremes(w).s1;
    if (l > 1) {
      // W̃ˡ enters P_j for j < l
      if (!(beta > s1)) bad.push(`σ₁(W${l}) = ${s1.toPrecision(3)} ≥ β`);
      above.s[l - 1] = s1 + beta;
      above.t[l - 1] = beta - s1;
    }
    if (l < L) {
      // Ŵˡ enters Q̂_j for j > l
      const sb = sigmaExtremes(withColumn(w, biases[l - 1]!)).s1;
      const lo = Math.min(beta, 1);
      if (!(lo > sb)) bad.push(`σ₁([W${l}, b${l}]) = ${sb.toPrecision(3)} ≥ min(β, 1)`);
      below.s[l - 1] = Math.max(beta, 1) + sb;
      below.t[l - 1] = lo - sb;
    }
  }
  if (bad.length > 0)
    return na(
      'residualWeyl',
      `needs β > σ₁(Wˡ) and min(β, 1) > σ₁([Wˡ, bˡ]) on the skipped layers; β = ${beta} but ${bad.slice(0, 3).join(', ')}${bad.length > 3 ? ', …' : ''}`,
    );
  const v = mixedLayerwise(above, below, kS);
  return v === null
    ? na('residualWeyl', 'a layer without a skip is singular')
    : ext(applied('residualWeyl', v, inp.kappa));
}

/** [W, b] (rows × (cols+1)). */
function withColumn(w: Mat, b: Float64Array): Mat {
  const cols = w.cols + 1;
  const data = new Float64Array(w.rows * cols);
  for (let i = 0; i < w.rows; i++) {
    data.set(w.data.subarray(i * w.cols, (i + 1) * w.cols), i * cols);
    data[i * cols + w.cols] = b[i]!;
  }
  return { rows: w.rows, cols, data };
}

/**
 * Pruned (residual) linear nets with biases: §14's separation argument on the augmented rows
 * (the pruned UUᵀ with each C_i gaining eeᵀ, Σ̃ in place of Σ); the per-layer bounds do not apply.
 */
export function biasPrunedBounds(inp: {
  config: GnConfig;
  sigmaAug: SigmaInfo;
  kappa: number;
  uuEigenvalues: () => Float64Array;
}): Bounds {
  const { sigmaAug, kappa } = inp;
  const out = linearBoundsNotApplicable(
    `needs dense layers: pruning replaces the Kronecker term P_lP_lᵀ ⊗ B_l of each layer by a sum over rows (${Math.round(inp.config.prune * 100)}% of each Wˡ pruned; bias extension, gn-math.md §11, §14)`,
  );
  for (const id of Object.keys(out) as BoundId[]) out[id] = ext(out[id]!);
  const uu = pdExtremes(inp.uuEigenvalues());
  const pd = uu.min > 0;
  const kU = pd ? uu.max / uu.min : Infinity;
  out.separation = pd
    ? ext(applied('separation', sigmaAug.kappaPlus * kU, kappa))
    : na('separation', 'needs the pruned UUᵀ ≻ 0; pruning made it singular');
  if (!Number.isFinite(sigmaAug.kappaFull))
    out.lowerSeparation = na(
      'lowerSeparation',
      `needs Σ̃ ≻ 0, but rank Σ̃ = ${sigmaAug.rank} < d + 1 = ${inp.config.d + 1}`,
    );
  else if (!pd) out.lowerSeparation = na('lowerSeparation', 'needs the pruned UUᵀ ≻ 0');
  else
    out.lowerSeparation = ext(
      applied('lowerSeparation', Math.max(kU / sigmaAug.kappaFull, sigmaAug.kappaFull / kU), kappa),
    );
  return out;
}
