/**
 * The blocked matrix product (src/core/linalg/gemm.ts, wasm in gemmWasm.ts): the TypeScript
 * kernel against a naive triple loop, the wasm kernel against the TypeScript one bit for bit on
 * edge sizes (1, odd, the 4×4 tile, the 128/1024/256 blocking and the loader's 1024/2048 pieces),
 * strided views, both transposes and the band minDiag, and the summation-order contract.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  agreesWithTs,
  gemm,
  GEMM_KC,
  gemmKernelName,
  gemmTs,
  installFastestGemm,
  type GemmKernel,
  type View,
} from '../../../src/core/linalg/gemm';
import { createWasmGemm } from '../../../src/core/linalg/gemmWasm';
import { createRng } from '../../../src/core/random';
import { expectAllClose } from '../../helpers/allclose';

function wasmKernel(): GemmKernel {
  const k = createWasmGemm();
  if (!k) throw new Error(`createWasmGemm() returned null on Node ${process.version}`);
  return k;
}

/** A strided view of a random rows × cols matrix: `pad` extra columns and a 5-entry offset. */
function randomView(rows: number, cols: number, seed: number, pad = 0): View {
  const ld = cols + pad;
  const data = createRng(seed, 5).fillNormal(new Float64Array(5 + rows * ld));
  return { data, offset: 5, ld };
}

/** op(A)·op(B) by the definition, in float64, one entry at a time. */
function naive(
  m: number,
  n: number,
  k: number,
  a: View,
  ta: boolean,
  b: View,
  tb: boolean,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) {
        const x = ta ? a.data[a.offset + t * a.ld + i]! : a.data[a.offset + i * a.ld + t]!;
        const y = tb ? b.data[b.offset + j * b.ld + t]! : b.data[b.offset + t * b.ld + j]!;
        s += x * y;
      }
      out[i * n + j] = s;
    }
  return out;
}

interface Case {
  m: number;
  n: number;
  k: number;
  ta: boolean;
  tb: boolean;
  minDiag: number;
  seed: number;
}

/** Runs `kernel` on a case with C a strided view whose entries start as a random matrix. */
function run(kernel: GemmKernel, c: Case): { C: View; a: View; b: View; c0: Float64Array } {
  const a = c.ta ? randomView(c.k, c.m, c.seed, 1) : randomView(c.m, c.k, c.seed, 2);
  const b = c.tb ? randomView(c.n, c.k, c.seed + 1, 3) : randomView(c.k, c.n, c.seed + 1, 0);
  const C = randomView(c.m, c.n, c.seed + 2, 1);
  const c0 = C.data.slice();
  kernel(c.m, c.n, c.k, a, c.ta, b, c.tb, C, c.minDiag);
  return { C, a, b, c0 };
}

/** Entry (i, j) of a view. */
const at = (v: View, i: number, j: number): number => v.data[v.offset + i * v.ld + j]!;

describe('gemmTs (the TypeScript kernel)', () => {
  test.prop(
    [
      fc.record({
        m: fc.integer({ min: 1, max: 9 }),
        n: fc.integer({ min: 1, max: 9 }),
        k: fc.integer({ min: 1, max: 600 }),
        ta: fc.boolean(),
        tb: fc.boolean(),
        minDiag: fc.constantFrom(-Infinity, 0, 2, -3),
        seed: fc.integer({ min: 1, max: 1e6 }),
      }),
    ],
    { numRuns: 60 },
  )(
    'adds op(A)·op(B) to the entries with j − i ≥ minDiag and leaves every other number alone',
    (c) => {
      const { C, a, b, c0 } = run(gemmTs, c);
      const ref = naive(c.m, c.n, c.k, a, c.ta, b, c.tb);
      for (let i = 0; i < c.m; i++)
        for (let j = 0; j < c.n; j++) {
          const before = c0[C.offset + i * C.ld + j]!;
          if (j - i >= c.minDiag) {
            // k > GEMM_KC sums in blocks (another rounding order than the naive loop): ~k·ε
            expectAllClose(at(C, i, j) - before, ref[i * c.n + j]!, { rtol: 1e-12, atol: 1e-12 });
          } else expect(at(C, i, j)).toBe(before);
        }
      // padding columns and the leading offset are untouched
      const written = new Set<number>();
      for (let i = 0; i < c.m; i++)
        for (let j = 0; j < c.n; j++) written.add(C.offset + i * C.ld + j);
      C.data.forEach((v, t) => {
        if (!written.has(t)) expect(v).toBe(c0[t]);
      });
    },
  );

  it('sums in the documented order: blocks of GEMM_KC, each from +0, added to C in turn', () => {
    const m = 3;
    const n = 2;
    const k = 2 * GEMM_KC + 17;
    const a = randomView(m, k, 11);
    const b = randomView(k, n, 12);
    const C = { data: new Float64Array(m * n), offset: 0, ld: n };
    gemmTs(m, n, k, a, false, b, false, C, -Infinity);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let total = 0;
        for (let p0 = 0; p0 < k; p0 += GEMM_KC) {
          let s = 0;
          for (let t = p0; t < Math.min(k, p0 + GEMM_KC); t++)
            s += a.data[a.offset + i * a.ld + t]! * b.data[b.offset + t * b.ld + j]!;
          total += s;
        }
        expect(C.data[i * n + j]).toBe(total);
      }
  });

  it('gives the same digits when k is split at a multiple of GEMM_KC (the threads contract)', () => {
    const [m, n, k] = [7, 5, 3 * GEMM_KC + 40];
    const a = randomView(k, m, 21);
    const b = randomView(k, n, 22);
    const whole = { data: new Float64Array(m * n), offset: 0, ld: n };
    gemm(m, n, k, a, b, whole, { transA: true });
    const split = { data: new Float64Array(m * n), offset: 0, ld: n };
    const cut = 2 * GEMM_KC;
    gemm(m, n, cut, a, b, split, { transA: true });
    gemm(
      m,
      n,
      k - cut,
      { ...a, offset: a.offset + cut * a.ld },
      { ...b, offset: b.offset + cut * b.ld },
      split,
      { transA: true },
    );
    expect(Array.from(split.data)).toStrictEqual(Array.from(whole.data));
  });

  it('does nothing for an empty product and refuses non-integer sizes', () => {
    const C = { data: new Float64Array([1, 2]), offset: 0, ld: 2 };
    const e = { data: new Float64Array(0), offset: 0, ld: 0 };
    gemm(1, 2, 0, e, e, C);
    expect(Array.from(C.data)).toStrictEqual([1, 2]);
    expect(() => gemm(1.5, 2, 1, e, e, C)).toThrow(/sizes must be integers/);
  });
});

