/**
 * Biases in deep linear and residual linear networks (docs/gn-math.md §11, an extension): the
 * reduced k·rank(Σ̃) spectrum against the brute-force Jacobian with ∂f/∂bˡ columns, the derived
 * generic rank, explicit biases from JSON, pruned nets, and the §5 bounds carried over
 * (src/core/gn/biasLinearBounds.ts) against the exact κ.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { normalizeConfig } from '../../../src/core/config';
import { evaluate } from '../../../src/core/gn/evaluate';
import { biasRankTheory } from '../../../src/core/gn/biasLinear';
import { networkBiases } from '../../../src/core/gn/init';
import { pruneMasks } from '../../../src/core/gn/prune';
import { fromRows } from '../../../src/core/linalg/matrix';
import type { BoundId, EvalResult, GnConfig } from '../../../src/core/types';
import { expectAllClose } from '../../helpers/allclose';
import {
  bruteGnEigenvalues,
  bruteJacobianWithBiases,
  kappaAndRank,
} from '../../helpers/bruteForce';
import { gaussianRows } from '../../helpers/matrices';
import { BranchCounter, present } from '../../helpers/present';

type BiasMode = 'implicit' | 'zeros' | 'random';

interface BiasNetSpec {
  widths: number[]; // [d, m_1, …, m_{L−1}, k]
  n: number;
  seed: number;
  beta?: number;
  skip?: 'all' | 'hidden';
  biases?: BiasMode;
  /** standard deviation of the weights relative to 1/√fan_in (default 1) */
  weightScale?: number;
  prune?: number;
}

function biasVectors(widths: number[], mode: BiasMode, seed: number): number[][] | undefined {
  if (mode === 'implicit') return undefined;
  return widths
    .slice(1)
    .map((len, l) =>
      mode === 'zeros'
        ? new Array<number>(len).fill(0)
        : gaussianRows(1, len, seed * 31 + l, 0.7)[0]!,
    );
}

function biasConfig(spec: BiasNetSpec): GnConfig {
  const { widths, n, seed } = spec;
  const scale = spec.weightScale ?? 1;
  const weights = widths
    .slice(1)
    .map((rows, l) =>
      gaussianRows(rows, widths[l]!, seed * 100 + l + 1, scale / Math.sqrt(widths[l]!)),
    );
  const biases = biasVectors(widths, spec.biases ?? 'random', seed);
  return normalizeConfig({
    X: gaussianRows(n, widths[0]!, seed * 100),
    weights,
    ...(biases ? { biases } : {}),
    bias: true,
    beta: spec.beta ?? 0,
    skip: spec.skip ?? 'all',
    prune: spec.prune ?? 0,
    rtol: 1e-10,
  }).config;
}

/** Brute force: J with bias columns (pruned weight columns removed), eig(JᵀJ/n) by ml-matrix. */
function oracle(config: GnConfig): {
  kappa: number;
  rank: number;
  kept: number[];
  p: number;
  all: number[];
} {
  const W = config.weights!.map((w) => w.map((r) => r.slice()));
  const biases = networkBiases(config).map((b) => Array.from(b));
  const masks =
    config.prune > 0
      ? pruneMasks(
          W.map((w) => fromRows(w)),
          config.prune,
        )
      : null;
  if (masks)
    W.forEach((w, l) =>
      w.forEach((row, i) =>
        row.forEach((_, j) => (row[j] = masks[l]![i * row.length + j] ? row[j]! : 0)),
      ),
    );
  const J = bruteJacobianWithBiases(
    { weights: W, biases, beta: config.beta, skip: config.skip, activation: 'linear', alpha: 0 },
    config.X!,
  );
  const n = config.X!.length;
  if (!masks) {
    const all = bruteGnEigenvalues(J, n);
    return { ...kappaAndRank(all, config.rtol), p: J[0]!.length, all };
  }
  const keep: number[] = [];
  let offset = 0;
  for (const m of masks) {
    m.forEach((v, i) => {
      if (v) keep.push(offset + i);
    });
    offset += m.length;
  }
  for (let c = offset; c < J[0]!.length; c++) keep.push(c); // bias columns are never pruned
  const Jm = new Matrix(J.map((row) => keep.map((c) => row[c]!)));
  const G = Jm.transpose().mmul(Jm).div(n);
  const ev = [
    ...new EigenvalueDecomposition(G.add(G.transpose()).div(2), { assumeSymmetric: true })
      .realEigenvalues,
  ].sort((a, b) => b - a);
  return { ...kappaAndRank(ev, config.rtol), p: keep.length, all: ev };
}

