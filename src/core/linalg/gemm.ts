/**
 * Matrix products C += op(A)·op(B) over strided Float64Array views: the TypeScript kernel (the
 * fallback and the cross-check) and the dispatcher that uses the WebAssembly SIMD kernel
 * (./gemmWasm.ts, source ./wasm/assembly/gemm.ts) wherever it runs and agrees with this one.
 * The hot loops of the structured Gauss-Newton assembly (../gn/structuredGram.ts) go through
 * here.
 *
 * Summation order, the same in both kernels so that they agree to the last bit (and a later
 * split of the work over threads cannot change a digit): the k range of one call is cut into
 * blocks of GEMM_KC from its start; for each entry, every block's sum is formed in increasing k
 * starting from +0 (a rounded product, then a rounded sum: no fused multiply-add), and the block
 * sums are added to C in increasing block order. Calls split along k at multiples of GEMM_KC
 * therefore give the same digits as one call.
 */

import { createWasmGemm, type ThreadedWasmGemm } from './gemmWasm';
import { cappedKernelName } from './threadLimit';
import { kronShape, zeros, type Mat } from './matrix';

/** A strided row-major matrix: entry (r, c) at `data[offset + r·ld + c]`. */
export interface View {
  data: Float64Array;
  offset: number;
  ld: number;
}

/** A whole packed matrix, or the part of it from row `row` and column `col` on, as a View. */
export function view(
  m: { rows: number; cols: number; data: Float64Array },
  row = 0,
  col = 0,
): View {
  return { data: m.data, offset: row * m.cols + col, ld: m.cols };
}

/** The block length of the summation order (also the wasm kernel's KC). */
export const GEMM_KC = 256;

/**
 * C (m × n) += op(A)·op(B) with inner dimension k, for the entries (i, j) with j − i ≥ minDiag
 * only (−Infinity: all; 0: the upper triangle of a square C); the others are not touched.
 * op(A)(i, t) = A(i, t) (A is m × k) or A(t, i) when transA (A is k × m); op(B)(t, j) = B(t, j)
 * (B is k × n) or B(j, t) when transB (B is n × k). Every argument is an integer ≥ 0 (minDiag
 * may be ±Infinity).
 */
export type GemmKernel = (
  m: number,
  n: number,
  k: number,
  a: View,
  transA: boolean,
  b: View,
  transB: boolean,
  c: View,
  minDiag: number,
) => void;

/**
 * The TypeScript kernel: each k block of op(A) and op(B) is first copied into contiguous rows
 * (op(A) by rows, op(B) by columns), so that every entry is one dot product over two contiguous
 * runs. O(2mnk) flops (half for the upper triangle), O((m + n)·GEMM_KC) extra memory.
 */
export const gemmTs: GemmKernel = (m, n, k, a, transA, b, transB, c, minDiag) => {
  if (m <= 0 || n <= 0 || k <= 0) return;
  const kb = Math.min(GEMM_KC, k);
  const ap = new Float64Array(m * kb);
  const bp = new Float64Array(n * kb);
  for (let pc = 0; pc < k; pc += GEMM_KC) {
    const kc = Math.min(GEMM_KC, k - pc);
    packRows(ap, a, transA, m, pc, kc);
    packRows(bp, b, !transB, n, pc, kc);
    dotBlock(ap, bp, c.data, c.offset, c.ld, m, n, kc, minDiag);
  }
};

/**
 * Row r < count of the block, t < kc: op(M)(r, pc + t) into dst[r·kc + t], where op(M)(r, t) is
 * M(t, r) when `byColumn`, else M(r, t).
 */
function packRows(
  dst: Float64Array,
  v: View,
  byColumn: boolean,
  count: number,
  pc: number,
  kc: number,
): void {
  const { data, offset, ld } = v;
  if (byColumn) {
    for (let t = 0; t < kc; t++) {
      const src = offset + (pc + t) * ld;
      for (let r = 0; r < count; r++) dst[r * kc + t] = data[src + r]!;
    }
  } else {
    for (let r = 0; r < count; r++) {
      const src = offset + r * ld + pc;
      for (let t = 0; t < kc; t++) dst[r * kc + t] = data[src + t]!;
    }
  }
}

