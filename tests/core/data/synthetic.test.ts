/** Data with an exact covariance spectrum, whitening and Σ's statistics (gn-math.md §9, §1). */
import { describe, expect, it } from 'vitest';
import {
  exactCovarianceData,
  geometricSpectrum,
  iidGaussianData,
  sigmaInfo,
  whiten,
  centerColumns,
} from '../../../src/core/data/synthetic';
import { eigvalsSymTs } from '../../../src/core/linalg/eigSym';
import { gramCols, matmul, scale, transpose } from '../../../src/core/linalg/matrix';
import { expectAllClose } from '../../helpers/allclose';

function sigmaSpectrumDesc(X: { rows: number; cols: number; data: Float64Array }): number[] {
  const S = scale(gramCols(X), 1 / X.rows);
  return Array.from(eigvalsSymTs(S.data, S.rows)).reverse();
}

describe('exact-covariance Gaussian data', () => {
  it('XᵀX/n has exactly the geometric spectrum λ_i = κ^{−(i−1)/(d−1)}', () => {
    for (const [n, d, kappa] of [
      [100, 10, 1e3],
      [20, 20, 7],
      [50, 1, 5],
      [64, 8, 1],
    ] as const) {
      const X = exactCovarianceData(n, d, kappa, 3, []);
      const expected = Array.from(geometricSpectrum(d, kappa));
      expectAllClose(sigmaSpectrumDesc(X), expected, { rtol: 1e-11, atol: 1e-13 });
      const info = sigmaInfo(X);
      expectAllClose(info.kappaPlus, d === 1 ? 1 : kappa, { rtol: 1e-10 });
      expect(info.rank).toBe(d);
    }
  });

  it('κ(Σ) = 1 gives exactly white data, Σ = I', () => {
    const X = exactCovarianceData(40, 6, 1, 9, []);
    const S = scale(gramCols(X), 1 / 40);
    const I = Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? 1 : 0));
    expectAllClose(S.data, I, { rtol: 0, atol: 1e-14 });
  });

  it('n < d keeps the n largest eigenvalues and says so', () => {
    const warnings: string[] = [];
    const X = exactCovarianceData(3, 6, 100, 1, warnings);
    const info = sigmaInfo(X);
    expect(info.rank).toBe(3);
    expectAllClose(info.kappaPlus, Math.pow(100, 2 / 5), { rtol: 1e-10 });
    expect(warnings[0]).toMatch(/n = 3 < d = 6/);
  });

  it('is reproducible per seed and independent of nothing else', () => {
    expect(exactCovarianceData(10, 3, 5, 4, []).data).toStrictEqual(
      exactCovarianceData(10, 3, 5, 4, []).data,
    );
    expect(exactCovarianceData(10, 3, 5, 4, []).data).not.toStrictEqual(
      exactCovarianceData(10, 3, 5, 5, []).data,
    );
  });
});

describe('whitening X ← UVᵀ', () => {
  it('gives XᵀX = I (Σ = I/n) for full-rank X with n ≥ d, and keeps XV = UD directions', () => {
    const X = iidGaussianData(30, 5, 2);
    const W = whiten(X);
    const G = gramCols(W);
    const I = Array.from({ length: 25 }, (_, i) => (i % 6 === 0 ? 1 : 0));
    expectAllClose(G.data, I, { rtol: 0, atol: 1e-13 });
    // U Vᵀ is the orthogonal polar factor of X: X = (UVᵀ)(V D Vᵀ) with V D Vᵀ symmetric PSD.
    const H = matmul(transpose(W), X);
    expectAllClose(H.data, transpose(H).data, { rtol: 1e-12, atol: 1e-12 });
  });

  it('drops null directions of rank-deficient X (a constant-zero column stays zero)', () => {
    const X = iidGaussianData(20, 4, 3);
    for (let i = 0; i < 20; i++) X.data[i * 4 + 2] = 0;
    const W = whiten(X);
    for (let i = 0; i < 20; i++) expect(Math.abs(W.data[i * 4 + 2]!)).toBeLessThan(1e-15);
    const info = sigmaInfo(W);
    expect(info.rank).toBe(3);
    expectAllClose(info.kappaPlus, 1, { rtol: 1e-12 });
  });
});

describe('Σ statistics', () => {
  it('uncentred second moment, κ⁺ over the non-zero eigenvalues, full κ infinite when singular', () => {
    // X = [[1,0],[0,2],[0,0]] → Σ = diag(1, 4)/3
    const X = { rows: 3, cols: 2, data: new Float64Array([1, 0, 0, 2, 0, 0]) };
    const info = sigmaInfo(X);
    expectAllClose(Array.from(info.eigenvalues), [4 / 3, 1 / 3], { rtol: 1e-15 });
    expectAllClose(info.kappaPlus, 4, { rtol: 1e-15 });
    const Y = { rows: 2, cols: 2, data: new Float64Array([1, 1, 2, 2]) };
    const s2 = sigmaInfo(Y);
    expect(s2.rank).toBe(1);
    expect(s2.kappaPlus).toBe(1);
    expect(s2.kappaFull).toBe(Infinity);
  });

  it('centring removes column means', () => {
    const X = { rows: 2, cols: 2, data: new Float64Array([1, 5, 3, 9]) };
    expect(Array.from(centerColumns(X).data)).toStrictEqual([-1, -2, 1, 2]);
  });
});
