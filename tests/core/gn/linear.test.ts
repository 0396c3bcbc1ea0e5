/**
 * Deep linear and residual networks: the fast reduced path (gn-math.md §2–4) against the
 * brute-force Jacobian, the rank formula, the bound chain and the exact special cases of §3.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { evaluate } from '../../../src/core/gn/evaluate';
import { singularValues } from '../../../src/core/linalg/eigSym';
import { networkWeights } from '../../../src/core/gn/init';
import { defaultConfig } from '../../../src/core/config';
import { expectAllClose } from '../../helpers/allclose';
import { bruteGnEigenvalues, bruteJacobian, kappaAndRank } from '../../helpers/bruteForce';
import { explicitConfig, type SmallNetSpec } from '../../helpers/configs';
import type { BoundId, BoundResult, EvalResult, GnConfig } from '../../../src/core/types';
import { BranchCounter, present } from '../../helpers/present';

function brute(config: GnConfig): { kappa: number; rank: number; kept: number[] } {
  const J = bruteJacobian(
    {
      weights: config.weights!,
      beta: config.beta,
      skip: config.skip,
      activation: config.activation,
      alpha: config.alpha,
    },
    config.X!,
  );
  return kappaAndRank(bruteGnEigenvalues(J, config.X!.length), config.rtol);
}

/** Random small linear/residual architectures: depth 1–6, bottlenecks, n < d, unequal widths. */
const smallNet = fc.record({
  d: fc.integer({ min: 1, max: 5 }),
  k: fc.integer({ min: 1, max: 4 }),
  hidden: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 0, maxLength: 5 }),
  n: fc.integer({ min: 1, max: 9 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  beta: fc.constantFrom(0, 0, 0.3, 1, 2.5),
  skip: fc.constantFrom('all' as const, 'hidden' as const),
});

function specOf(r: {
  d: number;
  k: number;
  hidden: number[];
  n: number;
  seed: number;
  beta: number;
  skip: 'all' | 'hidden';
}): SmallNetSpec {
  return { widths: [r.d, ...r.hidden, r.k], n: r.n, seed: r.seed, beta: r.beta, skip: r.skip };
}

/** The bounds gn-math.md §5 defines for (residual) linear networks; each is always reported. */
const LINEAR_BOUNDS: readonly BoundId[] = [
  'separation',
  'convex',
  'max',
  'layerwise',
  'residualWeyl',
  'lowerSeparation',
  'lowerTrace',
];

function upperBounds(res: EvalResult): number[] {
  return Object.values(res.bounds)
    .filter((b) => b && b.kind === 'upper' && b.applies)
    .map((b) => b!.value!);
}

