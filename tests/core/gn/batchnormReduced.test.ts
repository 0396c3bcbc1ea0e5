/**
 * The exact batch-norm reduction for linear nets (docs/gn-math.md §8,
 * src/core/gn/batchnormReduced.ts) against the forward-mode (dual-number) full-batch Jacobian of
 * ./batchnormOracle.ts: eigenvalues, rank theory, and the analytic Jacobian of the other paths.
 * Forward mode, not finite differences: it is exact up to rounding, so 1e-9 relative agreement
 * of the spectra is a meaningful check (central differences stop at ~1e-7 here).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { estimateCost } from '../../../src/core/cost';
import { evaluate } from '../../../src/core/gn/evaluate';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import {
  batchNormRankTheory,
  centredFactor,
  reducedBatchNormMatrix,
} from '../../../src/core/gn/batchnormReduced';
import { eigvalsSym } from '../../../src/core/linalg/eigSym';
import { fromRows, toRows } from '../../../src/core/linalg/matrix';
import { normalizeConfig } from '../../../src/core/config';
import { createRng } from '../../../src/core/random';
import { prepareData } from '../../../src/core/data/synthetic';
import { expectAllClose } from '../../helpers/allclose';
import { kappaAndRank } from '../../helpers/bruteForce';
import { gaussianRows } from '../../helpers/configs';
import { BranchCounter, present } from '../../helpers/present';
import { dualJacobian, oracleGnEigenvalues, type BnNet } from './batchnormOracle';

/** Random small nets: 1–4 hidden layers, widths 1–6 (bottlenecks included), n from 2 (n < d) up. */
const smallBnNet = fc.record({
  d: fc.integer({ min: 1, max: 5 }),
  hidden: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
  k: fc.integer({ min: 1, max: 4 }),
  n: fc.integer({ min: 2, max: 10 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  /** per-column data scales 10^u, u ∈ [−1, 1]: anisotropic data */
  spread: fc.double({ min: 0, max: 1, noNaN: true }),
});
type Spec = typeof smallBnNet extends fc.Arbitrary<infer T> ? T : never;

function netOf(spec: Spec, randomAffine: boolean): { net: BnNet; X: number[][] } {
  const widths = [spec.d, ...spec.hidden, spec.k];
  const W = widths
    .slice(1)
    .map((rows, l) =>
      gaussianRows(rows, widths[l]!, spec.seed * 10 + l + 1, 1 / Math.sqrt(widths[l]!)),
    );
  const rng = createRng(spec.seed, 7);
  const scales = Array.from(
    { length: spec.d },
    () => 10 ** (spec.spread * (2 * rng.uniform() - 1)),
  );
  const X = gaussianRows(spec.n, spec.d, spec.seed * 10).map((row) =>
    row.map((v, a) => v * scales[a]! + 0.5),
  );
  const gamma = spec.hidden.map((m) =>
    Array.from({ length: m }, () => (randomAffine ? 0.5 + rng.uniform() : 1)),
  );
  const beta = spec.hidden.map((m) =>
    Array.from({ length: m }, () => (randomAffine ? rng.normal() * 0.5 : 0)),
  );
  return { net: { W, gamma, beta, act: 'linear', alpha: 0 }, X };
}

function reducedSpectrum(net: BnNet, X: number[][]): number[] {
  const { M } = reducedBatchNormMatrix(
    net.W.map((w) => fromRows(w)),
    fromRows(X),
    net.gamma.map((g) => Float64Array.from(g)),
    net.beta.map((b) => Float64Array.from(b)),
  );
  return Array.from(eigvalsSym(M.data, M.rows)).reverse();
}

describe('reduced batch-norm GN (docs/gn-math.md §8) vs the forward-mode full-batch Jacobian', () => {
  test.prop([smallBnNet, fc.boolean()], { numRuns: 60 })(
    'the non-zero spectra agree to 1e-9 relative, at init and at random γ, β',
    (spec, randomAffine) => {
      const { net, X } = netOf(spec, randomAffine);
      const oracle = kappaAndRank(oracleGnEigenvalues(dualJacobian(net, X), spec.n), 1e-10);
      const fast = kappaAndRank(reducedSpectrum(net, X), 1e-10);
      const top = present(oracle.kept[0], 'oracle λ_max');
      expect(fast.rank).toBe(oracle.rank);
      // ml-matrix's EVD of the p-sized Gram loses a few digits on the smallest kept eigenvalues
      // relative to λ_max: atol 1e-11·λ_max on top of rtol 1e-9 (as tests/core/gn/linear.test.ts).
      expectAllClose(fast.kept, oracle.kept, { rtol: 1e-9, atol: 1e-11 * top });
    },
  );

  it('evaluate: method reduced-bn of side k(r+1), rank = rank theory = oracle rank (bottlenecks and n ≤ d included)', () => {
    // the generator must reach every regime of the rank formula, else the check is vacuous
    const ran = new BranchCounter<'bottleneck' | 'full' | 'rankDeficientData' | 'deep'>();
    fc.assert(
      fc.property(smallBnNet, (spec) => {
        const { net, X } = netOf(spec, false);
        const { config } = normalizeConfig({ X, weights: net.W, batchNorm: true });
        const res = evaluate(config);
        const r = centredFactor(fromRows(X)).r;
        ran.hit(Math.min(...spec.hidden) < Math.min(spec.k, r) ? 'bottleneck' : 'full');
        if (r < spec.d) ran.hit('rankDeficientData');
        if (spec.hidden.length >= 3) ran.hit('deep');
        expect(res.method).toBe('reduced-bn');
        expect(res.size).toBe(spec.k * (r + 1));
        expect(res.rankTheory).toBe(batchNormRankTheory(r, spec.k, spec.hidden));
        const oracle = kappaAndRank(oracleGnEigenvalues(dualJacobian(net, X), spec.n), 1e-10);
        expect(res.rank).toBe(oracle.rank);
        expect(res.rank).toBe(res.rankTheory);
        const widths = [spec.d, ...spec.hidden, spec.k];
        let p = 0;
        for (let l = 1; l < widths.length; l++) p += widths[l]! * widths[l - 1]!;
        expect(res.params).toBe(p + 2 * spec.hidden.reduce((a, b) => a + b, 0));
        expect(res.zeroCount).toBe(res.params - res.rank);
      }),
      { numRuns: 80 },
    );
    ran.expectEach(['bottleneck', 'full', 'rankDeficientData', 'deep'], 5);
  });
});

describe('batch-norm rank theory', () => {
  it('is k(r+1) without a bottleneck, and q(r + k − q) + min(k, m_{L−1}) with one', () => {
    expect(batchNormRankTheory(5, 3, [8, 8])).toBe(3 * 6);
    expect(batchNormRankTheory(5, 8, [2, 9])).toBe(2 * (5 + 8 - 2) + 8);
    expect(batchNormRankTheory(5, 3, [9, 2])).toBe(2 * (5 + 3 - 2) + 2);
    expect(batchNormRankTheory(0, 3, [4])).toBe(3); // r = 0: only the constant column, Wᴸ dβ
  });

  it('r is the rank of the centred data: n − 1 when n ≤ d', () => {
    const X = fromRows(gaussianRows(4, 7, 5));
    expect(centredFactor(X).r).toBe(3);
  });
});

describe('reduced batch-norm on residual nets and drawn data', () => {
  it('a residual net (β = 0.5 skips on the hidden layers) matches the oracle on its effective weights', () => {
    const { config } = normalizeConfig({
      L: 4,
      d: 3,
      k: 2,
      m: [3, 3, 3],
      beta: 0.5,
      skip: 'hidden',
      batchNorm: true,
      data: { n: 7 },
      seed: 11,
    });
    const res = evaluate(config);
    const eff = effectiveWeights(config, networkWeights(config)).map((w) => toRows(w));
    const X = toRows(prepareData(config).X);
    const net: BnNet = {
      W: eff,
      gamma: config.m.map((m) => Array<number>(m).fill(1)),
      beta: config.m.map((m) => Array<number>(m).fill(0)),
      act: 'linear',
      alpha: 0,
    };
    const oracle = kappaAndRank(oracleGnEigenvalues(dualJacobian(net, X), 7), config.rtol);
    expect(res.method).toBe('reduced-bn');
    expect(res.rank).toBe(oracle.rank);
    expectAllClose(res.eigenvalues, oracle.kept, {
      rtol: 1e-9,
      atol: 1e-11 * present(oracle.kept[0], 'oracle λ_max'),
    });
  });
});

describe('reduced batch-norm at moderate n', () => {
  it('n = 80 ≫ d, two hidden layers, anisotropic data, random γ, β: spectrum equals the oracle', () => {
    const spec = { d: 4, hidden: [5, 3], k: 2, n: 80, seed: 4242, spread: 0.8 };
    const { net, X } = netOf(spec, true);
    const oracle = kappaAndRank(oracleGnEigenvalues(dualJacobian(net, X), spec.n), 1e-10);
    const fast = kappaAndRank(reducedSpectrum(net, X), 1e-10);
    expect(fast.rank).toBe(oracle.rank);
    expect(oracle.rank).toBe(spec.k * (spec.d + 1)); // r = d, no bottleneck below k = 2
    expectAllClose(fast.kept, oracle.kept, {
      rtol: 1e-9,
      atol: 1e-11 * present(oracle.kept[0], 'oracle λ_max'),
    });
  });
});

describe('size guard for batch norm (src/core/cost.ts)', () => {
  it('bn=1, n=1000, d=64, m=1000 (linear) is interactive: the 650 × 650 reduced-bn matrix', () => {
    const { config } = normalizeConfig({
      L: 2,
      d: 64,
      m: 1000,
      batchNorm: true,
      data: { source: 'gaussian', n: 1000 },
    });
    const e = estimateCost(config);
    expect([e.method, e.size, e.level]).toStrictEqual(['reduced-bn', 650, 'interactive']);
    expect(e.params).toBe(64 * 1000 + 1000 * 10 + 2 * 1000);
  });

  it('predicts the matrix evaluate uses for deep linear, bottlenecked and ReLU batch-norm nets', () => {
    for (const raw of [
      { L: 4, d: 5, k: 3, m: [6, 2, 4], data: { n: 9 } },
      { L: 3, d: 6, k: 2, m: [4, 4], data: { n: 4 } }, // n ≤ d: r = n − 1
      { L: 3, d: 4, k: 2, m: [5, 3], activation: 'relu', data: { n: 6 } },
      { L: 2, d: 4, k: 2, m: 30, activation: 'leaky_relu', data: { n: 5 } },
    ]) {
      const { config } = normalizeConfig({ ...raw, batchNorm: true });
      const e = estimateCost(config);
      const r = evaluate(config);
      expect([e.size, e.method, e.params], JSON.stringify(raw)).toStrictEqual([
        r.size,
        r.method,
        r.params,
      ]);
    }
  });
});