/** C(i, j) += Σ_t ap[i·kc + t]·bp[j·kc + t] (t increasing, from +0) for j − i ≥ minDiag. */
function dotBlock(
  ap: Float64Array,
  bp: Float64Array,
  cd: Float64Array,
  co: number,
  ld: number,
  m: number,
  n: number,
  kc: number,
  minDiag: number,
): void {
  for (let i = 0; i < m; i++) {
    const ai = i * kc;
    const row = co + i * ld;
    for (let j = Math.max(0, i + minDiag); j < n; j++) {
      const bj = j * kc;
      let s = 0;
      for (let t = 0; t < kc; t++) s += ap[ai + t]! * bp[bj + t]!;
      cd[row + j] = cd[row + j]! + s;
    }
  }
}

let active: { name: string; kernel: GemmKernel } | null = null;

/** Options of {@link gemm}; see {@link GemmKernel} for their meaning. */
export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  minDiag?: number;
}

/**
 * C (m × n) += op(A)·op(B) with the kernel in use (installed on first call, see
 * {@link installFastestGemm}). Throws on sizes that are not non-negative integers.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: View,
  b: View,
  c: View,
  options: GemmOptions = {},
): void {
  if (![m, n, k].every((x) => Number.isInteger(x) && x >= 0))
    throw new Error(`gemm: sizes must be integers ≥ 0, got ${m} × ${n} × ${k}`);
  const kernel = (active ?? installFastestGemm()).kernel;
  kernel(
    m,
    n,
    k,
    a,
    options.transA ?? false,
    b,
    options.transB ?? false,
    c,
    options.minDiag ?? -Infinity,
  );
}

/**
 * Name of the kernel {@link gemm} uses (installing the fastest one if none is yet), with the
 * threads it runs on under the cap of ./threadLimit.ts.
 */
export function gemmKernelName(): string {
  return cappedKernelName((active ?? installFastestGemm()).name);
}

/** Uses `kernel` for every later {@link gemm} (tests and benchmarks compare both kernels). */
export function setGemmKernel(name: string, kernel: GemmKernel): void {
  active = { name, kernel };
}

/** The kernel {@link gemm} uses now (installing the fastest one if none is yet), to restore later. */
export function activeGemmKernel(): { name: string; kernel: GemmKernel } {
  return active ?? installFastestGemm();
}

/**
 * Uses a threaded wasm kernel (createThreadedWasmGemm) from now on when, sharing every tile, it
 * agrees with the TypeScript kernel bit for bit ({@link agreesWithTs}); else lets its helpers go
 * and keeps the kernel in use. Returns the name in use, e.g. "wasm-simd-blocked ×2 threads".
 */
export function installThreadedGemm(threaded: ThreadedWasmGemm): string {
  if (agreesWithTs(threaded.everyTile))
    setGemmKernel(`wasm-simd-blocked ×${threaded.threads} threads`, threaded.kernel);
  else threaded.dispose();
  return gemmKernelName();
}

/** Uses the TypeScript kernel from now on. */
export function installTsGemm(): void {
  setGemmKernel('ts-blocked', gemmTs);
}

/** Deterministic inputs for the cross-check (no PRNG needed: any non-trivial values do). */
function checkValues(len: number, salt: number): Float64Array {
  const v = new Float64Array(len);
  for (let i = 0; i < len; i++) v[i] = (((i * 7919 + salt * 104729) % 2003) - 1001) / 997;
  return v;
}

/**
 * Cross-checks `kernel` against {@link gemmTs} on shapes that cross the block sizes, both
 * transposes and the upper-triangle band: true when every result is identical to the last bit.
 */
export function agreesWithTs(kernel: GemmKernel): boolean {
  const shapes: [number, number, number, boolean, boolean, number][] = [
    [37, 29, 300, false, false, -Infinity],
    [5, 131, 257, true, false, -Infinity],
    [130, 9, 513, false, true, -Infinity],
    [33, 33, 70, true, true, 0],
    [1, 1, 1, false, false, -Infinity],
  ];
  return shapes.every(([m, n, k, ta, tb, minDiag], s) => {
    const a = { data: checkValues(m * k + 3, s), offset: 3, ld: ta ? m : k };
    const b = { data: checkValues(k * n, s + 7), offset: 0, ld: tb ? k : n };
    const c0 = checkValues(m * n, s + 11);
    const want = { data: c0.slice(), offset: 0, ld: n };
    const got = { data: c0.slice(), offset: 0, ld: n };
    gemmTs(m, n, k, a, ta, b, tb, want, minDiag);
    kernel(m, n, k, a, ta, b, tb, got, minDiag);
    return want.data.every((x, i) => Object.is(x, got.data[i]));
  });
}

