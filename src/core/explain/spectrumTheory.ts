/**
 * Where the GN spectrum is predicted, the prediction (docs/gn-math.md §12), as an expected number
 * of eigenvalues per interval so a plot can draw it over the histogram in the histogram's units:
 * - L = 1: M = I_k ⊗ Σ (Σ̃ = X̃ᵀX̃/n with biases, §11.1): Σ's eigenvalues, each k times (exact);
 * - L = 2, Σ = σ²I: the eigenvalues are σ²(a_i + b_j), a = eig(W²W²ᵀ), b = eig(W¹ᵀW¹) (exact);
 *   at orthogonal initialisation a and b are 0/1 (projections), so the spectrum is known exactly;
 *   at Gaussian initialisation (variance v_l per entry) a ≈ m v₂·MP(k/m), b ≈ m v₁·MP(d/m) in the
 *   large-width limit, and the eigenvalues follow the law of the sum (./marchenkoPastur.ts).
 * Elsewhere no prediction is claimed, and the reason says why.
 */
import type { GnConfig } from '../types';
import type { SigmaInfo } from '../data/synthetic';
import { activationGain, hasSkip } from '../gn/init';
import { mpSum, type MpLaw } from './marchenkoPastur';

/** A predicted eigenvalue with its multiplicity. */
export interface TheoryAtom {
  value: number;
  count: number;
}

/** The prediction for the current configuration, or why there is none (structured-cloneable). */
export type SpectrumTheory =
  | { kind: 'atoms'; label: string; atoms: TheoryAtom[] }
  | {
      kind: 'mp-sum';
      label: string;
      /** the two scaled laws: σ²·a ~ a-law, σ²·b ~ b-law */
      a: MpLaw;
      b: MpLaw;
      /** number of eigenvalues predicted: k·d pairs (i, j), those at 0 included */
      count: number;
    }
  | { kind: 'none'; reason: string };

