/**
 * The threaded matrix product (src/core/linalg/gemmWasm.ts, helpers on worker_threads via
 * src/cli/eigThreads.ts): C's rows are cut into ranges of equal work, one per thread, and every
 * entry keeps the one-thread summation order, so any thread count gives the TypeScript kernel's
 * product (the oracle, src/core/linalg/gemm.ts) bit for bit, on the full product, bands of it,
 * both transposes and strided views.
 */
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeThreadedGemm } from '../../../src/cli/eigThreads';
import { gemmTs, type View } from '../../../src/core/linalg/gemm';
import { withKernelThreads } from '../../../src/core/linalg/threadLimit';
import type { ThreadedWasmGemm } from '../../../src/core/linalg/gemmWasm';
import { gaussianRows } from '../../helpers/matrices';
import { present } from '../../helpers/present';

let four: ThreadedWasmGemm; // 4 threads; its everyTile kernel shares every tile
let shipped: ThreadedWasmGemm; // 2 threads; its kernel has the threshold the CLI and page use

beforeAll(async () => {
  four = present(await createNodeThreadedGemm(4), 'threaded gemm on Node (4 threads)');
  shipped = present(await createNodeThreadedGemm(2), 'threaded gemm on Node');
});
afterAll(() => {
  four.dispose();
  shipped.dispose();
});

/** A strided view of seeded Gaussian values: `rows` × `cols` inside a wider, offset array. */
function stridedView(rows: number, cols: number, seed: number, pad: number): View {
  const ld = cols + pad;
  const g = gaussianRows(rows + 1, ld, seed).flat();
  return { data: Float64Array.from(g), offset: pad, ld };
}

function expectSameBits(got: Float64Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  expect(Array.from(got).findIndex((v, i) => !Object.is(v, want[i]))).toBe(-1);
}

type Shape = { m: number; n: number; k: number; ta: boolean; tb: boolean; minDiag: number };

/** C += op(A)·op(B) on a seeded C, by `kernel` and by the TypeScript oracle. */
function both(
  kernel: ThreadedWasmGemm['kernel'],
  s: Shape,
  seed: number,
): [Float64Array, Float64Array] {
  const a = stridedView(s.ta ? s.k : s.m, s.ta ? s.m : s.k, seed, 3);
  const b = stridedView(s.tb ? s.n : s.k, s.tb ? s.k : s.n, seed + 1, 1);
  const c0 = Float64Array.from(gaussianRows(s.m, s.n, seed + 2).flat());
  const got = { data: c0.slice(), offset: 0, ld: s.n };
  const want = { data: c0.slice(), offset: 0, ld: s.n };
  kernel(s.m, s.n, s.k, a, s.ta, b, s.tb, got, s.minDiag);
  gemmTs(s.m, s.n, s.k, a, s.ta, b, s.tb, want, s.minDiag);
  return [got.data, want.data];
}

describe('threaded matrix product', () => {
  it('runs on 4 threads (and 2 for the shipped threshold)', () => {
    expect([four.threads, shipped.threads]).toStrictEqual([4, 2]);
  });

  test.prop(
    [
      fc.record({
        m: fc.integer({ min: 1, max: 90 }),
        n: fc.integer({ min: 1, max: 90 }),
        k: fc.integer({ min: 1, max: 600 }),
        ta: fc.boolean(),
        tb: fc.boolean(),
        minDiag: fc.constantFrom(-Infinity, 0, 1, -7, 40),
      }),
      fc.integer({ min: 1, max: 1e6 }),
    ],
    { numRuns: 60, seed: 31 },
  )('every tile shared on 4 threads = the TypeScript kernel, to the bit', (shape, seed) => {
    const [got, want] = both(four.everyTile, shape, seed);
    expectSameBits(got, want);
  });

  // Above the threshold (10⁷ multiply-adds per tile) and across the 1024-row tiles and the
  // 2048-long k steps of the host's tiling.
  it.each([
    { m: 1100, n: 300, k: 40, ta: false, tb: true, minDiag: -Infinity },
    { m: 300, n: 300, k: 2300, ta: true, tb: false, minDiag: 0 },
    { m: 257, n: 1030, k: 129, ta: true, tb: true, minDiag: 5 },
  ])('shipped kernel, $m×$n×$k (band $minDiag): the TypeScript product, to the bit', (shape) => {
    const [got, want] = both(shipped.kernel, shape, 7);
    expectSameBits(got, want);
  });

  it('capped at one thread (an interactive job) it runs the one-thread build: the same bits', () => {
    const shape = { m: 300, n: 300, k: 2300, ta: true, tb: false, minDiag: 0 };
    const [got, want] = withKernelThreads(1, () => both(shipped.kernel, shape, 8));
    expectSameBits(got, want);
  });
});
