/**
 * The extreme-eigenpair solver (src/core/linalg/eigenpairs.ts, docs/gn-math.md §12): oracles are
 * ml-matrix's independent EVD, matrices with a prescribed spectrum, and the residual
 * ‖Au − λu‖ ≤ 1e-10·‖A‖ with ‖u‖ = 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import {
  extremeEigenpairs,
  reduceTs,
  setReductionKernel,
  type Eigenpair,
  type ReductionKernel,
} from '../../../src/core/linalg/eigenpairs';
import { eigvalsSymTs } from '../../../src/core/linalg/eigSym';
import { createWasmReduction } from '../../../src/core/linalg/eigWasm';
import { splitSpectrum } from '../../../src/core/gn/evaluate';
import { expectAllClose } from '../../helpers/allclose';
import {
  clusteredValues,
  diagonalMatrix,
  lowRankPsd,
  randomSymmetric,
  withSpectrum,
} from '../../helpers/matrices';

function mlEvd(a: Float64Array, n: number): { values: number[]; vectors: number[][] } {
  const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const V = evd.eigenvectorMatrix;
  return {
    values: order.map(([v]) => v),
    vectors: order.map(([, i]) => V.getColumn(i)),
  };
}

function normInf(a: Float64Array, n: number): number {
  let best = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(a[i * n + j]!);
    best = Math.max(best, s);
  }
  return best;
}

/** ‖A u − λ u‖₂ */
function residual(a: Float64Array, n: number, pair: Eigenpair): number {
  let ss = 0;
  for (let i = 0; i < n; i++) {
    let s = -pair.value * pair.vector[i]!;
    for (let j = 0; j < n; j++) s += a[i * n + j]! * pair.vector[j]!;
    ss += s * s;
  }
  return Math.sqrt(ss);
}

