/**
 * The shared test-matrix generators do what their names say: checked against ml-matrix's
 * independent EVD and against their own definitions, so a test built on them cannot pass
 * because a generator quietly produced something easier.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { expectAllClose } from './allclose';
import { gaussianRows as configGaussianRows } from './configs';
import {
  clusteredValues,
  diagonalMatrix,
  gaussianMatrix,
  gaussianRows,
  geometricValues,
  logUniformSpectrum,
  lowRankPsd,
  randomSymmetric,
  secondDifference,
  spdWithKappa,
  withSpectrum,
} from './matrices';

function eigenvaluesOf(a: Float64Array, n: number): number[] {
  const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  return [...evd.realEigenvalues].sort((x, y) => x - y);
}

function expectSymmetric(a: Float64Array, n: number): void {
  let asymmetric = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) if (a[i * n + j] !== a[j * n + i]) asymmetric++;
  expect(asymmetric).toBe(0);
}

describe('gaussianMatrix and gaussianRows', () => {
  it('are reproducible from (seed, stream) and differ across seeds and streams', () => {
    const a = gaussianMatrix(20, 30, 5);
    expect(gaussianMatrix(20, 30, 5)).toStrictEqual(a);
    expect(gaussianMatrix(20, 30, 6)).not.toStrictEqual(a);
    expect(gaussianMatrix(20, 30, 5, { stream: 1 })).not.toStrictEqual(a);
    expect(gaussianRows(20, 30, 5).flat()).toStrictEqual(Array.from(a));
    // configs.ts re-exports the same generator (its callers' data is unchanged)
    expect(configGaussianRows(4, 3, 9, 0.5)).toStrictEqual(gaussianRows(4, 3, 9, 0.5));
  });

  it('have mean 0 and standard deviation sd (20 000 draws: 5σ sampling bounds)', () => {
    const count = 20_000;
    const x = gaussianMatrix(100, 200, 3, { sd: 2.5 });
    const mean = x.reduce((s, v) => s + v, 0) / count;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / (count - 1);
    // sd of the mean: 2.5/√n ≈ 0.018; of the sample variance: σ²·√(2/n) ≈ 0.0625
    expect(Math.abs(mean)).toBeLessThan(5 * (2.5 / Math.sqrt(count)));
    expect(Math.abs(variance - 6.25)).toBeLessThan(5 * 6.25 * Math.sqrt(2 / count));
  });
});

describe('symmetric generators', () => {
  it('randomSymmetric is exactly symmetric and reproducible', () => {
    const a = randomSymmetric(17, 4, 7);
    expectSymmetric(a, 17);
    expect(randomSymmetric(17, 4, 7)).toStrictEqual(a);
    expect(randomSymmetric(17, 5, 7)).not.toStrictEqual(a);
  });

  it.each([
    [12, 1],
    [12, 5],
    [20, 19],
  ])('lowRankPsd(%i, %i) is symmetric PSD of rank r', (n, r) => {
    const a = lowRankPsd(n, r, 1);
    expectSymmetric(a, n);
    const ev = eigenvaluesOf(a, n);
    const top = ev[n - 1]!;
    expect(ev.filter((v) => v > 1e-10 * top)).toHaveLength(r);
    expect(ev.every((v) => v > -1e-12 * top)).toBe(true);
  });

  it('withSpectrum has the prescribed eigenvalues, for one and several reflections', () => {
    const values = [-3, -3, 0, 1e-6, 0.5, 2, 7, 11];
    for (const reflections of [1, 4]) {
      const a = withSpectrum(values, 2, { reflections });
      expectSymmetric(a, values.length);
      expectAllClose(eigenvaluesOf(a, values.length), values, { rtol: 0, atol: 1e-13 * 11 });
    }
    // several reflections mix every entry: no zero left off the diagonal
    const mixed = withSpectrum(values, 2, { reflections: 4 });
    expect(Array.from(mixed).filter((v) => v === 0)).toHaveLength(0);
  });

  it.each([10, 1e6, 1e12])('spdWithKappa(·, %s) has λ_min = 1, λ_max = κ', (kappa) => {
    const n = 25;
    const a = spdWithKappa(n, kappa, 3);
    expectSymmetric(a, n);
    const ev = eigenvaluesOf(a, n);
    // a backward-stable EVD: every eigenvalue to ~n·ε·‖A‖ = n·ε·κ
    expectAllClose(ev, geometricValues(n, kappa), { rtol: 0, atol: 1e-13 * n * kappa });
    expect(ev[0]!).toBeGreaterThan(0);
  });

  it('geometricValues runs from 1 to κ with a constant ratio', () => {
    const v = geometricValues(7, 1e6);
    expect([v[0], v[6]]).toStrictEqual([1, 1e6]);
    const ratios = v.slice(1).map((x, i) => x / v[i]!);
    expectAllClose(ratios, new Array<number>(6).fill(10), { rtol: 1e-14, atol: 0 });
  });

  it('diagonalMatrix puts the values on the diagonal only', () => {
    expect(Array.from(diagonalMatrix([1, -2, 3]))).toStrictEqual([1, 0, 0, 0, -2, 0, 0, 0, 3]);
  });

  it('secondDifference: tridiag(−1, 2, −1) whose eigenvalues are the closed form', () => {
    const { matrix, eigenvalues } = secondDifference(4);
    expect(Array.from(matrix)).toStrictEqual([
      2, -1, 0, 0, -1, 2, -1, 0, 0, -1, 2, -1, 0, 0, -1, 2,
    ]);
    const big = secondDifference(30);
    expectAllClose(eigenvaluesOf(big.matrix, 30), big.eigenvalues, { rtol: 0, atol: 1e-13 });
    expect(eigenvalues).toHaveLength(4);
  });
});

describe('spectra', () => {
  it('clusteredValues: member i lies in cluster i mod c, within its spread; spread 0 repeats', () => {
    const clusters = [
      { centre: 2, spread: 0 },
      { centre: -1, spread: 1e-9 },
      { centre: 5, spread: 1e-3 },
    ];
    const v = clusteredValues(30, clusters, 8);
    v.forEach((x, i) => {
      const { centre, spread } = clusters[i % 3]!;
      expect(Math.abs(x - centre)).toBeLessThanOrEqual(spread / 2);
    });
    expect(v.filter((x) => x === 2)).toHaveLength(10);
    expect(new Set(v.filter((_, i) => i % 3 === 2)).size).toBe(10);
  });

  it('logUniformSpectrum: descending, inside [10^lo, 10^hi), covering the decades', () => {
    const v = logUniformSpectrum(2000, -3, 4, 1);
    expect(v).toHaveLength(2000);
    expect(v.every((x, i) => i === 0 || x <= v[i - 1]!)).toBe(true);
    expect(v.every((x) => x >= 1e-3 && x < 1e4)).toBe(true);
    // 2000 log-uniform draws over 7 decades: every decade gets some (≈ 286 expected each)
    for (let d = -3; d < 4; d++) {
      expect(v.filter((x) => x >= 10 ** d && x < 10 ** (d + 1)).length).toBeGreaterThan(200);
    }
    expect(logUniformSpectrum(50, 0, 1, 2)).not.toStrictEqual(logUniformSpectrum(50, 0, 1, 3));
  });
});