/** rank of the augmented data X̃ = [X, 1] by ml-matrix (independent of src/core). */
function augmentedRank(X: number[][]): number {
  const Xt = new Matrix(X.map((r) => [...r, 1]));
  const S = Xt.transpose().mmul(Xt).div(X.length);
  const ev = new EigenvalueDecomposition(S.add(S.transpose()).div(2), { assumeSymmetric: true })
    .realEigenvalues;
  const top = Math.max(...ev);
  return ev.filter((v) => v > 1e-12 * top).length;
}

/** The oracle's eigenvalues have absolute errors ~ ε·λ_max (a p × p EVD): atol scales with λ_max. */
function expectSpectrum(res: EvalResult, slow: { kept: number[] }): void {
  expectAllClose(res.eigenvalues, slow.kept, { rtol: 1e-9, atol: 1e-12 * slow.kept[0]! });
}

/**
 * κ against the oracle's κ: the oracle's λ_min⁺ carries an absolute error ~ ε·λ_max (p × p EVD),
 * a relative error ~ ε·κ on κ, so the tolerance grows with κ (κ reaches ~1e9 at depth 5).
 */
function expectKappa(actual: number, expected: number): void {
  expectAllClose(actual, expected, { rtol: 1e-9 + 1e-13 * expected });
}

const net = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 6 }),
  n: fc.integer({ min: 1, max: 9 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
  beta: fc.constantFrom(0, 0.5, 1.2),
  skip: fc.constantFrom('all' as const, 'hidden' as const),
  biases: fc.constantFrom(
    'implicit' as const,
    'zeros' as const,
    'random' as const,
    'random' as const,
  ),
});

describe('reduced spectrum with biases (gn-math.md §11)', () => {
  const branches = new BranchCounter<
    | 'bottleneck'
    | 'no bottleneck'
    | 'n ≤ d'
    | 'n > d'
    | 'zero biases'
    | 'random biases'
    | 'residual'
  >();
  test.prop([net], { numRuns: 120, seed: 1101 })(
    'equals eig(JᵀJ/n) of the explicit J with bias columns, depth 1–5, to rtol 1e-9; rank = theory',
    (r) => {
      const config = biasConfig(r);
      const res = evaluate(config);
      const slow = oracle(config);
      const d = r.widths[0]!;
      const k = r.widths[r.widths.length - 1]!;
      const sAug = augmentedRank(config.X!);
      expect(res.method).toBe('reduced-kd');
      expect(res.size).toBe(k * sAug);
      expect(res.params).toBe(slow.p);
      expect(res.rank).toBe(slow.rank);
      // generic rank: the oracle's eigenvalues above 1e-12·λ_max (its zeros are ~1e-16·λ_max; a
      // random net can have a true eigenvalue between that and the cut-off rtol = 1e-10)
      expect(res.rankTheory).toBe(kappaAndRank(slow.all, 1e-12).rank);
      expectSpectrum(res, slow);
      expectKappa(res.kappa, slow.kappa);
      const hidden = r.widths.slice(1, -1);
      branches.hit(Math.min(...hidden) < Math.min(d, k) ? 'bottleneck' : 'no bottleneck');
      branches.hit(r.n <= d ? 'n ≤ d' : 'n > d');
      branches.hit(r.biases === 'random' ? 'random biases' : 'zero biases');
      if (r.beta > 0) branches.hit('residual');
    },
  );
  it('ran every branch', () => {
    branches.expectEach(
      ['bottleneck', 'no bottleneck', 'n ≤ d', 'n > d', 'zero biases', 'random biases', 'residual'],
      5,
    );
  });

  it('the bottleneck rank q·s̃ + (k − q)·min(s̃, q + 1), not the analogue q(s̃ + k − q)', () => {
    // d = 4, m = 2, k = 3, n = 10: q = 2, s̃ = 5 → 2·5 + 1·3 = 13 (q(s̃ + k − q) would be 12)
    const config = biasConfig({ widths: [4, 2, 3], n: 10, seed: 7 });
    const slow = oracle(config);
    expect(slow.rank).toBe(13);
    expect(biasRankTheory(5, 3, 4, [2])).toBe(13);
    const res = evaluate(config);
    expect(res.rank).toBe(13);
    expect(res.rankTheory).toBe(13);
    // q + 1 > s̃: d = 5, m = 2, k = 4, n = 2 (s̃ = 2): 2·2 + 2·2 = 8 = k·s̃
    const few = oracle(biasConfig({ widths: [5, 2, 4], n: 2, seed: 8 }));
    expect(few.rank).toBe(8);
    expect(biasRankTheory(2, 4, 5, [2])).toBe(8);
  });

  it('generic rank k(d+1) without a bottleneck and n ≥ d + 1; L = 1 gives κ = κ⁺(Σ̃)', () => {
    const res = evaluate(biasConfig({ widths: [3, 4, 4, 2], n: 8, seed: 3 }));
    expect(res.rank).toBe(2 * 4);
    const one = evaluate(biasConfig({ widths: [3, 2], n: 6, seed: 4 }));
    const kS = present(one.kappaSigmaAugmented, 'kappaSigmaAugmented');
    expect(one.kappa).toBeCloseTo(kS, 9);
    for (const id of ['separation', 'convex', 'max', 'layerwise', 'residualWeyl'] as const)
      expect(present(one.bounds[id]?.value, id)).toBeCloseTo(kS, 9);
  });

  it('zero biases given explicitly equal biases left out; they differ from no biases at all', () => {
    const a = evaluate(biasConfig({ widths: [3, 4, 2], n: 6, seed: 5, biases: 'zeros' }));
    const b = evaluate(biasConfig({ widths: [3, 4, 2], n: 6, seed: 5, biases: 'implicit' }));
    expect(a.eigenvalues).toStrictEqual(b.eigenvalues);
    const plain = evaluate({
      ...biasConfig({ widths: [3, 4, 2], n: 6, seed: 5 }),
      bias: false,
      biases: undefined,
    });
    expect(plain.rank).toBe(2 * 3);
    expect(a.rank).toBe(2 * 4);
    expect(a.params).toBe(plain.params + 4 + 2);
  });
});

