/**
 * Pruning (issue "Pruning"): masks by magnitude with row-major tie-breaking, and the GN over the
 * unpruned weights against the brute-force Jacobian with the pruned columns removed.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { normalizeConfig } from '../../../src/core/config';
import { evaluate } from '../../../src/core/gn/evaluate';
import { pruneMasks } from '../../../src/core/gn/prune';
import { train } from '../../../src/core/gn/train';
import { fromRows } from '../../../src/core/linalg/matrix';
import { expectAllClose } from '../../helpers/allclose';
import { bruteJacobian, kappaAndRank } from '../../helpers/bruteForce';
import { explicitConfig } from '../../helpers/configs';
import type { GnConfig } from '../../../src/core/types';

/** Brute force: zero the pruned weights, build J, drop the pruned columns, eig(JᵀJ/n). */
function bruteKept(config: GnConfig): { kappa: number; rank: number; kept: number[]; p: number } {
  const W = config.weights!.map((w) => w.map((r) => r.slice()));
  const masks = pruneMasks(
    W.map((w) => fromRows(w)),
    config.prune,
  );
  W.forEach((w, l) =>
    w.forEach((row, i) =>
      row.forEach((_, j) => {
        if (!masks[l]![i * row.length + j]) row[j] = 0;
      }),
    ),
  );
  const J = bruteJacobian(
    {
      weights: W,
      beta: config.beta,
      skip: config.skip,
      activation: config.activation,
      alpha: config.alpha,
    },
    config.X!,
  );
  const keepCols: number[] = [];
  let offset = 0;
  masks.forEach((m) => {
    m.forEach((v, i) => {
      if (v) keepCols.push(offset + i);
    });
    offset += m.length;
  });
  const Jm = new Matrix(J.map((row) => keepCols.map((c) => row[c]!)));
  const n = config.X!.length;
  const G = Jm.transpose().mmul(Jm).div(n);
  const ev = [
    ...new EigenvalueDecomposition(G.add(G.transpose()).div(2), { assumeSymmetric: true })
      .realEigenvalues,
  ].sort((a, b) => b - a);
  return { ...kappaAndRank(ev, config.rtol), p: keepCols.length };
}

describe('pruneMasks', () => {
  it('prunes the ⌊f·size⌋ smallest |w|, ties broken by row-major index', () => {
    const W = fromRows([
      [0.5, -0.1, 0.1],
      [0.1, 2, -0.3],
    ]);
    // |w| = 0.1 at indices 1, 2, 3: ⌊0.5·6⌋ = 3 pruned → exactly those; with f = 0.34, ⌊2.04⌋ = 2 → 1 and 2
    expect(Array.from(pruneMasks([W], 0.5)[0]!)).toStrictEqual([1, 0, 0, 0, 1, 1]);
    expect(Array.from(pruneMasks([W], 0.34)[0]!)).toStrictEqual([1, 0, 0, 1, 1, 1]);
    expect(Array.from(pruneMasks([W], 0)[0]!)).toStrictEqual([1, 1, 1, 1, 1, 1]);
  });
});

const prunedNet = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
  n: fc.integer({ min: 2, max: 7 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
  prune: fc.constantFrom(0.1, 0.3, 0.5, 0.8),
  beta: fc.constantFrom(0, 0.5),
  activation: fc.constantFrom(
    'linear' as const,
    'linear' as const,
    'relu' as const,
    'leaky_relu' as const,
  ),
});

