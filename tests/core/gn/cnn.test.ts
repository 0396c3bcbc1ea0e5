/**
 * The 1-D linear CNN (gn-math.md §7): the weight-shared GN against a brute-force Jacobian over
 * the kernel entries (naive convolution, forward mode), the dense-equivalent GN against the
 * brute-force Jacobian of the Toeplitz network, and the explicit-weights layout of contract.md §1.
 */
import { describe, expect, it } from 'vitest';
import { fc } from '@fast-check/vitest';
import { normalizeConfig } from '../../../src/core/config';
import { evaluate } from '../../../src/core/gn/evaluate';
import { cnnDenseLayers, cnnWeights, toeplitz } from '../../../src/core/gn/cnn';
import { toRows } from '../../../src/core/linalg/matrix';
import { expectAllClose } from '../../helpers/allclose';
import {
  bruteCnnJacobian,
  bruteGnEigenvalues,
  bruteJacobian,
  kappaAndRank,
} from '../../helpers/bruteForce';
import { gaussianRows } from '../../helpers/configs';
import { BranchCounter, present } from '../../helpers/present';

const cnnSpec = fc.record({
  d: fc.integer({ min: 4, max: 9 }),
  filters: fc.integer({ min: 1, max: 3 }),
  kernel: fc.integer({ min: 1, max: 3 }),
  convLayers: fc.integer({ min: 1, max: 2 }),
  k: fc.integer({ min: 1, max: 3 }),
  n: fc.integer({ min: 2, max: 8 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
});

describe('1-D linear CNN (gn-math.md §7)', () => {
  it('weight-shared and dense-equivalent spectra agree with brute force', () => {
    // The dense-equivalent convex bound holds only where it applies: count those cases, so a
    // generator that never makes it apply fails instead of checking nothing.
    const ran = new BranchCounter<'convexApplies' | 'convexNotApplicable'>();
    fc.assert(
      fc.property(cnnSpec, (r) => {
        const { config } = normalizeConfig({
          model: 'cnn1d',
          d: r.d,
          k: r.k,
          filters: r.filters,
          kernel: r.kernel,
          convLayers: r.convLayers,
          seed: r.seed,
          X: gaussianRows(r.n, r.d, r.seed),
        });
        const res = evaluate(config);
        const w = cnnWeights(config);
        const kernels = w.kernels.map((kern) =>
          Array.from({ length: kern.cOut }, (_, o) =>
            Array.from({ length: kern.cIn }, (_, i) =>
              Array.from(
                kern.data.subarray((o * kern.cIn + i) * kern.K, (o * kern.cIn + i + 1) * kern.K),
              ),
            ),
          ),
        );
        const J = bruteCnnJacobian(kernels, toRows(w.readout), config.X!);
        const shared = kappaAndRank(bruteGnEigenvalues(J, r.n), config.rtol);
        expect(res.rank).toBe(shared.rank);
        expectAllClose(res.eigenvalues, shared.kept, { rtol: 1e-9, atol: 1e-11 * shared.kept[0]! });
        expect(res.params).toBe(J[0]!.length);

        const layers = cnnDenseLayers(w, r.d).map(toRows);
        const Jd = bruteJacobian(
          { weights: layers, beta: 0, skip: 'all', activation: 'linear', alpha: 0 },
          config.X!,
        );
        const dense = kappaAndRank(bruteGnEigenvalues(Jd, r.n), config.rtol);
        expectAllClose(res.kappaDenseEquivalent!, dense.kappa, { rtol: 1e-8 });
        const bounds = Object.values(res.bounds);
        expect(bounds).toHaveLength(7);
        for (const b of bounds) expect(b?.applies).toBe(false);
        const convex = present(
          present(res.boundsDenseEquivalent, 'boundsDenseEquivalent').convex,
          'boundsDenseEquivalent.convex',
        );
        if (convex.applies) {
          expect(present(convex.value, 'convex.value')).toBeGreaterThanOrEqual(
            res.kappaDenseEquivalent! * (1 - 1e-9),
          );
          ran.hit('convexApplies');
        } else {
          expect(convex.value).toBeNull();
          ran.hit('convexNotApplicable');
        }
      }),
      { numRuns: 30, seed: 31 },
    );
    // 29 of the 30 cases with this seed
    ran.expectEach(['convexApplies'], 20);
  });

  it('toeplitz builds T[(o,t),(i,t+j)] = w[o][i][j]', () => {
    const T = toeplitz({ cOut: 1, cIn: 1, K: 2, data: new Float64Array([1, 2]) }, 4);
    expect(toRows(T)).toStrictEqual([
      [1, 2, 0, 0],
      [0, 1, 2, 0],
      [0, 0, 1, 2],
    ]);
  });

  it('explicit weights in the contract layout: kernels [c_out][c_in][K] first, readout last', () => {
    // d = 3, one filter [1, 1], readout [[1, −1]]: f(x) = (x0 + x1) − (x1 + x2) = x0 − x2.
    const { config } = normalizeConfig({
      model: 'cnn1d',
      X: [
        [1, 0, 0],
        [0, 0, 2],
      ],
      weights: [[[[1, 1]]], [[1, -1]]],
    });
    expect([config.filters, config.kernel, config.convLayers, config.k]).toStrictEqual([
      1, 2, 1, 1,
    ]);
    const res = evaluate(config);
    expect(res.params).toBe(4);
    expect(res.kappaDenseEquivalent).toBeGreaterThan(0);
    expect(() =>
      normalizeConfig({ model: 'cnn1d', d: 3, weights: [[[[1, 1]]], [[1, -1, 0]]] }),
    ).toThrow(/weights\[1\]\[0\] must be an array of 2 numbers/);
  });

  it('the dense-equivalent κ is below the weight-shared κ (gn-math.md §7)', () => {
    for (const filters of [1, 4, 8]) {
      for (let seed = 1; seed <= 3; seed++) {
        const { config } = normalizeConfig({
          model: 'cnn1d',
          d: 20,
          k: 3,
          filters,
          kernel: 3,
          convLayers: 2,
          seed,
          data: { n: 200 },
        });
        const r = evaluate(config);
        expect(r.kappaDenseEquivalent!).toBeLessThan(r.kappa);
      }
    }
  });
});
