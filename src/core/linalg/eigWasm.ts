/**
 * WebAssembly (SIMD f64x2) kernel for the eigenvalues of a real symmetric matrix, the fast
 * counterpart of `eigvalsSymTs` (same algorithm: Householder tridiagonalisation + implicit QL
 * after JAMA's `tred2`/`tql2`, public domain, NIST/MathWorks, from EISPACK). The kernel is
 * src/core/linalg/wasm/assembly/eigsym.ts (AssemblyScript), compiled by scripts/build-wasm.mjs
 * into the git-ignored `./wasm/eigsymWasm.generated.ts`, in two builds: plain SIMD, and SIMD +
 * relaxed SIMD (fused multiply-add, ~1/3 faster reduction), used where the engine accepts it.
 *
 * Pure: no DOM and no Node-only API, so it runs unchanged in Node and in a browser worker. The
 * `WebAssembly` global is reached through `globalThis` with a minimal local type, because
 * src/core compiles against the ES2022 library only (which does not declare it).
 */
import type { EigvalsKernel } from './eigSym';
import type { ReductionKernel, TridiagonalReduction } from './eigenpairs';
import { EIGSYM_WASM_BASE64, EIGSYM_WASM_RELAXED_BASE64 } from './wasm/eigsymWasm.generated';

/** Which build of the kernel: with relaxed SIMD (fused multiply-add) or plain SIMD. */
export type WasmEigvalsVariant = 'relaxed-simd' | 'simd';

/** The subset of the `WebAssembly` namespace used here. */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** Exports of eigsym.wasm (see the AssemblyScript source for their contracts). */
interface EigsymExports {
  memory: { buffer: ArrayBuffer };
  reserve(n: number): number;
  valuesPtr(): number;
  offDiagonalPtr(): number;
  reflectorHPtr(): number;
  scale(): number;
  prepare(n: number): number;
  solve(n: number): number;
  reduce(n: number, keep: number): void;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with or without `=` padding) to bytes; hand-written so `atob` is not needed. */