/** Σ counts as white when it has full rank and κ⁺(Σ) − 1 < 1e-12 (as for the UUᵀ reuse, §5). */
export function isWhite(sigma: SigmaInfo): boolean {
  const d = sigma.eigenvalues.length;
  return d > 0 && sigma.rank === d && sigma.kappaPlus - 1 < 1e-12;
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/** Why a configuration has no prediction, or null when the §12 cases may apply. */
function noTheoryReason(config: GnConfig): string | null {
  if (config.model === 'cnn1d')
    return 'No prediction for the 1-D CNN: weight sharing ties the entries of each Toeplitz layer (gn-math.md §7), and no closed form of its spectrum is derived here.';
  if (config.batchNorm)
    return 'No prediction with batch norm: it couples the samples (gn-math.md §8), and no closed form of the spectrum is derived here.';
  if (config.activation !== 'linear') {
    const name = config.activation === 'relu' ? 'ReLU' : 'leaky-ReLU';
    return `No prediction for ${name} networks: the GN depends on which units are active on which samples (gn-math.md §6), and no closed form of its spectrum is derived here.`;
  }
  if (config.prune > 0)
    return 'No prediction for pruned networks: pruning removes parameters, which breaks the Kronecker form of gn-math.md §3 (§14).';
  if (config.L >= 3)
    return `No prediction for L = ${config.L}: the spectrum of a sum of ${config.L} Kronecker terms has no closed form here (gn-math.md §3); the per-layer view shows which term limits κ.`;
  return null;
}

/** L = 1: M = I_k ⊗ Σ (exact for any weights, β and init; `sigma` is Σ̃ with biases). */
function singleLayerTheory(config: GnConfig, sigma: SigmaInfo): SpectrumTheory {
  const atoms: TheoryAtom[] = [];
  for (let i = 0; i < sigma.rank; i++)
    atoms.push({ value: sigma.eigenvalues[i]!, count: config.k });
  const of = config.bias ? 'Σ̃ = X̃ᵀX̃/n (data with the constant 1)' : 'Σ';
  return {
    kind: 'atoms',
    label: `exact for L = 1: the spectrum is ${of}'s, each of its ${sigma.rank} non-zero eigenvalues k = ${config.k} times`,
    atoms,
  };
}

/** L = 2, Σ = σ²I, orthogonal init: W²W²ᵀ and W¹ᵀW¹ are projections of rank min(k, m), min(d, m). */
function orthogonalTheory(config: GnConfig, s2: number): SpectrumTheory {
  const { d, k } = config;
  const m = config.m[0]!;
  const a1 = Math.min(k, m);
  const b1 = Math.min(d, m);
  const atoms: TheoryAtom[] = [{ value: 2 * s2, count: a1 * b1 }];
  const single = a1 * (d - b1) + (k - a1) * b1;
  if (single > 0) atoms.push({ value: s2, count: single });
  return {
    kind: 'atoms',
    label: `exact for L = 2, orthogonal init, white data (σ² = ${fmt(s2)}): W²W²ᵀ and W¹ᵀW¹ are projections, so every eigenvalue is σ²·(0, 1 or 2)`,
    atoms,
  };
}

/**
 * The prediction of docs/gn-math.md §12 for `config` on data with Σ statistics `sigma` (Σ̃ of the
 * data with the constant 1 appended when the net has biases), or why there is none.
 */
export function spectrumTheory(config: GnConfig, sigma: SigmaInfo): SpectrumTheory {
  const reason = noTheoryReason(config);
  if (reason) return { kind: 'none', reason };
  if (config.L === 1) return singleLayerTheory(config, sigma);
  if (config.bias)
    return {
      kind: 'none',
      reason:
        'No prediction for L = 2 with biases: the data with the constant 1 appended, X̃ = [X, 1], is never white (gn-math.md §11.1).',
    };
  if (!isWhite(sigma))
    return {
      kind: 'none',
      reason: `No prediction for L = 2 on non-white data: the sum λ_i(W²W²ᵀ) + λ_j(W¹ᵀW¹) of gn-math.md §12 needs Σ = σ²I, here κ⁺(Σ) = ${fmt(sigma.kappaPlus)} and rank Σ = ${sigma.rank} of d = ${config.d} (try κ(Σ) = 1 or whitening).`,
    };
  const s2 = sigma.eigenvalues[0]!;
  const [w1, w2] = [1, 2].map((l) =>
    hasSkip(config, l, l === 1 ? config.m[0]! : config.k, l === 1 ? config.d : config.m[0]!),
  );
  if (w1 || w2)
    return {
      kind: 'none',
      reason: `No prediction with residual skips at L = 2: W + βE is not Gaussian (β = ${config.beta}), so the Marchenko–Pastur laws of gn-math.md §12 do not apply.`,
    };
  if (config.weights)
    return {
      kind: 'none',
      reason:
        'No prediction for given weights: the laws of gn-math.md §12 describe a random initialisation.',
    };
  if (config.init === 'orthogonal') return orthogonalTheory(config, s2);
  return gaussianTheory(config, s2);
}

/** L = 2, Σ = σ²I, Gaussian init: σ²(a_i + b_j) with a ≈ m v₂·MP(k/m), b ≈ m v₁·MP(d/m). */
function gaussianTheory(config: GnConfig, s2: number): SpectrumTheory {
  const { d, k } = config;
  const m = config.m[0]!;
  // variance per entry of W¹ (m × d) and W² (k × m), as drawn by src/core/gn/init.ts (§9.1)
  const gain = activationGain(config.activation, config.alpha);
  const variance = (fanOut: number, fanIn: number): number =>
    config.init === 'xavier_normal' ? 2 / (fanIn + fanOut) : (gain * gain) / fanIn;
  const v1 = variance(m, d);
  const v2 = variance(k, m);
  return {
    kind: 'mp-sum',
    label: `Marchenko–Pastur ⊛ MP (large-width limit): Gaussian init (${config.init}), white data (σ² = ${fmt(s2)}), k/m = ${fmt(k / m)}, d/m = ${fmt(d / m)}`,
    a: { ratio: k / m, scale: s2 * m * v2 },
    b: { ratio: d / m, scale: s2 * m * v1 },
    count: k * d,
  };
}

/**
 * The expected number of eigenvalues in [lo, hi) under `theory` (0 for none). For the MP sum,
 * count·(F(hi) − F(lo)); atoms count where they fall. Returns a function so the law is set up
 * once per plot.
 */
export function theoryMass(theory: SpectrumTheory): (lo: number, hi: number) => number {
  if (theory.kind === 'none') return () => 0;
  if (theory.kind === 'atoms') {
    const atoms = theory.atoms;
    return (lo, hi) => {
      let total = 0;
      for (const { value, count } of atoms) if (value >= lo && value < hi) total += count;
      return total;
    };
  }
  const law = mpSum(theory.a, theory.b);
  const count = theory.count;
  return (lo, hi) => (hi > lo ? count * (law.cdf(hi) - law.cdf(lo)) : 0);
}
