/**
 * Back-propagated Jacobians of (nonlinear) MLPs against forward-mode brute force and central
 * finite differences (gn-math.md §6, deeper nonlinear MLPs).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { evaluate } from '../../../src/core/gn/evaluate';
import { activateDerivative, networkOutputs } from '../../../src/core/gn/jacobian';
import { explicitJacobian } from '../../../src/core/gn/nonlinear';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import { fromRows } from '../../../src/core/linalg/matrix';
import { expectAllClose } from '../../helpers/allclose';
import { bruteGnEigenvalues, bruteJacobian, kappaAndRank } from '../../helpers/bruteForce';
import { explicitConfig } from '../../helpers/configs';

describe('explicitJacobian (back-propagation)', () => {
  test.prop(
    [
      fc.record({
        widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 5 }),
        n: fc.integer({ min: 1, max: 6 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        activation: fc.constantFrom('linear' as const, 'relu' as const, 'leaky_relu' as const),
        beta: fc.constantFrom(0, 0.5),
      }),
    ],
    { numRuns: 50, seed: 3 },
  )('equals the forward-mode brute-force Jacobian entry by entry', (r) => {
    const config = explicitConfig({
      widths: r.widths,
      n: r.n,
      seed: r.seed,
      activation: r.activation,
      alpha: 0.1,
      beta: r.beta,
    });
    const eff = effectiveWeights(config, networkWeights(config));
    const J = explicitJacobian(eff, fromRows(config.X!), config.activation, config.alpha);
    const B = bruteJacobian(
      {
        weights: config.weights!,
        beta: config.beta,
        skip: config.skip,
        activation: config.activation,
        alpha: 0.1,
      },
      config.X!,
    );
    expectAllClose(J.data, B.flat(), { rtol: 1e-12, atol: 1e-14 });
  });

  it('matches central finite differences (h = 1e-6; error O(h²) ≈ 1e-10 away from ReLU kinks)', () => {
    const config = explicitConfig({
      widths: [3, 4, 4, 2],
      n: 5,
      seed: 77,
      activation: 'leaky_relu',
      alpha: 0.2,
    });
    const X = fromRows(config.X!);
    const W = networkWeights(config);
    const J = explicitJacobian(W, X, 'leaky_relu', 0.2);
    const h = 1e-6;
    let col = 0;
    for (let l = 0; l < W.length; l++) {
      for (let e = 0; e < W[l]!.data.length; e++, col++) {
        const plus = W.map((w) => ({ ...w, data: w.data.slice() }));
        const minus = W.map((w) => ({ ...w, data: w.data.slice() }));
        plus[l]!.data[e] = plus[l]!.data[e]! + h;
        minus[l]!.data[e] = minus[l]!.data[e]! - h;
        const fp = networkOutputs(plus, X, 'leaky_relu', 0.2).data;
        const fm = networkOutputs(minus, X, 'leaky_relu', 0.2).data;
        const fd = Array.from(fp, (v, i) => (v - fm[i]!) / (2 * h));
        const exact = Array.from({ length: fd.length }, (_, row) => J.data[row * J.cols + col]!);
        expectAllClose(exact, fd, { rtol: 1e-6, atol: 1e-8 });
      }
    }
  });

  it('leaky ReLU uses +α on the negative side (σ′(−1) = α, σ′(0) = α), never −α', () => {
    expect(activateDerivative(-1, 'leaky_relu', 0.3)).toBe(0.3);
    expect(activateDerivative(0, 'leaky_relu', 0.3)).toBe(0.3);
    expect(activateDerivative(2, 'leaky_relu', 0.3)).toBe(1);
    expect(activateDerivative(-1, 'relu', 0.3)).toBe(0);
  });
});

describe('nonlinear GN spectrum (smaller of JJᵀ/n and JᵀJ/n)', () => {
  it('agrees with the brute-force JᵀJ/n and reports which matrix was used', () => {
    for (const [widths, n] of [
      [[3, 6, 2], 4],
      [[2, 3, 3, 2], 10],
    ] as const) {
      const config = explicitConfig({ widths: [...widths], n, seed: 5, activation: 'relu' });
      const res = evaluate(config);
      const B = bruteJacobian(
        { weights: config.weights!, beta: 0, skip: 'all', activation: 'relu', alpha: 0 },
        config.X!,
      );
      const slow = kappaAndRank(bruteGnEigenvalues(B, n), config.rtol);
      expect(res.rank).toBe(slow.rank);
      expectAllClose(res.eigenvalues, slow.kept, { rtol: 1e-9, atol: 1e-11 * slow.kept[0]! });
      const nk = n * widths[widths.length - 1]!;
      expect(res.method).toBe(nk <= res.params ? 'gram-nk' : 'gn-p');
      expect(res.size).toBe(Math.min(nk, res.params));
      expect(res.bounds.convex?.applies).toBe(false);
      expect(res.rankTheory).toBeNull();
    }
  });
});
