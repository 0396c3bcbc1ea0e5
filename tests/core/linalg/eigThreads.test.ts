/**
 * The threaded eigenvalue kernel (src/core/linalg/eigWasm.ts, helpers on worker_threads via
 * src/cli/eigThreads.ts): every thread count gives the one-thread build's spectrum bit for bit
 * (the chunks of each sweep do not depend on threads), the row-filled entry point equals the
 * full-matrix one, progress is reported in order, and the packed storage keeps N = 10⁴ under
 * 1 GB. Oracle for the values themselves: the TypeScript kernel (same algorithm, other code).
 */
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeThreadedEigvals } from '../../../src/cli/eigThreads';
import { eigvalsSymTs, type EigvalsProgress } from '../../../src/core/linalg/eigSym';
import {
  createWasmEigvals,
  type ThreadedWasmEigvals,
  type WasmEigvals,
} from '../../../src/core/linalg/eigWasm';
import { expectAllClose } from '../../helpers/allclose';
import { lowRankPsd, randomSymmetric } from '../../helpers/matrices';
import { present } from '../../helpers/present';

let threaded: ThreadedWasmEigvals;
let single: WasmEigvals;

beforeAll(async () => {
  threaded = present(await createNodeThreadedEigvals(4), 'threaded kernel on Node');
  single = present(createWasmEigvals('simd'), 'one-thread kernel');
});
afterAll(() => threaded.dispose());

function expectSameBits(got: Float64Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  const differs = Array.from(got).findIndex((v, i) => !Object.is(v, want[i]));
  expect(differs).toBe(-1);
}

describe('threaded eigenvalue kernel', () => {
  it('runs on 4 threads', () => {
    expect(threaded.kernel.threads).toBe(4);
  });

  // Sizes around the chunking (192 rows) and sharing (400 rows) thresholds, odd and even.
  it.each([191, 192, 193, 399, 400, 401, 1001])(
    'n = %i: 1, 2, 3 and 4 threads give the one-thread build bit for bit',
    (n) => {
      const a = randomSymmetric(n, 70 + n);
      const one = single(a, n);
      for (const t of [1, 2, 3, 4]) expectSameBits(threaded.kernel(a, n, { threads: t }), one);
      const scale = Math.max(...Array.from(one, Math.abs));
      expectAllClose(one, eigvalsSymTs(a, n), { rtol: 0, atol: 1e-12 * scale });
    },
  );

  test.prop([fc.integer({ min: 400, max: 900 }), fc.integer({ min: 1, max: 1e6 })], {
    numRuns: 4,
  })('random sizes and seeds: 2 threads = 1 thread, to the bit', (n, seed) => {
    const a = lowRankPsd(n, Math.ceil(n / 3), seed);
    expectSameBits(threaded.kernel(a, n, { threads: 2 }), single(a, n));
  });

  // Every thread claims a chunk before running it and takes the chunks others have not reached.
  // Four threads on a machine with fewer cores are descheduled often, so chunks change hands
  // in many sweeps here; a chunk run twice or never would change the spectrum.
  it('solve after solve on 4 threads, chunks taken over by whichever thread is free: the one-thread bits', () => {
    const n = 640;
    const a = randomSymmetric(n, 4242);
    const one = single(a, n);
    for (let r = 0; r < 6; r++) expectSameBits(threaded.kernel(a, n, { threads: 4 }), one);
  });

  it('rows(): filling row by row gives the full-matrix spectrum, with ordered progress', () => {
    const n = 700;
    const a = randomSymmetric(n, 5);
    const seen: EigvalsProgress[] = [];
    const byRows = threaded.kernel.rows(
      n,
      (r, out) => out.set(a.subarray(r * n + r, (r + 1) * n)),
      {
        onProgress: (p) => seen.push(p),
      },
    );
    expectSameBits(byRows, single(a, n));
    const reduction = seen.filter((p) => p.phase === 'reduction').map((p) => p.fraction);
    expect(reduction.length).toBeGreaterThan(10);
    // the first report comes once the rows are loaded, before any step
    expect(seen[0]).toEqual({ phase: 'reduction', fraction: 0 });
    expect(reduction.every((f, i) => i === 0 || f >= reduction[i - 1]!)).toBe(true);
    expect(reduction.at(-1)).toBe(1);
    expect(seen.at(-1)).toEqual({ phase: 'ql', fraction: 0 });
  });

  it('names the entry of a non-finite matrix, and stays usable', () => {
    const n = 650;
    const a = randomSymmetric(n, 9);
    const bad = a.slice();
    bad[3 * n + 600] = Number.POSITIVE_INFINITY;
    expect(() => threaded.kernel(bad, n)).toThrow('eigvalsSym: entry (3, 600) is Infinity');
    expectSameBits(threaded.kernel(a, n), single(a, n));
  });

  it('N = 10,000 fits in packed storage under 1 GB (400 MB for the triangle)', () => {
    const bytes = threaded.kernel.bytesFor(10_000);
    expect(bytes).toBeGreaterThan((8 * 10_000 * 10_001) / 2);
    expect(bytes).toBeLessThan(0.41 * 2 ** 30);
  });
});