describe('explicit biases from JSON', () => {
  it('normalizeConfig({ weights, biases, X }) gives the oracle κ; kappaSigma stays κ⁺(Σ)', () => {
    const json = JSON.stringify({
      X: [
        [1, 0.5],
        [-0.3, 2],
        [0.7, -1.1],
        [0.2, 0.4],
      ],
      weights: [
        [
          [0.9, -0.2],
          [0.3, 1.1],
          [-0.5, 0.4],
        ],
        [[0.6, -0.8, 0.25]],
      ],
      biases: [[0.1, -0.4, 0.3], [0.5]],
    });
    const { config } = normalizeConfig(JSON.parse(json));
    expect(config.bias).toBe(true);
    const res = evaluate(config);
    const slow = oracle(config);
    expect(res.rank).toBe(slow.rank);
    expect(res.kappa).toBeCloseTo(slow.kappa, 9);
    expectSpectrum(res, slow);
    const noBias = evaluate({ ...config, bias: false, biases: undefined });
    expect(res.kappaSigma).toBe(noBias.kappaSigma);
    expect(present(res.kappaSigmaAugmented, 'kappaSigmaAugmented')).not.toBe(res.kappaSigma);
  });
});

describe('networkBiases', () => {
  it('zeros unless given, one vector of length m_l per layer; none without bias', () => {
    const config = biasConfig({ widths: [3, 4, 2], n: 2, seed: 1, biases: 'implicit' });
    expect(networkBiases(config).map((b) => Array.from(b))).toStrictEqual([
      [0, 0, 0, 0],
      [0, 0],
    ]);
    const given = biasConfig({ widths: [3, 4, 2], n: 2, seed: 1, biases: 'random' });
    expect(networkBiases(given).map((b) => Array.from(b))).toStrictEqual(given.biases);
    expect(networkBiases({ ...config, bias: false })).toStrictEqual([]);
  });
});