function norm2(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** The eigenpair contract: unit length, residual ≤ 1e-10·‖A‖, largest |entry| positive. */
function expectEigenpair(a: Float64Array, n: number, pair: Eigenpair): void {
  expectAllClose(norm2(pair.vector), 1, { rtol: 1e-12 });
  expect(residual(a, n, pair)).toBeLessThanOrEqual(1e-10 * Math.max(normInf(a, n), 1e-300));
  let at = 0;
  for (let i = 1; i < n; i++) if (Math.abs(pair.vector[i]!) > Math.abs(pair.vector[at]!)) at = i;
  expect(pair.vector[at]!).toBeGreaterThan(0);
}

const wasmReduction = createWasmReduction('simd');
if (!wasmReduction) throw new Error(`createWasmReduction returned null on Node ${process.version}`);

/** Both reductions (TypeScript and WebAssembly SIMD) run every test below. */
const KERNELS: readonly [string, ReductionKernel][] = [
  ['ts-householder', reduceTs],
  ['wasm-simd-householder', wasmReduction],
];

describe.each(KERNELS)('reduction %s', (name, kernel) => {
  beforeAll(() => setReductionKernel(name, kernel));
  afterAll(() => setReductionKernel('ts-householder', reduceTs));

  test.prop([fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 1e6 })], {
    numRuns: 25,
    seed: 3,
  })('Q T Qᵀ reproduces A (the reflectors and the tridiagonal convention)', (n, seed) => {
    const a = randomSymmetric(n, seed, 4);
    const { d, e, scale, applyQ } = kernel(a, n);
    // Q's columns: Q e_j by the kernel's back-transformation
    const Q = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      const x = new Float64Array(n);
      x[j] = 1;
      applyQ(x);
      for (let i = 0; i < n; i++) Q[i * n + j] = x[i]!;
    }
    const T = (i: number, j: number): number =>
      i === j ? d[i]! : Math.abs(i - j) === 1 ? e[Math.max(i, j)]! : 0;
    const back = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < n; p++)
          for (let q = Math.max(0, p - 1); q <= Math.min(n - 1, p + 1); q++)
            s += Q[i * n + p]! * T(p, q) * Q[j * n + q]!;
        back[i * n + j] = s * scale;
      }
    expectAllClose(back, a, { rtol: 0, atol: 1e-12 * normInf(a, n) });
  });

  describe('extremeEigenpairs', () => {
    test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 1e6 })], {
      numRuns: 40,
      seed: 17,
    })('agrees with ml-matrix on random symmetric matrices (values, |uᵀu_ref| ≈ 1)', (n, seed) => {
      const a = randomSymmetric(n, seed, 6);
      const ref = mlEvd(a, n);
      // rtol = 0: every eigenvalue above 0 counts (random symmetric matrices are indefinite)
      const got = extremeEigenpairs(a, n, 0);
      expectAllClose(got.ascending, ref.values, { rtol: 1e-10, atol: 1e-12 * n });
      if (got.max === null) {
        expect(ref.values[n - 1]!).toBeLessThanOrEqual(0);
        return;
      }
      const positive = ref.values.filter((v) => v > 0).length;
      expect(got.rank).toBe(positive);
      for (const pair of [got.max, got.minPositive!]) {
        expectEigenpair(a, n, pair);
        expectAllClose(pair.value, ref.values[pair.index]!, { rtol: 1e-10, atol: 1e-12 * n });
        // simple eigenvalues (gap ≥ 1e-6·‖A‖): the eigenvector itself is determined up to sign
        const gap = Math.min(
          ...ref.values.filter((_, i) => i !== pair.index).map((v) => Math.abs(v - pair.value)),
        );
        if (n > 1 && gap > 1e-6 * normInf(a, n))
          expectAllClose(Math.abs(dot(pair.vector, ref.vectors[pair.index]!)), 1, { rtol: 1e-8 });
      }
      expect(got.max.index).toBe(n - 1);
      expect(got.minPositive!.index).toBe(n - positive);
    });

    test.prop([fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 1e6 })], {
      numRuns: 25,
      seed: 23,
    })('rank-deficient PSD: λ_min⁺ is the smallest eigenvalue κ counts (rtol rule)', (n, seed) => {
      const r = 1 + (seed % n);
      const a = lowRankPsd(n, r, seed, 7);
      const rtol = 1e-10;
      const got = extremeEigenpairs(a, n, rtol);
      const { kept } = splitSpectrum(eigvalsSymTs(a, n), rtol);
      expect(got.rank).toBe(kept.length);
      expect(got.rank).toBe(r);
      expectAllClose(got.minPositive!.value, kept[kept.length - 1]!, { rtol: 1e-9 });
      expectAllClose(got.max!.value, kept[0]!, { rtol: 1e-12 });
      expectEigenpair(a, n, got.minPositive!);
      expectEigenpair(a, n, got.max!);
    });

    it('clustered and degenerate spectra: residual, and the vector lies in the eigenspace', () => {
      const n = 24;
      const values = clusteredValues(
        n,
        [
          { centre: 1, spread: 0 },
          { centre: 5, spread: 1e-9 },
          { centre: 9, spread: 0 },
        ],
        4,
      );
      const a = withSpectrum(values, 8, { reflections: 3 });
      const got = extremeEigenpairs(a, n, 1e-10);
      expectAllClose(got.max!.value, 9, { rtol: 1e-12 });
      expectAllClose(got.minPositive!.value, 1, { rtol: 1e-12 });
      expectEigenpair(a, n, got.max!);
      expectEigenpair(a, n, got.minPositive!);
      // subspace test: the component outside the eigenspace of 9 is at rounding level
      const ref = mlEvd(a, n);
      const inside = ref.vectors.filter((_, i) => Math.abs(ref.values[i]! - 9) < 1e-6);
      expect(inside.length).toBe(8);
      const projected = inside.reduce((s, v) => s + dot(got.max!.vector, v) ** 2, 0);
      expectAllClose(projected, 1, { rtol: 1e-10 });
      // deterministic: the same matrix gives the same vector, bit for bit
      expect(extremeEigenpairs(a, n, 1e-10).max!.vector).toEqual(got.max!.vector);
    });

    it('N = 1, the zero matrix, and diagonal matrices (coordinate vectors)', () => {
      const one = extremeEigenpairs(new Float64Array([2.5]), 1, 1e-10);
      expect(one.max).toEqual({ value: 2.5, vector: new Float64Array([1]), index: 0 });
      expect(one.minPositive).toEqual(one.max);
      const zero = extremeEigenpairs(new Float64Array(9), 3, 1e-10);
      expect(zero.rank).toBe(0);
      expect(zero.max).toBeNull();
      expect(zero.minPositive).toBeNull();
      const values = [3, 0, 7, 1e-14, 0.5];
      const got = extremeEigenpairs(diagonalMatrix(values), 5, 1e-10);
      expect(got.rank).toBe(3);
      expectAllClose(got.max!.vector, [0, 0, 1, 0, 0], { rtol: 0, atol: 1e-15 });
      expectAllClose(got.minPositive!.vector, [0, 0, 0, 0, 1], { rtol: 0, atol: 1e-15 });
      expect(got.minPositive!.value).toBe(0.5);
    });

    it('does not mutate its input and refuses non-finite entries', () => {
      const a = randomSymmetric(9, 2, 3);
      const copy = a.slice();
      extremeEigenpairs(a, 9, 1e-10);
      expect(a).toEqual(copy);
      a[4] = Number.NaN;
      expect(() => extremeEigenpairs(a, 9, 1e-10)).toThrow(/eigenpairs: entry \(0, 4\)/);
    });
  });
});
