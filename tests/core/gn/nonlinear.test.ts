/**
 * Nonlinear MLPs (gn-math.md §6): the factored Gram, the two-layer closed form and the
 * per-sample JᵀJ against the brute-force Jacobian; the two-layer bound never violated.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { evaluate } from '../../../src/core/gn/evaluate';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import {
  factoredGramNk,
  gnFromSamples,
  twoLayerGram,
  twoLayerParts,
} from '../../../src/core/gn/nonlinear';
import { fromRows } from '../../../src/core/linalg/matrix';
import { expectAllClose } from '../../helpers/allclose';
import { bruteJacobian } from '../../helpers/bruteForce';
import { explicitConfig } from '../../helpers/configs';

function bruteGrams(config: ReturnType<typeof explicitConfig>): { JJt: number[]; JtJ: number[] } {
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
  const n = config.X!.length;
  const rows = J.length;
  const cols = J[0]!.length;
  const JJt: number[] = [];
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < rows; j++) JJt.push(J[i]!.reduce((s, v, t) => s + v * J[j]![t]!, 0) / n);
  const JtJ: number[] = [];
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < cols; j++) JtJ.push(J.reduce((s, row) => s + row[i]! * row[j]!, 0) / n);
  return { JJt, JtJ };
}

const net = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 5 }),
  n: fc.integer({ min: 1, max: 6 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
  activation: fc.constantFrom('relu' as const, 'leaky_relu' as const, 'linear' as const),
  beta: fc.constantFrom(0, 0.5),
});

describe('GN matrices of nonlinear MLPs', () => {
  test.prop([net], { numRuns: 40, seed: 21 })(
    'factoredGramNk = JJᵀ/n and gnFromSamples = JᵀJ/n entry by entry',
    (r) => {
      const config = explicitConfig({ ...r, alpha: 0.1 });
      const eff = effectiveWeights(config, networkWeights(config));
      const X = fromRows(config.X!);
      const { JJt, JtJ } = bruteGrams(config);
      const scale = Math.max(1e-300, ...JJt.map(Math.abs));
      expectAllClose(factoredGramNk(eff, X, config.activation, 0.1).data, JJt, {
        rtol: 1e-12,
        atol: 1e-14 * scale,
      });
      expectAllClose(gnFromSamples(eff, X, config.activation, 0.1).data, JtJ, {
        rtol: 1e-12,
        atol: 1e-14 * scale,
      });
    },
  );

  test.prop(
    [
      fc.record({
        d: fc.integer({ min: 1, max: 5 }),
        m: fc.integer({ min: 1, max: 6 }),
        k: fc.integer({ min: 1, max: 3 }),
        n: fc.integer({ min: 1, max: 6 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        leaky: fc.boolean(),
      }),
    ],
    {
      numRuns: 40,
      seed: 22,
    },
  )('the §6 closed form n·K = (ΦᵀΦ)⊗I_k + Σ_i (D_i X_cᵀX_c D_i)⊗(w_i w_iᵀ) equals JJᵀ', (r) => {
    const activation = r.leaky ? ('leaky_relu' as const) : ('relu' as const);
    const config = explicitConfig({
      widths: [r.d, r.m, r.k],
      n: r.n,
      seed: r.seed,
      activation,
      alpha: 0.1,
    });
    const W = networkWeights(config);
    const parts = twoLayerParts(W[0]!, W[1]!, fromRows(config.X!), activation, 0.1);
    const { JJt } = bruteGrams(config);
    const scale = Math.max(1e-300, ...JJt.map(Math.abs));
    expectAllClose(twoLayerGram(parts, W[1]!).data, JJt, { rtol: 1e-12, atol: 1e-14 * scale });
  });
});

describe('the two-layer bound (gn-math.md §6)', () => {
  test.prop(
    [
      fc.record({
        d: fc.integer({ min: 1, max: 8 }),
        m: fc.integer({ min: 1, max: 12 }),
        k: fc.integer({ min: 1, max: 3 }),
        n: fc.integer({ min: 1, max: 8 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        alpha: fc.constantFrom(0, 0.05, 0.3, 1),
      }),
    ],
    {
      numRuns: 80,
      seed: 23,
    },
  )('is ≥ κ whenever it applies, and says why when it does not', (r) => {
    const config = explicitConfig({
      widths: [r.d, r.m, r.k],
      n: r.n,
      seed: r.seed,
      activation: r.alpha === 0 ? 'relu' : 'leaky_relu',
      alpha: r.alpha,
    });
    const res = evaluate(config);
    const b = res.bounds.relu!;
    if (b.applies) expect(b.value!).toBeGreaterThanOrEqual(res.kappa * (1 - 1e-9));
    else {
      expect(b.value).toBeNull();
      expect(b.reason).toMatch(/needs n ≤ d and α > 0, or m ≥ n without dead units/);
    }
  });

  it('applies with m ≥ n and no dead units; not for ReLU with m < n; not for L ≠ 2', () => {
    const wide = evaluate(
      explicitConfig({ widths: [3, 12, 2], n: 4, seed: 31, activation: 'relu' }),
    );
    expect(wide.bounds.relu?.applies).toBe(true);
    const narrow = evaluate(
      explicitConfig({ widths: [3, 2, 2], n: 6, seed: 31, activation: 'relu' }),
    );
    expect(narrow.bounds.relu?.applies).toBe(false);
    expect(narrow.bounds.relu?.reason).toMatch(/ΦᵀΦ is singular \(m = 2 < n = 6\)/);
    const deep = evaluate(
      explicitConfig({ widths: [3, 4, 4, 2], n: 3, seed: 31, activation: 'relu' }),
    );
    expect(deep.bounds.relu?.reason).toMatch(/needs L = 2; here L = 3/);
    expect(
      evaluate(explicitConfig({ widths: [3, 4, 2], n: 3, seed: 31 })).bounds.relu,
    ).toBeUndefined();
  });
});
