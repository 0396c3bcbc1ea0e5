/**
 * Nonlinear MLPs (gn-math.md §2, §6): the structured assembly (src/core/gn/structuredGram.ts)
 * against the brute-force Jacobian (tests/helpers/bruteForce.ts: forward mode, ml-matrix EVD)
 * and against the old per-entry paths (tests/helpers/perEntryGram.ts); the §6 closed form; the
 * two-layer bound never violated.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { evaluate } from '../../../src/core/gn/evaluate';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import { reluBound, reluBoundFromShapes } from '../../../src/core/gn/bounds';
import { twoLayerParts } from '../../../src/core/gn/nonlinear';
import { pruneMasks } from '../../../src/core/gn/prune';
import { structuredGnP, structuredGramNk } from '../../../src/core/gn/structuredGram';
import { installFastestGemm, installTsGemm } from '../../../src/core/linalg/gemm';
import { fromRows, type Mat } from '../../../src/core/linalg/matrix';
import type { GnConfig } from '../../../src/core/types';
import { expectAllClose } from '../../helpers/allclose';
import { bruteGnEigenvalues, bruteJacobian, kappaAndRank } from '../../helpers/bruteForce';
import { explicitConfig } from '../../helpers/configs';
import { factoredGramNk, gnFromSamples, twoLayerGram } from '../../helpers/perEntryGram';

function bruteJ(config: GnConfig): number[][] {
  return bruteJacobian(
    {
      weights: config.weights!,
      beta: config.beta,
      skip: config.skip,
      activation: config.activation,
      alpha: config.alpha,
    },
    config.X!,
  );
}

function bruteGrams(config: GnConfig): { JJt: number[]; JtJ: number[] } {
  const J = bruteJ(config);
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

function parts(config: GnConfig): { eff: Mat[]; X: Mat } {
  return { eff: effectiveWeights(config, networkWeights(config)), X: fromRows(config.X!) };
}

/** Depth 1–5, widths 1–5 (bottlenecks of width 1 included), ReLU, leaky ReLU, linear; skips. */
const net = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 6 }),
  n: fc.integer({ min: 1, max: 8 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
  activation: fc.constantFrom('relu' as const, 'leaky_relu' as const, 'linear' as const),
  beta: fc.constantFrom(0, 0.5),
});