describe('GN over the unpruned weights', () => {
  test.prop([prunedNet], { numRuns: 60, seed: 71 })(
    'equals the brute-force J with pruned columns removed; separation still bounds κ',
    (r) => {
      const config = { ...explicitConfig({ ...r, alpha: 0.1 }), prune: r.prune };
      const res = evaluate(config);
      const slow = bruteKept(config);
      expect(res.params).toBe(slow.p);
      expect(res.rank).toBe(slow.rank);
      if (slow.rank > 0)
        expectAllClose(res.eigenvalues, slow.kept, { rtol: 1e-9, atol: 1e-11 * slow.kept[0]! });
      const sep = res.bounds.separation;
      if (sep?.applies) expect(sep.value!).toBeGreaterThanOrEqual(res.kappa * (1 - 1e-9));
      if (config.activation === 'linear') {
        expect(res.bounds.convex?.applies).toBe(false);
        expect(res.bounds.convex?.reason).toMatch(/needs dense layers/);
      }
    },
  );

  test.prop(
    [
      fc.record({
        widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 6 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        prune: fc.constantFrom(0.2, 0.5, 0.8),
        leaky: fc.boolean(),
        beta: fc.constantFrom(0, 0.5),
        // few samples (nk ≤ kept p: JJᵀ/n, pruned layers sample by sample) or many (JᵀJ/n)
        many: fc.boolean(),
      }),
    ],
    { numRuns: 50, seed: 74 },
  )(
    'nonlinear nets of depth 2–5 on both branches: eig of the pruned brute-force J to 1e-9',
    (r) => {
      const probe = {
        ...explicitConfig({ widths: r.widths, n: 1, seed: r.seed }),
        prune: r.prune,
      };
      const kept = bruteKept(probe).p;
      const k = r.widths[r.widths.length - 1]!;
      const n = r.many
        ? Math.floor(kept / k) + 1 + (r.seed % 4)
        : Math.max(1, Math.floor(kept / k) - (r.seed % 3));
      const config = {
        ...explicitConfig({
          widths: r.widths,
          n,
          seed: r.seed,
          beta: r.beta,
          activation: r.leaky ? ('leaky_relu' as const) : ('relu' as const),
          alpha: 0.2,
        }),
        prune: r.prune,
      };
      const res = evaluate(config);
      const slow = bruteKept(config);
      expect(res.params).toBe(slow.p);
      expect(res.method).toBe(n * k <= slow.p ? 'gram-nk' : 'gn-p');
      expect(res.rank).toBe(slow.rank);
      if (slow.rank === 0) expect(res.eigenvalues).toStrictEqual([]);
      else expectAllClose(res.eigenvalues, slow.kept, { rtol: 1e-9, atol: 1e-11 * slow.kept[0]! });
      expect(res.bounds.relu?.applies).toBe(false);
    },
  );

  it('the skip is not pruned: β E stays while Wˡ loses entries', () => {
    const config = {
      ...explicitConfig({ widths: [3, 3, 3, 2], n: 6, seed: 72, beta: 1, skip: 'hidden' }),
      prune: 0.5,
    };
    const res = evaluate(config);
    expect(res.rank).toBeGreaterThan(0);
    expect(res.params).toBe(9 + 9 + 6 - (4 + 4 + 3));
    expectAllClose(res.eigenvalues, bruteKept(config).kept, { rtol: 1e-9, atol: 1e-12 });
  });

  it('explicit weights with "prune": f through normalizeConfig; batch norm keeps γ, β', () => {
    const base = explicitConfig({ widths: [3, 4, 2], n: 6, seed: 73 });
    const { config } = normalizeConfig({
      X: base.X,
      weights: base.weights,
      prune: 0.25,
      batchNorm: true,
    });
    const res = evaluate(config);
    // p = 12 + 8 weights, ⌊0.25·12⌋ + ⌊0.25·8⌋ = 3 + 2 pruned, plus 2·4 BN parameters
    expect(res.params).toBe(20 - 5 + 8);
  });
});

describe('training a pruned network', () => {
  it('keeps the pruned weights at 0 and records the GN over the remaining ones', () => {
    const { config } = normalizeConfig({ L: 2, d: 4, k: 2, m: 6, data: { n: 30 }, prune: 0.5 });
    const records = train(config, { epochs: 20, lr: 0.1, every: 10 });
    expect(records.map((r) => r.step)).toStrictEqual([0, 10, 20]);
    expect(records[0]!.kappa).toBe(evaluate(config).kappa);
    expect(records.at(-1)!.loss).toBeLessThan(records[0]!.loss);
    expect(records.every((r) => r.rank <= 12 + 6)).toBe(true);
  });
});
