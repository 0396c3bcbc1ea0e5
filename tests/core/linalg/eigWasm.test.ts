/**
 * The WebAssembly eigenvalue kernel (src/core/linalg/eigWasm.ts, built by
 * scripts/build-wasm.mjs), both builds (plain SIMD and relaxed SIMD). Oracles: the TypeScript
 * kernel eigvalsSymTs (same algorithm, other code), closed forms, and spectra fixed by
 * construction (H·diag·H with a Householder H).
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { eigvalsSymTs, type EigvalsKernel } from '../../../src/core/linalg/eigSym';
import { createWasmEigvals, type WasmEigvalsVariant } from '../../../src/core/linalg/eigWasm';
import { expectAllClose } from '../../helpers/allclose';
import {
  clusteredValues,
  diagonalMatrix,
  gaussianMatrix,
  lowRankPsd,
  randomSymmetric as randomSymmetricOf,
  secondDifference,
  spdWithKappa,
  withSpectrum,
} from '../../helpers/matrices';

// Node 20 has relaxed SIMD behind this flag (on by default in Node ≥ 22 and Chromium ≥ 114, where
// the app runs it): set it so that the relaxed build is tested too. V8 flags are per process, so
// other test files in this process may then also get the relaxed build, which is as correct.
setFlagsFromString('--experimental-wasm-relaxed-simd');

function kernel(variant: WasmEigvalsVariant): EigvalsKernel {
  const k = createWasmEigvals(variant);
  if (!k)
    throw new Error(`createWasmEigvals('${variant}') returned null on Node ${process.version}`);
  return k;
}

const randomSymmetric = (n: number, seed: number): Float64Array => randomSymmetricOf(n, seed, 7);

/**
 * |got − expected| ≤ rel·max|expected| + floor, element-wise: a backward-stable symmetric
 * eigensolver is accurate to ~n·ε·‖A‖ in every eigenvalue, not relative to each one.
 */
function expectSpectrumClose(
  got: Float64Array,
  expected: ArrayLike<number>,
  rel = 1e-12,
  floor = 1e-300,
): void {
  let m = 0;
  for (let i = 0; i < expected.length; i++) m = Math.max(m, Math.abs(expected[i]!));
  expectAllClose(got, expected, { rtol: 0, atol: rel * m + floor });
}

function expectAscending(x: Float64Array): void {
  for (let i = 1; i < x.length; i++) expect(x[i]!).toBeGreaterThanOrEqual(x[i - 1]!);
}

describe('createWasmEigvals variants', () => {
  it("'auto' prefers the relaxed-SIMD build when the engine validates it", () => {
    const a = randomSymmetric(31, 12);
    // The builds round differently (fused multiply-add), so their bits tell which one ran.
    const auto = Array.from(kernel('relaxed-simd')(a, 31));
    expect(Array.from(createWasmEigvals()!(a, 31))).toStrictEqual(auto);
  });
});

