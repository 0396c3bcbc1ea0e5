/**
 * The symmetric eigensolvers (gn-math.md §2: every spectrum goes through them).
 * Oracles: a textbook closed form, ml-matrix's independent EVD, and invariants.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { eigSym, eigvalsSym, eigvalsSymTs, singularValues } from '../../../src/core/linalg/eigSym';
import { fromRows, matmul, transpose } from '../../../src/core/linalg/matrix';
import { expectAllClose } from '../../helpers/allclose';
import {
  geometricValues,
  lowRankPsd,
  randomSymmetric as randomSymmetricOf,
  secondDifference,
  spdWithKappa,
} from '../../helpers/matrices';

const randomSymmetric = (n: number, seed: number): Float64Array => randomSymmetricOf(n, seed, 5);

function mlEigenvalues(a: Float64Array, n: number): number[] {
  const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
  return [
    ...new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues,
  ].sort((x, y) => x - y);
}

describe('eigvalsSymTs', () => {
  it('matches the closed form of the second-difference matrix: 2 − 2cos(jπ/(n+1))', () => {
    // Textbook: the n×n tridiagonal Toeplitz matrix tridiag(−1, 2, −1).
    const n = 40;
    const { matrix, eigenvalues } = secondDifference(n);
    expectAllClose(eigvalsSymTs(matrix, n), eigenvalues, { rtol: 1e-12, atol: 1e-13 });
  });

  test.prop([fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 1e6 })], {
    numRuns: 40,
    seed: 11,
  })('agrees with ml-matrix EVD on random symmetric matrices', (n, seed) => {
    const a = randomSymmetric(n, seed);
    const ev = eigvalsSymTs(a, n);
    expectAllClose(ev, mlEigenvalues(a, n), { rtol: 1e-10, atol: 1e-12 * n });
  });

  it('rank-deficient PSD input: exactly r eigenvalues above 1e-10·λ_max, the rest ~ε·‖A‖', () => {
    for (const [n, r] of [
      [30, 5],
      [50, 1],
      [17, 16],
    ] as const) {
      const ev = eigvalsSymTs(lowRankPsd(n, r, n + r, 6), n);
      const top = ev[n - 1]!;
      expect(Array.from(ev).filter((v) => v > 1e-10 * top).length).toBe(r);
      for (let i = 0; i < n - r; i++) expect(Math.abs(ev[i]!)).toBeLessThan(1e-12 * top);
    }
  });

  it.each([10, 1e6, 1e12])('SPD with κ = %s: every eigenvalue to ~n·ε·κ, and κ itself', (kappa) => {
    const n = 30;
    const ev = eigvalsSymTs(spdWithKappa(n, kappa, 21), n);
    // backward stable: absolute error ~n·ε·‖A‖ = n·ε·κ in every eigenvalue
    expectAllClose(ev, geometricValues(n, kappa), { rtol: 0, atol: 1e-13 * n * kappa });
    // λ_min = 1 carries that absolute error too: κ is good to ~n·ε·κ relative (n·ε ≈ 7e-15)
    expectAllClose(ev[n - 1]! / ev[0]!, kappa, { rtol: 1e-14 * n * kappa + 1e-12, atol: 0 });
  });

  it('zero, 1×1 and empty matrices; does not mutate its input; huge and tiny scales', () => {
    expect(Array.from(eigvalsSymTs(new Float64Array(9), 3))).toEqual([0, 0, 0]);
    expect(Array.from(eigvalsSymTs(new Float64Array([-2.5]), 1))).toEqual([-2.5]);
    expect(eigvalsSymTs(new Float64Array(0), 0).length).toBe(0);
    const a = randomSymmetric(12, 3);
    const copy = a.slice();
    const ev = eigvalsSymTs(a, 12);
    expect(a).toEqual(copy);
    for (const s of [1e150, 1e-150])
      expectAllClose(
        eigvalsSymTs(
          a.map((v) => v * s),
          12,
        ),
        ev.map((v) => v * s),
        { rtol: 1e-11, atol: 1e-12 * s },
      );
  });

  it('throws a clear message on NaN/Infinity', () => {
    const a = randomSymmetric(4, 1);
    a[5] = NaN;
    expect(() => eigvalsSymTs(a, 4)).toThrow(/entry \(1, 1\) is NaN/);
    expect(() => eigvalsSymTs(new Float64Array(3), 2)).toThrow(/expected 2×2/);
  });

  it('the active kernel (eigvalsSym) agrees with the TypeScript reference', () => {
    const a = randomSymmetric(80, 9);
    expectAllClose(eigvalsSym(a, 80), eigvalsSymTs(a, 80), { rtol: 1e-11, atol: 1e-11 });
  });
});

describe('eigSym (with vectors)', () => {
  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 1e6 })], {
    numRuns: 25,
    seed: 12,
  })('A·V = V·D and VᵀV = I', (n, seed) => {
    const data = randomSymmetric(n, seed);
    const A = { rows: n, cols: n, data };
    const { values, vectors: V } = eigSym(A);
    const AV = matmul(A, V);
    const VD = { rows: n, cols: n, data: V.data.map((v, idx) => v * values[idx % n]!) };
    const norm = Math.max(...Array.from(values, Math.abs), 1);
    expectAllClose(AV.data, VD.data, { rtol: 0, atol: 1e-12 * n * norm });
    const VtV = matmul(transpose(V), V);
    const I = Array.from({ length: n * n }, (_, idx) => (idx % (n + 1) === 0 ? 1 : 0));
    expectAllClose(VtV.data, I, { rtol: 0, atol: 1e-13 * n });
    expectAllClose(values, eigvalsSymTs(data, n), { rtol: 1e-10, atol: 1e-12 * norm });
  });
});

describe('singularValues', () => {
  it('of a diagonal-times-orthogonal matrix are the diagonal (descending), for wide and tall shapes', () => {
    const D = fromRows([
      [3, 0, 0, 0],
      [0, -0.5, 0, 0],
      [0, 0, 2, 0],
    ]);
    expectAllClose(singularValues(D), [3, 2, 0.5], { rtol: 1e-14 });
    expectAllClose(singularValues(transpose(D)), [3, 2, 0.5], { rtol: 1e-14 });
  });
});