describe('pruned linear nets with biases', () => {
  test.prop(
    [
      fc.record({
        widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
        n: fc.integer({ min: 2, max: 8 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        prune: fc.constantFrom(0.2, 0.5, 0.8),
        beta: fc.constantFrom(0, 0.5),
      }),
    ],
    { numRuns: 50, seed: 1102 },
  )('equal the brute-force J with pruned weight columns removed (bias columns kept)', (r) => {
    const config = biasConfig(r);
    const res = evaluate(config);
    const slow = oracle(config);
    expect(res.params).toBe(slow.p);
    expect(res.rank).toBe(slow.rank);
    expect(res.rankTheory).toBeNull();
    expectSpectrum(res, slow);
    const sep = present(res.bounds.separation, 'separation');
    expect(sep.proved).toBe(false);
    if (sep.applies)
      expect(present(sep.value, 'separation value')).toBeGreaterThanOrEqual(res.kappa * (1 - 1e-9));
    expect(res.bounds.convex?.reason).toMatch(/needs dense layers/);
  });
});

const UPPER: readonly BoundId[] = ['separation', 'convex', 'max', 'layerwise', 'residualWeyl'];
const LOWER: readonly BoundId[] = ['lowerSeparation', 'lowerTrace'];

const boundNet = fc
  .record({
    d: fc.integer({ min: 1, max: 3 }),
    k: fc.integer({ min: 1, max: 3 }),
    extra: fc.integer({ min: 0, max: 2 }),
    L: fc.integer({ min: 1, max: 4 }),
    n: fc.integer({ min: 2, max: 9 }),
    seed: fc.integer({ min: 1, max: 1e6 }),
    beta: fc.constantFrom(0, 0.7, 0.95, 1.5),
    skip: fc.constantFrom('all' as const, 'hidden' as const),
    weightScale: fc.constantFrom(0.15, 0.3, 1),
    biases: fc.constantFrom('zeros' as const, 'random' as const),
    bottleneck: fc.boolean(),
  })
  .map((r) => {
    const m = r.bottleneck ? 1 : Math.max(r.d, r.k) + r.extra;
    const widths = [r.d, ...new Array<number>(r.L - 1).fill(m), r.k];
    return { ...r, widths };
  });

describe('the §5 bounds with biases (extension)', () => {
  const branches = new BranchCounter<string>();
  test.prop([boundNet], { numRuns: 200, seed: 1103 })(
    'upper bounds ≥ κ ≥ lower bounds; κ ≤ separation ≤ convex ≤ max; convex ≤ layerwise ≤ residualWeyl',
    (r) => {
      const config = biasConfig(r);
      const res = evaluate(config);
      const kappa = res.kappa;
      expectKappa(kappa, oracle(config).kappa);
      const value = (id: BoundId): number | null => {
        const b = present(res.bounds[id], id);
        expect(b.proved).toBe(false);
        expect(present(b.reason, `${id} reason`)).toMatch(/bias extension/);
        if (!b.applies) {
          branches.hit(`${id} n/a`);
          expect(b.value).toBeNull();
          return null;
        }
        branches.hit(`${id} applies`);
        return present(b.value, id);
      };
      const v = Object.fromEntries([...UPPER, ...LOWER].map((id) => [id, value(id)])) as Record<
        BoundId,
        number | null
      >;
      const tol = 1 + 1e-9;
      for (const id of UPPER)
        if (v[id] !== null) expect(v[id]! * tol).toBeGreaterThanOrEqual(kappa);
      for (const id of LOWER) if (v[id] !== null) expect(v[id]!).toBeLessThanOrEqual(kappa * tol);
      const chain: [BoundId, BoundId][] = [
        ['separation', 'convex'],
        ['convex', 'max'],
        ['convex', 'layerwise'],
        ['layerwise', 'residualWeyl'],
      ];
      for (const [lo, hi] of chain)
        if (v[lo] !== null && v[hi] !== null) {
          branches.hit(`${lo} ≤ ${hi}`);
          expect(v[lo]!).toBeLessThanOrEqual(v[hi]! * tol);
        }
    },
  );
  it('checked every bound where it applies and where it does not, and every link of the chain', () => {
    branches.expectEach(
      [
        // lowerTrace always applies with biases: ∂f/∂bᴸ = I_k makes rank ≥ k > 0
        ...[...UPPER, 'lowerSeparation' as const].flatMap((id) => [`${id} applies`, `${id} n/a`]),
        'lowerTrace applies',
        'separation ≤ convex',
        'convex ≤ max',
        'convex ≤ layerwise',
        'layerwise ≤ residualWeyl',
      ],
      3,
    );
  });

  it('residualWeyl says which condition fails', () => {
    const res = evaluate(biasConfig({ widths: [2, 3, 3, 2], n: 6, seed: 9, beta: 2 }));
    const rw = present(res.bounds.residualWeyl, 'residualWeyl');
    expect(rw.applies).toBe(false);
    expect(rw.reason).toMatch(/min\(β, 1\) > σ₁\(\[Wˡ, bˡ\]\)/);
  });
});
