/** Packed matrices and the Kronecker-sum assembly of gn-math.md §3 (exact small cases). */
import { describe, expect, it } from 'vitest';
import {
  fromRows,
  gramCols,
  gramRows,
  kronSum,
  matmul,
  toRows,
  transpose,
  eye,
} from '../../../src/core/linalg/matrix';
import { orthonormalColumns } from '../../../src/core/linalg/qr';
import { expectAllClose } from '../../helpers/allclose';
import { gaussianMatrix } from '../../helpers/matrices';

describe('matrix products', () => {
  it('matmul on integers is exact', () => {
    const A = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const B = fromRows([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expect(toRows(matmul(A, B))).toStrictEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(toRows(gramCols(A))).toStrictEqual(toRows(matmul(transpose(A), A)));
    expect(toRows(gramRows(A))).toStrictEqual(toRows(matmul(A, transpose(A))));
    expect(() => matmul(A, A)).toThrow(/shape mismatch/);
  });

  it('eye is the rectangular identity E_l of gn-math.md §4', () => {
    expect(toRows(eye(2, 3))).toStrictEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('kronSum is Σ A_l ⊗ B_l with row-major index i·b + j (integer example, exact)', () => {
    const A1 = fromRows([
      [1, 2],
      [2, 3],
    ]);
    const B1 = fromRows([
      [0, 1],
      [1, 4],
    ]);
    const A2 = fromRows([
      [5, 0],
      [0, 1],
    ]);
    const B2 = fromRows([
      [1, 0],
      [0, 2],
    ]);
    // A1⊗B1 + A2⊗B2 written out by hand
    expect(
      toRows(
        kronSum([
          { A: A1, B: B1 },
          { A: A2, B: B2 },
        ]),
      ),
    ).toStrictEqual([
      [5, 1, 0, 2],
      [1, 14, 2, 8],
      [0, 2, 1, 3],
      [2, 8, 3, 14],
    ]);
  });
});

describe('orthonormalColumns (QR, gn-math.md §9)', () => {
  it('QᵀQ = I, span preserved (R = QᵀA upper triangular with a positive diagonal)', () => {
    const A = { rows: 30, cols: 6, data: gaussianMatrix(30, 6, 4, { stream: 0 }) };
    const Q = orthonormalColumns(A);
    const I = Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? 1 : 0));
    expectAllClose(matmul(transpose(Q), Q).data, I, { rtol: 0, atol: 1e-14 });
    const R = matmul(transpose(Q), A);
    for (let i = 0; i < 6; i++) {
      expect(R.data[i * 6 + i]!).toBeGreaterThan(0);
      for (let j = 0; j < i; j++) expect(Math.abs(R.data[i * 6 + j]!)).toBeLessThan(1e-13);
    }
    expectAllClose(matmul(Q, R).data, A.data, { rtol: 1e-12, atol: 1e-13 });
  });

  it('rejects dependent columns', () => {
    expect(() =>
      orthonormalColumns(
        fromRows([
          [1, 2],
          [2, 4],
          [3, 6],
        ]),
      ),
    ).toThrow(/linearly dependent/);
  });
});
