/**
 * The predicted spectra of docs/gn-math.md §12 (src/core/explain/spectrumTheory.ts,
 * marchenkoPastur.ts): (a) the exact statements against the evaluation's spectrum — L = 1 gives
 * Σ's eigenvalues k times, L = 2 on white data gives the sorted σ²(a_i + b_j) with a, b from
 * ml-matrix's EVD of the weights; (b) the MP law: its distribution function against the numerical
 * integral of the density, total mass 1, support, mean and second moment; (c) the law of the sum:
 * its moments equal the sums' (independent variables), and it matches the empirical distribution
 * of a_i + b_j at large width.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { normalizeConfig } from '../../../src/core/config';
import { prepareData } from '../../../src/core/data/synthetic';
import {
  mpAtom,
  mpCdf,
  mpDensity,
  mpSum,
  mpSupport,
  type MpLaw,
} from '../../../src/core/explain/marchenkoPastur';
import { spectrumTheory, theoryMass } from '../../../src/core/explain/spectrumTheory';
import { explain } from '../../../src/core/explain/explain';
import { evaluate } from '../../../src/core/gn/evaluate';
import { networkWeights } from '../../../src/core/gn/init';
import { toRows } from '../../../src/core/linalg/matrix';
import type { GnConfig } from '../../../src/core/types';
import { expectAllClose } from '../../helpers/allclose';

function whiteTwoLayer(d: number, k: number, m: number, seed: number, init = 'kaiming_normal') {
  return normalizeConfig({ L: 2, d, k, m: [m], seed, init, data: { n: d + 5, kappa: 1 } }).config;
}

function symEig(rows: number[][]): number[] {
  const M = new Matrix(rows);
  const S = M.add(M.transpose()).div(2);
  return [...new EigenvalueDecomposition(S, { assumeSymmetric: true }).realEigenvalues];
}

/** All eigenvalues of the evaluated GN's diagonalised matrix, descending (kept and discarded). */
function fullSpectrum(config: GnConfig): number[] {
  const r = evaluate(config);
  return [...r.eigenvalues, ...r.discarded].sort((x, y) => y - x);
}

/** a = eig(W²W²ᵀ), b = eig(W¹ᵀW¹) by ml-matrix. */
function kronParts(config: GnConfig): { a: number[]; b: number[] } {
  const [W1, W2] = networkWeights(config).map((w) => new Matrix(toRows(w)));
  return {
    a: symEig(W2!.mmul(W2!.transpose()).to2DArray()),
    b: symEig(W1!.transpose().mmul(W1!).to2DArray()),
  };
}

/**
 * ∫ f over [lo, hi] ⊂ [0, ∞) by composite Simpson with `n` (even) panels in t = √x
 * (∫ f dx = ∫ 2t f(t²) dt), which removes the 1/√x edge of MP(1) at 0.
 */
function simpsonSqrt(f: (x: number) => number, lo: number, hi: number, n = 20000): number {
  // start just above 0: MP(1)'s density is undefined at 0 itself (its limit is finite in t)
  return simpson((t) => 2 * t * f(t * t), Math.max(Math.sqrt(lo), 1e-9), Math.sqrt(hi), n);
}

/** ∫ f over [lo, hi] by composite Simpson with `n` (even) panels. */
function simpson(f: (x: number) => number, lo: number, hi: number, n = 20000): number {
  const h = (hi - lo) / n;
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3;
}