describe.each(['simd', 'relaxed-simd'] as const)('createWasmEigvals(%s)', (variant) => {
  const eigvalsWasm = kernel(variant);

  it.each([0, 1, 2, 3, 7, 64, 129, 300])(
    'agrees with eigvalsSymTs on a random symmetric n×n matrix, n = %i',
    (n) => {
      const a = randomSymmetric(n, 1000 + n);
      const got = eigvalsWasm(a, n);
      expect(got).toHaveLength(n);
      expectAscending(got);
      expectSpectrumClose(got, eigvalsSymTs(a, n));
    },
  );

  // Structured matrices at sizes around a 32-wide block and the kernel's 2-row sweeps (n = 31,
  // 32, 33, 67 = 2·32 + 3, 300): the edges where a blocked or unrolled reduction has remainders.
  // Tolerance 1e-10·max|λ|: both kernels are backward stable, ~n·ε·‖A‖ each.
  const structured: [string, (n: number) => Float64Array][] = [
    ['random', (n) => randomSymmetric(n, 4000 + n)],
    [
      // an exactly repeated 2, a cluster of width ~1e-12·n at −1, one of width ~6e-9 at 5
      'clustered and repeated eigenvalues',
      (n) =>
        withSpectrum(
          clusteredValues(
            n,
            [
              { centre: 2, spread: 0 },
              { centre: -1, spread: 1e-12 * n },
              { centre: 5, spread: 6e-9 },
            ],
            n,
          ),
          n,
        ),
    ],
    ['well-conditioned SPD (κ = 10)', (n) => spdWithKappa(n, 10, 8000 + n)],
    ['ill-conditioned SPD (κ = 1e12)', (n) => spdWithKappa(n, 1e12, 8500 + n)],
    ['rank-deficient PSD (rank ⌊n/3⌋)', (n) => lowRankPsd(n, Math.floor(n / 3), 5000 + n)],
    ['diagonal', (n) => diagonalMatrix(gaussianMatrix(1, n, 6000 + n, { stream: 10 }))],
    [
      'graded, entries from ~1e-12 to ~1e12',
      (n) => {
        const a = randomSymmetric(n, 7000 + n);
        const s = Array.from({ length: n }, (_, i) => 10 ** (6 * Math.cos(i)));
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j]! *= s[i]! * s[j]!;
        return a;
      },
    ],
  ];
  describe.each(structured)('%s', (_, make) => {
    it.each([31, 32, 33, 67, 300])('agrees with eigvalsSymTs, n = %i', (n) => {
      const a = make(n);
      const got = eigvalsWasm(a, n);
      expect(got).toHaveLength(n);
      expectAscending(got);
      expectSpectrumClose(got, eigvalsSymTs(a, n), 1e-10);
    });
  });

  it('matches the closed form of the second-difference matrix: 2 − 2cos(jπ/(n+1))', () => {
    // tridiag(−1, 2, −1), e.g. Strang, Computational Science and Engineering, §1.5. Already
    // tridiagonal: exercises the QL phase on an exactly known spectrum.
    const n = 101;
    const { matrix, eigenvalues } = secondDifference(n);
    expectSpectrumClose(eigvalsWasm(matrix, n), eigenvalues);
  });

  it('splits a tridiagonal matrix into blocks: a block 1e-200 of the rest keeps its own digits', () => {
    // diag(T₁₂, 1e-200·T₉, −3·T₇), T_m the second difference (closed form above). The kernel's
    // dsterf-style QL/QR treats each block alone and scales the tiny one into range first, so
    // its eigenvalues come out to a few ε of its own norm, not merely to ε·max|λ| (an unsplit
    // QL would leave them at ~1e-16 absolute, i.e. noise). The third block is negative and
    // reversed in magnitude order, so the QR direction runs too.
    const blocks: [number, number][] = [
      [12, 1],
      [9, 1e-200],
      [7, -3],
    ];
    const n = blocks.reduce((s, [m]) => s + m, 0);
    const a = new Float64Array(n * n);
    const expected: number[][] = [];
    let o = 0;
    for (const [m, c] of blocks) {
      const { matrix, eigenvalues } = secondDifference(m);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < m; j++) a[(o + i) * n + o + j] = c * matrix[i * m + j]!;
      expected.push(eigenvalues.map((x) => c * x));
      o += m;
    }
    const got = eigvalsWasm(a, n);
    const tiny = Array.from(got).filter((x) => Math.abs(x) < 1e-150);
    const pos = Array.from(got).filter((x) => x >= 1e-150);
    const neg = Array.from(got).filter((x) => x <= -1e-150);
    // Each block to ~n·ε of its own largest eigenvalue (backward stability, block by block).
    expectSpectrumClose(Float64Array.from(pos), expected[0]!, 1e-13);
    expectSpectrumClose(Float64Array.from(tiny), expected[1]!, 1e-13);
    expectSpectrumClose(
      Float64Array.from(neg),
      [...expected[2]!].sort((x, y) => x - y),
      1e-13,
    );
  });

  // The tridiagonal phase on its own (the reduction leaves a tridiagonal input as it is, up to
  // signs): random sizes, off-diagonals zeroed at random (blocks of every size, 1×1 and 2×2
  // included) and entries graded over up to 10^±grade. Oracles: the TypeScript kernel (tql2,
  // other code), and the invariants Σλ = trace and Σλ² = ‖T‖²_F.
  test.prop(
    [
      fc.integer({ min: 3, max: 90 }),
      fc.integer({ min: 1, max: 1e6 }),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      fc.integer({ min: 0, max: 8 }),
    ],
    { numRuns: 60, seed: 16 },
  )('random tridiagonal matrices, split and graded', (n, seed, zeroShare, grade) => {
    const g = gaussianMatrix(3, n, seed, { stream: 12 });
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const s = 10 ** (grade * Math.sin(i + seed));
      a[i * n + i] = g[i]! * s;
      if (i > 0 && Math.abs(g[2 * n + i]!) > zeroShare) {
        const s1 = 10 ** (grade * Math.sin(i - 1 + seed));
        a[i * n + i - 1] = a[(i - 1) * n + i] = g[n + i]! * Math.sqrt(s * s1);
      }
    }
    const got = eigvalsWasm(a, n);
    expectAscending(got);
    expectSpectrumClose(got, eigvalsSymTs(a, n), 1e-12);
    let trace = 0;
    let frob = 0;
    let scale = 0;
    for (let i = 0; i < n * n; i++) {
      frob += a[i]! * a[i]!;
      scale = Math.max(scale, Math.abs(a[i]!));
    }
    for (let i = 0; i < n; i++) trace += a[i * n + i]!;
    let sum = 0;
    let sumSq = 0;
    for (const x of got) {
      sum += x;
      sumSq += x * x;
    }
    expectAllClose([sum], [trace], { rtol: 0, atol: 1e-13 * n * scale });
    expectAllClose([sumSq], [frob], { rtol: 1e-12, atol: 0 });
  });

  it('recovers a known spectrum with clusters and a sign change (H·diag·H)', () => {
    const values = [-3, -3, -1e-9, 0, 0, 1e-9, 0.5, 2, 2, 2, 7, 7 + 1e-12, 11];
    for (let k = 0; k < 4; k++) values.push(1 + k / 8); // 17×17
    const a = withSpectrum(values, 5);
    // ~n·ε·‖A‖ backward error of the reduction: 1e-13 relative to ‖A‖ = 11 is ~40 ε.
    expectSpectrumClose(
      eigvalsWasm(a, values.length),
      [...values].sort((x, y) => x - y),
      1e-13,
    );
  });

  it.each([
    [50, 10],
    [129, 1],
    [200, 37],
  ])('finds the n − r zero eigenvalues of a rank-deficient PSD matrix (n=%i, r=%i)', (n, r) => {
    const a = lowRankPsd(n, r, n + r);
    const got = eigvalsWasm(a, n);
    const ref = eigvalsSymTs(a, n);
    expectSpectrumClose(got, ref);
    const top = got[n - 1]!;
    const tiny = got.filter((x) => Math.abs(x) <= 1e-12 * top).length;
    expect(tiny).toBe(n - r);
    // The r positive eigenvalues are well separated from 0: relative agreement with the TS kernel.
    expectAllClose(got.subarray(n - r), ref.subarray(n - r), { rtol: 1e-10, atol: 0 });
  });

  it('returns the sorted diagonal of a diagonal matrix', () => {
    const diag = [4, -2, 0, 9.5, -2, 1e-3, 3, 0, -7];
    const n = diag.length;
    const a = diagonalMatrix(diag);
    // Scaling by 1/max|aᵢⱼ| and back rounds twice: a few ε relative, not exact equality.
    expectAllClose(
      eigvalsWasm(a, n),
      [...diag].sort((x, y) => x - y),
      { rtol: 1e-15, atol: 0 },
    );
  });

  it('returns exact zeros for the zero matrix', () => {
    for (const n of [1, 2, 5, 64]) {
      expect(Array.from(eigvalsWasm(new Float64Array(n * n), n))).toStrictEqual(
        new Array<number>(n).fill(0),
      );
    }
  });

  it.each([1e150, 1e-150, 1e300, 1e-300])(
    'is scale-equivariant without overflow or underflow: eig(c·A) = c·eig(A), c = %s',
    (scale) => {
      const n = 40;
      const a = randomSymmetric(n, 77);
      const base = eigvalsWasm(a, n);
      const scaled = eigvalsWasm(
        a.map((x) => x * scale),
        n,
      );
      expect(scaled.every(Number.isFinite)).toBe(true);
      // No absolute floor: at 1e-300 it would be as large as the eigenvalues themselves.
      expectSpectrumClose(
        scaled,
        Array.from(base, (x) => x * scale),
        1e-13,
        0,
      );
      expectSpectrumClose(
        scaled,
        eigvalsSymTs(
          a.map((x) => x * scale),
          n,
        ),
        1e-12,
        0,
      );
    },
  );

  it('reads only the upper triangle (finite values below the diagonal are ignored)', () => {
    const n = 33;
    const a = randomSymmetric(n, 3);
    const skewed = a.slice();
    // Below max|aᵢⱼ| (≈ 3 here), so the scale 1/max|aᵢⱼ| and hence every bit stay the same.
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) skewed[i * n + j] = (i - j) / n;
    expect(Array.from(eigvalsWasm(skewed, n))).toStrictEqual(Array.from(eigvalsWasm(a, n)));
  });

  it('does not mutate its input', () => {
    const n = 65;
    const a = randomSymmetric(n, 4);
    const copy = a.slice();
    eigvalsWasm(a, n);
    expect(a).toStrictEqual(copy);
  });

  it('stays correct when the instance memory grows and shrinks back between calls', () => {
    for (const n of [5, 300, 17, 451, 2]) {
      const a = randomSymmetric(n, 9000 + n);
      expectSpectrumClose(eigvalsWasm(a, n), eigvalsSymTs(a, n));
    }
  });

  it('throws on NaN or ±∞, naming the entry, and stays usable afterwards', () => {
    const n = 6;
    const a = randomSymmetric(n, 6);
    const bad = a.slice();
    bad[2 * n + 4] = NaN;
    expect(() => eigvalsWasm(bad, n)).toThrow(
      'eigvalsSym: entry (2, 4) is NaN; the matrix must be finite',
    );
    bad[2 * n + 4] = a[2 * n + 4]!;
    bad[5 * n + 0] = -Infinity; // lower triangle: not read for the values, still rejected
    expect(() => eigvalsWasm(bad, n)).toThrow(
      'entry (5, 0) is -Infinity; the matrix must be finite',
    );
    expectSpectrumClose(eigvalsWasm(a, n), eigvalsSymTs(a, n));
  });

  // The kernel checks two entries per SIMD lane pair and the lower triangle four at a time:
  // every position (both parities, the diagonal, the first and last columns) must be named.
  it('names any single non-finite entry, wherever it is (n = 7 and 8)', () => {
    const values = [NaN, Infinity, -Infinity];
    for (const n of [7, 8]) {
      const a = randomSymmetric(n, 40 + n);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const bad = a.slice();
          const x = values[(r * n + c) % 3]!;
          bad[r * n + c] = x;
          expect(() => eigvalsWasm(bad, n)).toThrow(
            `eigvalsSym: entry (${r}, ${c}) is ${x}; the matrix must be finite`,
          );
        }
      }
      expectSpectrumClose(eigvalsWasm(a, n), eigvalsSymTs(a, n));
    }
  });

  it('throws on a length that is not n×n', () => {
    expect(() => eigvalsWasm(new Float64Array(5), 2)).toThrow(
      'eigvalsSym: expected 2×2 = 4 entries, got 5',
    );
    expect(() => eigvalsWasm(new Float64Array(4), -2)).toThrow('eigvalsSym: invalid size n = -2');
  });
});
