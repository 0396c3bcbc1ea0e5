/**
 * The Gram and Kronecker-sum helpers over the blocked product (src/core/linalg/gemm.ts
 * gemmGram, gemmKronSum) against matrix.ts's gramRows, gramCols, matmul and kronSum: the same
 * digits (the summation-order contract) while the summed dimension is at most GEMM_KC, and close
 * beyond it; on random shapes (fast-check), with zero and negative-zero coefficients.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { GEMM_KC, gemmGram, gemmKronSum, gemmProduct } from '../../../src/core/linalg/gemm';
import {
  gramCols,
  gramRows,
  kronSum,
  matmul,
  zeros,
  type Mat,
} from '../../../src/core/linalg/matrix';
import { createRng } from '../../../src/core/random';
import { expectAllClose } from '../../helpers/allclose';

function randomMat(rows: number, cols: number, seed: number): Mat {
  const m = zeros(rows, cols);
  createRng(seed, 9).fillNormal(m.data);
  return m;
}

function symmetric(n: number, seed: number): Mat {
  const a = randomMat(n, n, seed);
  const s = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) s.data[i * n + j] = a.data[i * n + j]! + a.data[j * n + i]!;
  return s;
}

const sameBits = (a: Mat, b: Mat) =>
  a.rows === b.rows && a.cols === b.cols && a.data.every((x, i) => Object.is(x, b.data[i]));

describe('gemmGram and gemmProduct', () => {
  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: GEMM_KC }), fc.nat()], {
    numRuns: 40,
  })('give matrix.ts digits up to GEMM_KC summed terms', (n, k, seed) => {
    const wide = randomMat(n, k, seed);
    const tall = randomMat(k, n, seed + 1);
    expect(sameBits(gemmGram(wide, 'rows'), gramRows(wide))).toBe(true);
    expect(sameBits(gemmGram(tall, 'cols'), gramCols(tall))).toBe(true);
    expect(sameBits(gemmProduct(wide, tall), matmul(wide, tall))).toBe(true);
  });

  it('stays close beyond GEMM_KC (other block sums, same value)', () => {
    const tall = randomMat(2 * GEMM_KC + 3, 7, 3);
    expectAllClose(gemmGram(tall, 'cols').data, gramCols(tall).data, { rtol: 1e-12, atol: 1e-12 });
  });
});

describe('gemmKronSum', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 5 }), // a
      fc.integer({ min: 1, max: 6 }), // b
      fc.integer({ min: 1, max: 6 }), // L
      fc.nat(),
    ],
    { numRuns: 40 },
  )('equals kronSum bit for bit', (a, b, L, seed) => {
    const terms = Array.from({ length: L }, (_, l) => ({
      A: symmetric(a, seed + 2 * l),
      B: symmetric(b, seed + 2 * l + 1),
    }));
    // zero and negative-zero coefficients: kronSum skips them, the product adds ±0
    if (a > 1) {
      terms[0]!.A.data[1] = terms[0]!.A.data[a] = 0;
      terms[L - 1]!.A.data[1] = terms[L - 1]!.A.data[a] = -0;
    }
    expect(sameBits(gemmKronSum(terms), kronSum(terms))).toBe(true);
  });

  it('forms large products in pieces (b² > the chunk) with the same digits', () => {
    // b = 1100: b² > 2²⁰ entries, one pair per gemm call
    const b = 1100;
    const terms = [0, 1].map((l) => ({ A: symmetric(2, 40 + l), B: symmetric(b, 50 + l) }));
    expect(sameBits(gemmKronSum(terms), kronSum(terms))).toBe(true);
  });

  it('rejects terms of different shapes', () => {
    expect(() =>
      gemmKronSum([
        { A: symmetric(2, 1), B: symmetric(3, 2) },
        { A: symmetric(2, 3), B: symmetric(4, 4) },
      ]),
    ).toThrow(/different shapes/);
    expect(() => gemmKronSum([])).toThrow(/at least one term/);
  });
});