export function decodeBase64(s: string): Uint8Array {
  const lut = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) lut[B64.charCodeAt(i)] = i;
  let len = s.length;
  while (len > 0 && s.charCodeAt(len - 1) === 61) len--; // '='
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? lut[c]! : -1;
    if (v < 0) throw new Error(`eigWasm: invalid base64 character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Compiles and instantiates the kernel synchronously (the module is ~4 KB, which browsers allow
 * synchronously in workers and Node always does). `variant` 'auto' (the default) takes the
 * relaxed-SIMD build where the engine validates it (Chromium ≥ 114, Node ≥ 22), else the plain
 * SIMD one (Node 20); 'relaxed-simd' or 'simd' asks for that build only. Returns null if
 * WebAssembly or the needed SIMD proposal is unavailable (the module then fails validation),
 * so callers fall back to `eigvalsSymTs`.
 *
 * The returned function computes the eigenvalues, ascending, of the symmetric n×n row-major
 * matrix `a`; only the upper triangle (entries (r, c) with r ≤ c) is read, as in eigvalsSymTs,
 * but every entry must be finite. It does not mutate `a`. Cost: 4n³/3 flops for the reduction
 * (two SIMD lanes, one read and one write of the triangle per step) plus O(n²) for QL; memory
 * 8n² bytes inside the instance, which grows on demand and is kept (never shrinks) for later
 * calls. Results agree with eigvalsSymTs to ~n·ε·max|λ| (rounding order differs).
 * It throws `Error` (messages prefixed `eigvalsSym:` like the TypeScript kernel) when
 * `a.length !== n*n`, on a non-finite entry, when QL does not converge within 60n + 100
 * iterations (never seen on finite input), or when the instance cannot grow its memory for n
 * (4 GiB at most, n ≤ ~23000; a browser may refuse earlier). One instance per worker.
 */
export function createWasmEigvals(
  variant: 'auto' | WasmEigvalsVariant = 'auto',
): EigvalsKernel | null {
  const kernel = instantiate(variant);
  if (!kernel) return null;
  return (a: Float64Array, n: number): Float64Array => {
    if (!load(kernel, a, n, 'eigvalsSym')) return new Float64Array(0);
    if (kernel.solve(n) !== 0) {
      throw new Error(`eigvalsSym: QL did not converge after ${60 * n + 100} iterations`);
    }
    const values = new Float64Array(kernel.memory.buffer, kernel.valuesPtr(), n).slice();
    return values.sort();
  };
}

/**
 * The same reduction kept with its reflectors, for src/core/linalg/eigenpairs.ts: the kernel
 * reduces B = J A J / max|aᵢⱼ| (J the exchange matrix, see the AssemblyScript source), so the
 * returned `applyQ` maps an eigenvector y of T to x = J Q_B y, an eigenvector of A. Its d and e
 * differ from the TypeScript reduction's (another matrix, the same eigenvalues). Throws like
 * {@link createWasmEigvals} (messages prefixed `eigenpairs:`). Memory 16n² bytes (the instance's
 * matrix and the copy of the reflectors). Null where the engine lacks WebAssembly SIMD.
 */
export function createWasmReduction(
  variant: 'auto' | WasmEigvalsVariant = 'auto',
): ReductionKernel | null {
  const kernel = instantiate(variant);
  if (!kernel) return null;
  return (a: Float64Array, n: number): TridiagonalReduction => {
    if (!load(kernel, a, n, 'eigenpairs'))
      return { d: new Float64Array(0), e: new Float64Array(0), scale: 1, applyQ: () => {} };
    kernel.reduce(n, 1);
    const buffer = kernel.memory.buffer;
    const d = new Float64Array(buffer, kernel.valuesPtr(), n).slice();
    const e = new Float64Array(buffer, kernel.offDiagonalPtr(), n).slice();
    const h = new Float64Array(buffer, kernel.reflectorHPtr(), n).slice();
    // row i, entries k < i: reflection i's vector (the strict lower triangle of the matrix)
    const rows = new Float64Array(buffer, kernel.reserve(n), n * n).slice();
    const s = kernel.scale();
    return {
      d,
      e,
      scale: s > 0 ? s : 1,
      applyQ: (x) => {
        for (let i = 1; i < n; i++) {
          const hi = h[i]!;
          if (hi === 0) continue;
          const row = i * n;
          let g = 0;
          for (let k = 0; k < i; k++) g += rows[row + k]! * x[k]!;
          const f = g / hi;
          for (let k = 0; k < i; k++) x[k] = x[k]! - f * rows[row + k]!;
        }
        x.reverse();
      },
    };
  };
}

/** Checks and copies A into the instance, scales and reverses it; false for n = 0. */
function load(kernel: EigsymExports, a: Float64Array, n: number, who: string): boolean {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${who}: invalid size n = ${n}`);
  if (a.length !== n * n) {
    throw new Error(`${who}: expected ${n}×${n} = ${n * n} entries, got ${a.length}`);
  }
  if (n === 0) return false;
  const ptr = kernel.reserve(n);
  if (ptr === 0) {
    throw new Error(`${who}: cannot allocate WebAssembly memory for a ${n}×${n} matrix`);
  }
  // Views are made after reserve: growing the memory detaches the previous buffer.
  new Float64Array(kernel.memory.buffer, ptr, n * n).set(a);
  const bad = kernel.prepare(n);
  if (bad >= 0) {
    throw new Error(
      `${who}: entry (${Math.floor(bad / n)}, ${bad % n}) is ${a[bad]}; the matrix must be finite`,
    );
  }
  return true;
}

/** One instance of the requested build, or null (no WebAssembly, no SIMD, or a CSP refusing it). */
function instantiate(variant: 'auto' | WasmEigvalsVariant): EigsymExports | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm || typeof wasm.validate !== 'function') return null;
  const builds =
    variant === 'auto'
      ? [EIGSYM_WASM_RELAXED_BASE64, EIGSYM_WASM_BASE64]
      : [variant === 'simd' ? EIGSYM_WASM_BASE64 : EIGSYM_WASM_RELAXED_BASE64];
  let ex: EigsymExports | null = null;
  for (const b64 of builds) {
    try {
      const bytes = decodeBase64(b64);
      if (!wasm.validate(bytes)) continue; // an engine without (relaxed) SIMD
      ex = new wasm.Instance(new wasm.Module(bytes), {}).exports as unknown as EigsymExports;
      break;
    } catch {
      // e.g. a Content-Security-Policy without 'wasm-unsafe-eval': try the next, then give up.
    }
  }
  return ex;
}