describe('reduced GN vs brute-force Jacobian (gn-math.md §2–4)', () => {
  test.prop([smallNet], { numRuns: 60, seed: 20241102 })(
    'spectra agree to 1e-9 relative; rank formula holds',
    (r) => {
      const config = explicitConfig(specOf(r));
      const fast = evaluate(config);
      const slow = brute(config);
      expect(fast.rank).toBe(slow.rank);
      // ml-matrix's EVD on JᵀJ/n (p up to ~150) loses a few digits on the smallest kept
      // eigenvalues relative to λ_max: compare with atol 1e-11·λ_max on top of rtol 1e-9.
      expectAllClose(fast.eigenvalues, slow.kept, {
        rtol: 1e-9,
        atol: 1e-11 * present(slow.kept[0], 'brute-force λ_max'),
      });
      expect(fast.rank).toBe(fast.rankTheory);
    },
  );

  it('every applicable upper bound ≥ κ, every lower bound ≤ κ, and κ ≤ B0 ≤ B1 ≤ B2, B1 ≤ B3', () => {
    // Each comparison holds only when both of its bounds apply: count the cases that checked it,
    // so a generator that never makes them apply fails instead of passing vacuously.
    const ran = new BranchCounter<
      'applies' | 'notApplicable' | 'separation≤convex' | 'convex≤max' | 'convex≤layerwise'
    >();
    fc.assert(
      fc.property(smallNet, (r) => {
        const res = evaluate(explicitConfig(specOf(r)));
        const slack = 1 + 1e-9; // rounding in the last digits of equal quantities (equality cases of §3)
        expect(Object.keys(res.bounds).sort()).toStrictEqual([...LINEAR_BOUNDS].sort());
        const bound = (id: BoundId): BoundResult => present(res.bounds[id], `bounds.${id}`);
        for (const id of LINEAR_BOUNDS) {
          const b = bound(id);
          if (!b.applies) {
            expect(b.value).toBeNull();
            expect(b.reason).not.toBe('');
            ran.hit('notApplicable');
            continue;
          }
          ran.hit('applies');
          const value = present(b.value, `bounds.${id}.value`);
          if (b.kind === 'upper') expect(value).toBeGreaterThanOrEqual(res.kappa / slack);
          else expect(value).toBeLessThanOrEqual(res.kappa * slack);
          // ratio = value / κ; κ ranges over many decades, so a relative tolerance
          expectAllClose(present(b.ratio, `bounds.${id}.ratio`), value / res.kappa, {
            rtol: 1e-12,
            atol: 0,
          });
        }
        const separation = bound('separation');
        const convex = bound('convex');
        const max = bound('max');
        const layerwise = bound('layerwise');
        if (separation.applies && convex.applies) {
          expect(separation.value!).toBeLessThanOrEqual(convex.value! * slack);
          ran.hit('separation≤convex');
        }
        if (convex.applies && max.applies) {
          expect(convex.value!).toBeLessThanOrEqual(max.value! * slack);
          ran.hit('convex≤max');
        }
        if (convex.applies && layerwise.applies) {
          expect(convex.value!).toBeLessThanOrEqual(layerwise.value! * slack);
          ran.hit('convex≤layerwise');
        }
        expect(upperBounds(res).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 80, seed: 7 },
    );
    ran.expectEach(
      ['applies', 'notApplicable', 'separation≤convex', 'convex≤max', 'convex≤layerwise'],
      3,
    );
  });
});

describe('exact special cases (gn-math.md §3)', () => {
  it('L = 1: κ(G) = κ(Σ) and every upper bound equals κ⁺(Σ)', () => {
    const config = explicitConfig({ widths: [4, 3], n: 9, seed: 3 });
    const res = evaluate(config);
    expectAllClose(res.kappa, res.kappaSigma, { rtol: 1e-12 });
    // the five upper bounds of §5 (separation, convex, max, layerwise, residualWeyl)
    expect(upperBounds(res)).toHaveLength(5);
    for (const v of upperBounds(res)) expectAllClose(v, res.kappaSigma, { rtol: 1e-12 });
    expect(
      Object.values(res.bounds)
        .filter((b) => b?.kind === 'upper')
        .every((b) => b!.applies),
    ).toBe(true);
    expect(res.rank).toBe(3 * 4);
  });

  it('L = 2, Σ ∝ I: κ = (σ₁²(W²) + σ₁²(W¹)) / (σ_k²(W²) + σ_d²(W¹)), and convex is tight', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const config = defaultConfig();
      Object.assign(config, { L: 2, d: 5, k: 3, m: [8], seed });
      config.data = { ...config.data, n: 40, kappa: 1 }; // exactly white: Σ = I
      const res = evaluate(config);
      const w1 = singularOf(config, 0);
      const w2 = singularOf(config, 1);
      const closed = (w2[0]! ** 2 + w1[0]! ** 2) / (w2[2]! ** 2 + w1[4]! ** 2);
      expectAllClose(res.kappa, closed, { rtol: 1e-10 });
      expectAllClose(res.bounds.convex!.value!, res.kappa, { rtol: 1e-10 });
      expectAllClose(res.bounds.separation!.value!, res.kappa, { rtol: 1e-10 });
    }
  });

  it('whitened data: κ(G) = κ(UUᵀ), i.e. separation is an equality', () => {
    const config = defaultConfig();
    Object.assign(config, { L: 4, d: 6, k: 2, m: [7, 9, 8], seed: 11 });
    config.data = { ...config.data, source: 'iid', n: 50, whiten: true };
    const res = evaluate(config);
    expectAllClose(res.kappaSigma, 1, { rtol: 1e-10 });
    expectAllClose(res.bounds.separation!.value!, res.kappa, { rtol: 1e-9 });
  });

  it('the separation bound is an equality only when Σ ∝ I: with κ(Σ) = 100 it is strict', () => {
    const config = defaultConfig();
    Object.assign(config, { L: 3, d: 6, k: 2, m: [10, 10], seed: 2 });
    config.data = { ...config.data, n: 30, kappa: 100 };
    const res = evaluate(config);
    expect(res.bounds.separation!.value!).toBeGreaterThan(res.kappa * 1.01);
  });
});

/** Singular values of the layer's weights as the evaluation draws them from the seed. */
function singularOf(config: GnConfig, layer: number): Float64Array {
  return singularValues(networkWeights(config)[layer]!);
}

describe('rank (gn-math.md §3)', () => {
  it('q(s + k − q) with a bottleneck narrower than k', () => {
    const config = explicitConfig({ widths: [5, 2, 6, 4], n: 12, seed: 9 });
    const res = evaluate(config);
    // s = 5, q = min(4, 5, 2, 6) = 2 → 2·(5 + 4 − 2) = 14
    expect(res.rankTheory).toBe(14);
    expect(res.rank).toBe(14);
  });

  it('rank-deficient data (n < d): s = n', () => {
    const config = explicitConfig({ widths: [6, 8, 3], n: 4, seed: 10 });
    const res = evaluate(config);
    expect(res.rankSigma).toBe(4);
    expect(res.rank).toBe(3 * 4);
    expect(res.size).toBe(3 * 4); // the reduced matrix has side k·rank(Σ)
  });

  it('residual skips on hidden layers only change the spectrum like the effective weights say', () => {
    const a = explicitConfig({
      widths: [3, 5, 5, 5, 2],
      n: 8,
      seed: 12,
      beta: 0.7,
      skip: 'hidden',
    });
    const fast = evaluate(a);
    const slow = brute(a);
    expectAllClose(fast.eigenvalues, slow.kept, { rtol: 1e-9, atol: 1e-11 * slow.kept[0]! });
  });
});