/**
 * Installs the wasm SIMD kernel when WebAssembly runs it and it agrees with the TypeScript one
 * bit for bit ({@link agreesWithTs}), else the TypeScript kernel. Returns what it installed.
 * Never throws (a CSP without 'wasm-unsafe-eval' leaves the TypeScript kernel in place).
 */
export function installFastestGemm(): { name: string; kernel: GemmKernel } {
  try {
    const wasm = createWasmGemm();
    if (wasm && agreesWithTs(wasm)) setGemmKernel('wasm-simd-blocked', wasm);
    else installTsGemm();
  } catch {
    installTsGemm();
  }
  return active!;
}

/** op(A)·op(B) as a new matrix, through {@link gemm} (the blocked, wasm SIMD where available, kernel). */
export function gemmProduct(a: Mat, b: Mat, transA = false, transB = false): Mat {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  const c = zeros(m, n);
  gemm(m, n, k, view(a), view(b), view(c), { transA, transB });
  return c;
}

/**
 * The Gram matrix AAᵀ (`of` = 'rows', rows × rows) or AᵀA ('cols', cols × cols) through
 * {@link gemm}: the upper triangle, then mirrored. The same digits as matrix.ts gramRows and
 * gramCols (each entry summed in increasing index from +0) while the summed dimension is at most
 * GEMM_KC.
 */
export function gemmGram(a: Mat, of: 'rows' | 'cols'): Mat {
  const byRows = of === 'rows';
  const n = byRows ? a.rows : a.cols;
  const g = zeros(n, n);
  gemm(n, n, byRows ? a.cols : a.rows, view(a), view(a), view(g), {
    transA: !byRows,
    transB: byRows,
    minDiag: 0,
  });
  const d = g.data;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) d[i * n + j] = d[j * n + i]!;
  return g;
}

/** Entries of the product block {@link gemmKronSum} forms at a time (8 MB). */
const KRON_CHUNK_ENTRIES = 1 << 20;

/**
 * Σ_l A_l ⊗ B_l (A_l a×a, B_l b×b, symmetric; gn-math.md §3) as matrix.ts kronSum, with the
 * same digits: block (i, i') is Σ_l A_l[i,i'] B_l, which for the pairs i ≤ i' is one product
 * (pairs × L)·(L × b²), each entry summed over l in increasing order from +0 as kronSum's axpy
 * does (its skipped zero coefficients add ±0, which changes no sum started at +0). Formed a few
 * pairs at a time (≤ 8 MB beside the result), each block written twice (A_l symmetric).
 */
export function gemmKronSum(terms: readonly { A: Mat; B: Mat }[]): Mat {
  const { a, b } = kronShape(terms);
  const L = terms.length;
  const N = a * b;
  const bb = b * b;
  const out = zeros(N, N);
  const pairs: [number, number][] = [];
  for (let i = 0; i < a; i++) for (let ip = i; ip < a; ip++) pairs.push([i, ip]);
  const Bs = new Float64Array(L * bb);
  terms.forEach(({ B }, l) => Bs.set(B.data, l * bb));
  const chunk = Math.max(1, Math.floor(KRON_CHUNK_ENTRIES / Math.max(1, bb)));
  const coef = new Float64Array(Math.min(chunk, pairs.length) * L);
  const blocks = new Float64Array(Math.min(chunk, pairs.length) * bb);
  for (let p0 = 0; p0 < pairs.length; p0 += chunk) {
    const rows = Math.min(chunk, pairs.length - p0);
    for (let r = 0; r < rows; r++) {
      const [i, ip] = pairs[p0 + r]!;
      for (let l = 0; l < L; l++) coef[r * L + l] = terms[l]!.A.data[i * a + ip]!;
    }
    blocks.fill(0, 0, rows * bb);
    gemm(
      rows,
      bb,
      L,
      { data: coef, offset: 0, ld: L },
      { data: Bs, offset: 0, ld: bb },
      { data: blocks, offset: 0, ld: bb },
    );
    const M = out.data;
    for (let r = 0; r < rows; r++) {
      const [i, ip] = pairs[p0 + r]!;
      for (let j = 0; j < b; j++) {
        const src = r * bb + j * b;
        const upper = (i * b + j) * N + ip * b;
        const lower = (ip * b + j) * N + i * b;
        for (let t = 0; t < b; t++) M[upper + t] = blocks[src + t]!;
        if (ip !== i) for (let t = 0; t < b; t++) M[lower + t] = blocks[src + t]!;
      }
    }
  }
  return out;
}