describe('exact predictions (gn-math.md §12)', () => {
  test.prop(
    [
      fc.record({
        d: fc.integer({ min: 1, max: 5 }),
        k: fc.integer({ min: 1, max: 4 }),
        m: fc.integer({ min: 1, max: 7 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
      }),
    ],
    { numRuns: 50, seed: 183 },
  )('L = 2, white data: the spectrum is the sorted σ²(a_i + b_j)', ({ d, k, m, seed }) => {
    const config = whiteTwoLayer(d, k, m, seed);
    const s2 = prepareData(config).sigma.eigenvalues[0]!;
    const { a, b } = kronParts(config);
    const sums = a.flatMap((ai) => b.map((bj) => s2 * (ai + bj))).sort((x, y) => y - x);
    const spectrum = fullSpectrum(config);
    expectAllClose(spectrum, sums, { rtol: 1e-9, atol: 1e-12 * sums[0]! });
  });

  test.prop(
    [
      fc.record({
        d: fc.integer({ min: 1, max: 6 }),
        k: fc.integer({ min: 1, max: 4 }),
        kappa: fc.constantFrom(1, 10, 1000),
        seed: fc.integer({ min: 1, max: 1e6 }),
        beta: fc.constantFrom(0, 0.5),
      }),
    ],
    { numRuns: 30, seed: 184 },
  )('L = 1: the atoms are Σ’s eigenvalues, k times each, and equal the spectrum', (r) => {
    const config = normalizeConfig({ ...r, L: 1, m: [], data: { n: 9, kappa: r.kappa } }).config;
    const theory = explain(config).theory;
    expect(theory.kind).toBe('atoms');
    if (theory.kind !== 'atoms') return;
    const predicted = theory.atoms
      .flatMap((t) => new Array<number>(t.count).fill(t.value))
      .sort((x, y) => y - x);
    const { eigenvalues } = evaluate(config);
    expectAllClose(predicted, eigenvalues, { rtol: 1e-9, atol: 1e-13 * eigenvalues[0]! });
  });

  it('L = 2, orthogonal init, white data: the atoms σ², 2σ² are the spectrum', () => {
    for (const [d, k, m] of [
      [3, 2, 5],
      [6, 2, 4],
      [3, 5, 4],
    ] as const) {
      const config = whiteTwoLayer(d, k, m, 7, 'orthogonal');
      const theory = explain(config).theory;
      expect(theory.kind).toBe('atoms');
      if (theory.kind !== 'atoms') return;
      const predicted = theory.atoms.flatMap((t) => new Array<number>(t.count).fill(t.value));
      const { eigenvalues } = evaluate(config);
      expectAllClose(
        eigenvalues,
        predicted.sort((x, y) => y - x),
        { rtol: 1e-9 },
      );
    }
  });

  it('says why where nothing is predicted', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ L: 2, activation: 'relu' }, /No prediction for ReLU networks/],
      [{ L: 2, activation: 'leaky_relu' }, /No prediction for leaky-ReLU/],
      [{ L: 3, m: [5, 5] }, /No prediction for L = 3/],
      [{ L: 2, data: { kappa: 100 } }, /non-white data/],
      [{ L: 2, data: { kappa: 1 }, beta: 0.5 }, /residual skips/],
      [{ L: 2, prune: 0.2 }, /pruned/],
      [{ L: 2, batchNorm: true }, /batch norm/],
    ];
    for (const [fields, reason] of cases) {
      const config = normalizeConfig({ d: 4, k: 2, m: [5], ...fields }).config;
      const theory = spectrumTheory(config, prepareData(config).sigma);
      expect(theory.kind).toBe('none');
      expect(theory.kind === 'none' && theory.reason).toMatch(reason);
    }
  });
});

const LAWS: MpLaw[] = [
  { ratio: 0.1, scale: 1 },
  { ratio: 0.5, scale: 2.5 },
  { ratio: 1, scale: 0.7 },
  { ratio: 2.5, scale: 1.3 },
];