describe('structured GN assembly of nonlinear MLPs', () => {
  test.prop([net], { numRuns: 60, seed: 21 })(
    'structuredGramNk = JJᵀ/n and structuredGnP = JᵀJ/n entry by entry (brute-force J)',
    (r) => {
      const config = explicitConfig({ ...r, alpha: 0.1 });
      const { eff, X } = parts(config);
      const { JJt, JtJ } = bruteGrams(config);
      const scale = Math.max(1e-300, ...JJt.map(Math.abs));
      const tol = { rtol: 1e-12, atol: 1e-14 * scale };
      expectAllClose(structuredGramNk(eff, X, config.activation, 0.1).data, JJt, tol);
      expectAllClose(structuredGnP(eff, X, config.activation, 0.1).data, JtJ, tol);
    },
  );

  test.prop(
    [
      fc.record({
        widths: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 6 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        leaky: fc.boolean(),
        // few samples (nk ≤ p: JJᵀ/n) or many (p < nk: JᵀJ/n); n < d and n > d both occur
        many: fc.boolean(),
      }),
    ],
    { numRuns: 50, seed: 24 },
  )('the spectrum equals eig(JᵀJ/n) of the brute-force J to rtol 1e-9, on both branches', (r) => {
    const sizes = r.widths;
    let p = 0;
    for (let l = 1; l < sizes.length; l++) p += sizes[l]! * sizes[l - 1]!;
    const k = sizes[sizes.length - 1]!;
    const n = r.many
      ? Math.floor(p / k) + 1 + (r.seed % 5)
      : Math.max(1, Math.floor(p / k) - (r.seed % 3));
    const config = explicitConfig({
      widths: sizes,
      n,
      seed: r.seed,
      activation: r.leaky ? 'leaky_relu' : 'relu',
      alpha: 0.2,
    });
    const res = evaluate(config);
    expect(res.method).toBe(n * k <= p ? 'gram-nk' : 'gn-p');
    expect(res.size).toBe(Math.min(n * k, p));
    const slow = kappaAndRank(bruteGnEigenvalues(bruteJ(config), n), config.rtol);
    expect(res.rank).toBe(slow.rank);
    if (slow.rank === 0) expect(res.eigenvalues).toStrictEqual([]);
    else expectAllClose(res.eigenvalues, slow.kept, { rtol: 1e-9, atol: 1e-11 * slow.kept[0]! });
  });

  it('matches the per-entry paths across the sample blocks (n = 1100 > 2·512) of JᵀJ/n', () => {
    const config = explicitConfig({
      widths: [3, 4, 3, 2],
      n: 1100,
      seed: 41,
      activation: 'leaky_relu',
      alpha: 0.1,
    });
    const { eff, X } = parts(config);
    const want = gnFromSamples(eff, X, 'leaky_relu', 0.1).data;
    const scale = Math.max(...want.map(Math.abs));
    expectAllClose(structuredGnP(eff, X, 'leaky_relu', 0.1).data, want, {
      rtol: 1e-12,
      atol: 1e-14 * scale,
    });
  });

  it('matches the per-entry paths across the 4096-column pair tiles of JᵀJ/n (d = 91)', () => {
    // diagonal block of W¹: d(d+1)/2 = 4186 column pairs > 4096
    const config = explicitConfig({ widths: [91, 2, 1], n: 200, seed: 42, activation: 'relu' });
    const { eff, X } = parts(config);
    const want = gnFromSamples(eff, X, 'relu', 0).data;
    const scale = Math.max(...want.map(Math.abs));
    expectAllClose(structuredGnP(eff, X, 'relu', 0).data, want, {
      rtol: 1e-12,
      atol: 1e-14 * scale,
    });
  });

  it('matches the per-entry paths across the 512-row blocks of JJᵀ/n (nk = 600)', () => {
    const config = explicitConfig({
      widths: [10, 30, 30, 10],
      n: 60,
      seed: 43,
      activation: 'leaky_relu',
      alpha: 0.05,
    });
    const { eff, X } = parts(config);
    const want = factoredGramNk(eff, X, 'leaky_relu', 0.05).data;
    const scale = Math.max(...want.map(Math.abs));
    expectAllClose(structuredGramNk(eff, X, 'leaky_relu', 0.05).data, want, {
      rtol: 1e-12,
      atol: 1e-14 * scale,
    });
  });

  it('gives the same digits with the TypeScript and the wasm kernel (fixed summation order)', () => {
    const config = explicitConfig({
      widths: [7, 9, 5, 3],
      n: 600,
      seed: 44,
      activation: 'leaky_relu',
      alpha: 0.1,
    });
    const { eff, X } = parts(config);
    const few = { rows: 20, cols: X.cols, data: X.data.subarray(0, 20 * X.cols) };
    const masks = pruneMasks(eff, 0.4);
    const build = () => [
      structuredGnP(eff, X, 'leaky_relu', 0.1).data,
      structuredGramNk(eff, few, 'leaky_relu', 0.1).data,
      structuredGnP(eff, X, 'leaky_relu', 0.1, masks).data,
      structuredGramNk(eff, few, 'leaky_relu', 0.1, masks).data,
    ];
    try {
      installTsGemm();
      const ts = build();
      expect(installFastestGemm().name).toBe('wasm-simd-blocked');
      const wasm = build();
      ts.forEach((t, i) => expect(t.findIndex((v, j) => !Object.is(v, wasm[i]![j]))).toBe(-1));
    } finally {
      installFastestGemm();
    }
  });

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
    { numRuns: 40, seed: 22 },
  )(
    'the §6 closed form n·K = (ΦᵀΦ)⊗I_k + Σ_i (D_i X_cᵀX_c D_i)⊗(w_i w_iᵀ) equals JJᵀ and the structured K',
    (r) => {
      const activation = r.leaky ? ('leaky_relu' as const) : ('relu' as const);
      const config = explicitConfig({
        widths: [r.d, r.m, r.k],
        n: r.n,
        seed: r.seed,
        activation,
        alpha: 0.1,
      });
      const { eff, X } = parts(config);
      const closed = twoLayerGram(twoLayerParts(eff[0]!, eff[1]!, X, activation, 0.1), eff[1]!);
      const { JJt } = bruteGrams(config);
      const scale = Math.max(1e-300, ...JJt.map(Math.abs));
      const tol = { rtol: 1e-12, atol: 1e-14 * scale };
      expectAllClose(closed.data, JJt, tol);
      expectAllClose(structuredGramNk(eff, X, activation, 0.1).data, closed.data, tol);
    },
  );
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

  test.prop(
    [
      fc.record({
        d: fc.integer({ min: 1, max: 8 }),
        m: fc.integer({ min: 1, max: 12 }),
        k: fc.integer({ min: 1, max: 3 }),
        n: fc.integer({ min: 1, max: 10 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        slope: fc.constantFrom(0, 0.05, 0.3, 1),
      }),
    ],
    { numRuns: 120, seed: 24 },
  )(
    'the rank short-cut (no n×n spectra) gives exactly the verdict and reason of the full computation',
    (r) => {
      const activation = r.slope === 0 ? 'relu' : 'leaky_relu';
      const config = explicitConfig({
        widths: [r.d, r.m, r.k],
        n: r.n,
        seed: r.seed,
        activation,
        alpha: r.slope,
      });
      const { eff, X } = parts(config);
      const shape = { n: r.n, d: r.d, m: r.m, k: r.k };
      const early = reluBoundFromShapes(r.slope, shape, r.m);
      const full = reluBound(
        twoLayerParts(eff[0]!, eff[1]!, X, activation, r.slope),
        r.slope,
        1,
        shape,
      );
      // the short-cut only speaks when the ranks force a zero denominator; then the spectra agree
      if (early) expect(early).toStrictEqual(full);
      else if (r.m >= r.n) expect(early).toBeNull();
    },
  );

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