describe('the wasm kernel equals the TypeScript kernel bit for bit', () => {
  const wasm = wasmKernel();
  const sizes = [1, 2, 3, 4, 5, 7, 17, 127, 128, 129];
  const cases: Case[] = [];
  let seed = 100;
  for (const m of sizes)
    for (const n of [1, 3, 4, 5, 129])
      cases.push({
        m,
        n,
        k: (m * 7 + n) % 300 || 1,
        ta: m % 2 === 0,
        tb: n % 2 === 1,
        minDiag: -Infinity,
        seed: seed++,
      });
  // the k blocking (256) and the loader's k pieces (2048); C pieces (1024) and NC = 1024
  for (const k of [255, 256, 257, 513, 2047, 2048, 2049])
    cases.push({ m: 6, n: 5, k, ta: true, tb: false, minDiag: -Infinity, seed: seed++ });
  cases.push({ m: 3, n: 1025, k: 9, ta: false, tb: true, minDiag: -Infinity, seed: seed++ });
  cases.push({ m: 1025, n: 2, k: 9, ta: true, tb: true, minDiag: -Infinity, seed: seed++ });
  cases.push({ m: 1030, n: 1030, k: 3, ta: false, tb: true, minDiag: 0, seed: seed++ });
  for (const minDiag of [0, 1, 5, -1, -6, 1e9, -1e9])
    cases.push({ m: 37, n: 41, k: 19, ta: false, tb: true, minDiag, seed: seed++ });

  it.each(cases.map((c) => [`${c.m}×${c.n}×${c.k} tA=${c.ta} tB=${c.tb} band ${c.minDiag}`, c]))(
    '%s',
    (_, c) => {
      const want = run(gemmTs, c as Case).C.data;
      const got = run(wasm, c as Case).C.data;
      expect(got.length).toBe(want.length);
      const diff = want.findIndex((v, i) => !Object.is(v, got[i]));
      expect(diff).toBe(-1);
    },
  );

  test.prop(
    [
      fc.record({
        m: fc.integer({ min: 1, max: 40 }),
        n: fc.integer({ min: 1, max: 40 }),
        k: fc.integer({ min: 1, max: 700 }),
        ta: fc.boolean(),
        tb: fc.boolean(),
        minDiag: fc.oneof(fc.constant(-Infinity), fc.integer({ min: -45, max: 45 })),
        seed: fc.integer({ min: 1, max: 1e6 }),
      }),
    ],
    { numRuns: 80 },
  )('on random shapes, bands and strides', (c) => {
    const want = run(gemmTs, c).C.data;
    const got = run(wasm, c).C.data;
    expect(want.findIndex((v, i) => !Object.is(v, got[i]))).toBe(-1);
  });

  it('is the kernel installed on Node, and the start-up cross-check rejects a wrong kernel', () => {
    expect(agreesWithTs(wasm)).toBe(true);
    expect(installFastestGemm().name).toBe('wasm-simd-blocked');
    expect(gemmKernelName()).toBe('wasm-simd-blocked');
    const offByOne: GemmKernel = (m, n, k, a, ta, b, tb, c, minDiag) => {
      wasm(m, n, k, a, ta, b, tb, c, minDiag);
      c.data[c.offset] = c.data[c.offset]! * (1 + 2 ** -52);
    };
    expect(agreesWithTs(offByOne)).toBe(false);
  });
});