describe('Marchenko–Pastur law', () => {
  it('the distribution function is the integral of the density, with the atom at 0', () => {
    for (const law of LAWS) {
      const [lo, hi] = mpSupport(law);
      const s = Math.sqrt(law.ratio);
      expectAllClose([lo, hi], [law.scale * (1 - s) ** 2, law.scale * (1 + s) ** 2]);
      const atom = mpAtom(law.ratio);
      expect(mpCdf(law, hi)).toBeCloseTo(1, 12);
      expect(mpCdf(law, lo * 0.999)).toBeCloseTo(atom, 12);
      for (const q of [0.2, 0.5, 0.8]) {
        const x = lo + q * (hi - lo);
        const numeric = atom + simpsonSqrt((t) => mpDensity(law, t), lo, x);
        expectAllClose(mpCdf(law, x), numeric, { rtol: 0, atol: 1e-5 });
      }
    }
  });

  it('total mass 1, mean c and second moment c²(1 + r) (the MP moments)', () => {
    for (const law of LAWS) {
      const [lo, hi] = mpSupport(law);
      const mass = mpAtom(law.ratio) + simpsonSqrt((t) => mpDensity(law, t), lo, hi);
      const mean = simpsonSqrt((t) => t * mpDensity(law, t), lo, hi);
      const second = simpsonSqrt((t) => t * t * mpDensity(law, t), lo, hi);
      expectAllClose(
        [mass, mean, second],
        [1, law.scale, law.scale ** 2 * (1 + law.ratio)],
        // Simpson on square-root edges converges as h^1.5: 20000 panels give ~1e-6
        { rtol: 1e-5 },
      );
    }
  });
});

describe('the law of the sum of two MP variables', () => {
  it('has the moments of the sum: E = c_a + c_b, E² = c_a²(1+r_a) + c_b²(1+r_b) + 2c_a c_b', () => {
    for (const [a, b] of [
      [LAWS[0]!, LAWS[1]!],
      [LAWS[2]!, LAWS[3]!],
      [LAWS[3]!, LAWS[0]!],
    ] as const) {
      const law = mpSum(a, b);
      const hi = law.support[1];
      // E[S] = ∫(1 − F), E[S²] = ∫2x(1 − F) for S ≥ 0
      const mean = simpson((x) => 1 - law.cdf(x), 0, hi, 4000);
      const second = simpson((x) => 2 * x * (1 - law.cdf(x)), 0, hi, 4000);
      expectAllClose(
        [mean, second],
        [
          a.scale + b.scale,
          a.scale ** 2 * (1 + a.ratio) + b.scale ** 2 * (1 + b.ratio) + 2 * a.scale * b.scale,
        ],
        // midpoint rule over 256 angles and Simpson over kinks of F: about 1e-4
        { rtol: 1e-3 },
      );
      expect(law.cdf(hi)).toBeCloseTo(1, 9);
      expect(law.cdf(law.support[0] * 0.999)).toBeCloseTo(mpAtom(a.ratio) * mpAtom(b.ratio), 9);
    }
  });

  it('matches the empirical law of σ²(a_i + b_j) at large width (Kolmogorov distance < 0.05)', () => {
    for (const [d, k, m] of [
      [60, 30, 120],
      [90, 20, 60],
    ] as const) {
      const config = whiteTwoLayer(d, k, m, 5);
      const theory = explain(config).theory;
      expect(theory.kind).toBe('mp-sum');
      if (theory.kind !== 'mp-sum') return;
      const law = mpSum(theory.a, theory.b);
      const s2 = prepareData(config).sigma.eigenvalues[0]!;
      const { a, b } = kronParts(config);
      const sums = a.flatMap((ai) => b.map((bj) => s2 * (ai + bj))).sort((x, y) => x - y);
      let ks = 0;
      sums.forEach((x, i) => {
        const F = law.cdf(x);
        ks = Math.max(ks, Math.abs(F - (i + 1) / sums.length), Math.abs(F - i / sums.length));
      });
      expect(ks).toBeLessThan(0.05);
      // the expected count over the support is k·d less the pairs at 0
      const mass = theoryMass(theory)(law.support[0] * 0.5, law.support[1] * 2);
      expectAllClose(mass, k * d * (1 - mpAtom(theory.a.ratio) * mpAtom(theory.b.ratio)), {
        rtol: 1e-9,
      });
    }
  });
});
