/**
 * WebAssembly (SIMD f64x2) kernel for the eigenvalues of a real symmetric matrix, the fast
 * counterpart of `eigvalsSymTs` (the same Householder tridiagonalisation, after JAMA's `tred2`,
 * public domain, NIST/MathWorks, from EISPACK; then LAPACK's root-free QL/QR `dsterf` where
 * `eigvalsSymTs` runs `tql2`: docs/toolchain-notes.md §4). The kernel is
 * src/core/linalg/wasm/assembly/eigsym.ts (AssemblyScript), compiled by scripts/build-wasm.mjs
 * into the git-ignored `./wasm/eigsymWasm.generated.ts`, in two builds: plain SIMD, and SIMD +
 * relaxed SIMD (fused multiply-add, ~1/3 faster reduction), used where the engine accepts it.
 *
 * Pure: no DOM and no Node-only API, so it runs unchanged in Node and in a browser worker. The
 * `WebAssembly` global is reached through `globalThis` with a minimal local type, because
 * src/core compiles against the ES2022 library only (which does not declare it).
 */
import type { EigvalsProgress } from './eigSym';
import type { ReductionKernel, TridiagonalReduction } from './eigenpairs';
import {
  EIGSYM_WASM_BASE64,
  EIGSYM_WASM_RELAXED_BASE64,
  EIGSYM_WASM_SHARED_BASE64,
  EIGSYM_WASM_SHARED_MAX_PAGES,
} from './wasm/eigsymWasm.generated';

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
  stagePtr(): number;
  bytesFor(n: number): number;
  loadRow(n: number, r: number): number;
  helperLoop(t: number): void;
  helpersReady(): number;
  helperChunks(): number;
  stopHelpers(): void;
  begin(n: number, threads: number, keep: number): number;
  reduceSteps(n: number, i: number, count: number): number;
  finish(n: number): number;
  tridiagonal(n: number): void;
  offDiagonalPtr(): number;
  reflectorHPtr(): number;
  rowPtrOf(j: number): number;
  scale(): number;
}

/** Options of one solve. */
export interface EigvalsOptions {
  /** Threads to use (host included); clamped to those the kernel has. Default: all. */
  threads?: number;
  /** Called about 64 times during the reduction and once before QL. */
  onProgress?: (p: EigvalsProgress) => void;
}

/**
 * Writes row r's entries r..n−1 of the symmetric matrix into `out` (length n − r): lets a caller
 * fill the kernel's packed storage row by row without holding the full n×n matrix.
 */
export type UpperRowFill = (r: number, out: Float64Array) => void;

/**
 * Loads the upper triangle row by row into the instance's packed storage (8·n²/2 bytes), with
 * the size and finiteness errors prefixed by `who`.
 */
function loadMatrix(kernel: EigsymExports, n: number, fill: UpperRowFill, who: string): void {
  if (kernel.reserve(n) === 0) {
    const mb = Math.ceil(kernel.bytesFor(n) / 2 ** 20);
    throw new Error(
      `${who}: cannot allocate ${mb} MB of WebAssembly memory for a ${n}×${n} matrix`,
    );
  }
  // Views are made after reserve: growing the memory detaches the previous buffer.
  const buffer = kernel.memory.buffer;
  const stage = kernel.stagePtr();
  for (let r = 0; r < n; r++) {
    const row = new Float64Array(buffer, stage, n - r);
    fill(r, row);
    const bad = kernel.loadRow(n, r);
    if (bad >= 0) {
      throw new Error(`${who}: entry (${r}, ${bad}) is ${row[bad - r]}; the matrix must be finite`);
    }
  }
}

/**
 * Runs one solve on an instance: loads the upper triangle row by row into packed storage
 * (8·n²/2 bytes), reduces in batches of ~1/64 of the flops (progress), then QL.
 */
function solveRows(
  kernel: EigsymExports,
  n: number,
  fill: UpperRowFill,
  options: EigvalsOptions,
): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`eigvalsSym: invalid size n = ${n}`);
  if (n === 0) return new Float64Array(0);
  loadMatrix(kernel, n, fill, 'eigvalsSym');
  const onProgress = options.onProgress;
  // the matrix is in the kernel: the reduction starts now (its speed is measured from here on)
  onProgress?.({ phase: 'reduction', fraction: 0 });
  let i = kernel.begin(n, options.threads ?? 64, 0);
  const total = (n * n * n) / 3; // Σ i² over the steps
  const batch = total / 64;
  let done = 0;
  while (i > 0) {
    // Steps i, i − 1, …, worth ~batch flops: count ≈ batch / i².
    const count = Math.max(1, Math.min(i, Math.floor(batch / (i * i))));
    done += count * i * i;
    i = kernel.reduceSteps(n, i, count);
    onProgress?.({ phase: 'reduction', fraction: Math.min(1, done / total) });
  }
  onProgress?.({ phase: 'ql', fraction: 0 });
  if (kernel.finish(n) !== 0) {
    throw new Error(`eigvalsSym: QL did not converge after ${60 * n + 100} iterations`);
  }
  return new Float64Array(kernel.memory.buffer, kernel.valuesPtr(), n).slice().sort();
}

/** The full-matrix entry point over solveRows: checks the length, reads the upper triangle. */
function solveFull(
  kernel: EigsymExports,
  a: Float64Array,
  n: number,
  options: EigvalsOptions,
): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`eigvalsSym: invalid size n = ${n}`);
  if (a.length !== n * n) {
    throw new Error(`eigvalsSym: expected ${n}×${n} = ${n * n} entries, got ${a.length}`);
  }
  // Only the upper triangle is read, yet a non-finite entry anywhere means a broken matrix.
  // x·0 is 0 for a finite x and NaN otherwise; four independent sums keep the adds from waiting
  // on each other (N = 1500: 1.2 instead of 2.1 ms); the entry is found only for the message.
  for (let r = 1; r < n; r++) {
    const o = r * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let c = 0;
    for (; c + 3 < r; c += 4) {
      s0 += a[o + c]! * 0;
      s1 += a[o + c + 1]! * 0;
      s2 += a[o + c + 2]! * 0;
      s3 += a[o + c + 3]! * 0;
    }
    for (; c < r; c++) s0 += a[o + c]! * 0;
    if (s0 + s1 + s2 + s3 === 0) continue;
    for (c = 0; c < r; c++) {
      const x = a[o + c]!;
      if (x - x !== 0) {
        throw new Error(`eigvalsSym: entry (${r}, ${c}) is ${x}; the matrix must be finite`);
      }
    }
  }
  return solveRows(kernel, n, (r, out) => out.set(a.subarray(r * n + r, r * n + n)), options);
}

/** A WebAssembly eigenvalue kernel: the plain `EigvalsKernel` call plus rows, threads, progress. */
export interface WasmEigvals {
  (a: Float64Array, n: number, options?: EigvalsOptions): Float64Array;
  /** The same spectrum from a row filler (n = 10⁴ in 400 MB, no n×n copy in JavaScript). */
  rows(n: number, fill: UpperRowFill, options?: EigvalsOptions): Float64Array;
  /** Threads this kernel runs on (host included). */
  readonly threads: number;
  /** Bytes of WebAssembly memory an n×n solve needs. */
  bytesFor(n: number): number;
}

function wrapKernel(kernel: EigsymExports, threads: number): WasmEigvals {
  const fn = ((a: Float64Array, n: number, options: EigvalsOptions = {}) =>
    solveFull(kernel, a, n, options)) as WasmEigvals;
  Object.defineProperty(fn, 'threads', { value: threads });
  fn.rows = (n, fill, options = {}) => solveRows(kernel, n, fill, options);
  fn.bytesFor = (n) => kernel.bytesFor(n);
  return fn;
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
 * The threaded kernel, except for solves capped at one thread (an interactive job, the page's
 * worker): those run on the one-thread build's own memory, the same bits (the split of a sweep
 * never changes the arithmetic), and faster in Chromium (N = 1000: 94 against 109–136 ms for
 * the shared build on one thread, `npm run bench:browser`).
 */
function byThreads(shared: WasmEigvals, single: WasmEigvals): WasmEigvals {
  const pick = (options?: EigvalsOptions) =>
    (options?.threads ?? Infinity) <= 1 ? single : shared;
  const fn = ((a: Float64Array, n: number, options: EigvalsOptions = {}) =>
    pick(options)(a, n, options)) as WasmEigvals;
  Object.defineProperty(fn, 'threads', { value: shared.threads });
  fn.rows = (n, fill, options = {}) => pick(options).rows(n, fill, options);
  fn.bytesFor = (n) => shared.bytesFor(n);
  return fn;
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
 * (two SIMD lanes, one read and one write of the triangle per step) plus O(n²) for the tridiagonal QL/QR; memory
 * 4n² bytes (the packed triangle) inside the instance, which grows on demand and is kept (never
 * shrinks) for later calls. Results agree with eigvalsSymTs to ~n·ε·max|λ| (rounding order differs).
 * It throws `Error` (messages prefixed `eigvalsSym:` like the TypeScript kernel) when
 * `a.length !== n*n`, on a non-finite entry, when the QL/QR does not converge within 60n + 100
 * iterations (never seen on finite input), or when the instance cannot grow its memory for n
 * (4 GiB at most, n ≤ ~23000; a browser may refuse earlier). One instance per worker.
 */
export function createWasmEigvals(
  variant: 'auto' | WasmEigvalsVariant = 'auto',
): WasmEigvals | null {
  const ex = instantiate(variant);
  return ex ? wrapKernel(ex, 1) : null;
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

/** Entries before packed row j of the kernel's storage (rows of j + 1 entries, padded to even). */
function packedRowOffset(j: number): number {
  const p = j >> 1;
  return 2 * p * (p + 1) + (j & 1 ? 2 * p + 2 : 0);
}

/**
 * The same reduction kept with its reflectors, for src/core/linalg/eigenpairs.ts: the kernel
 * reduces B = J A J / max|aᵢⱼ| (J the exchange matrix, see the AssemblyScript source), so the
 * returned `applyQ` maps an eigenvector y of T to x = J Q_B y, an eigenvector of A. Its d and e
 * differ from the TypeScript reduction's (another matrix, the same eigenvalues). Throws like
 * {@link createWasmEigvals} (messages prefixed `eigenpairs:`). Memory: the packed triangle in the
 * instance and a copy of the reflectors (8n² bytes in all). One thread. Null where the engine
 * lacks WebAssembly SIMD.
 */
export function createWasmReduction(
  variant: 'auto' | WasmEigvalsVariant = 'auto',
): ReductionKernel | null {
  const kernel = instantiate(variant);
  if (!kernel) return null;
  return (a: Float64Array, n: number): TridiagonalReduction => {
    if (!Number.isInteger(n) || n < 0) throw new Error(`eigenpairs: invalid size n = ${n}`);
    if (a.length !== n * n) {
      throw new Error(`eigenpairs: expected ${n}×${n} = ${n * n} entries, got ${a.length}`);
    }
    if (n === 0)
      return { d: new Float64Array(0), e: new Float64Array(0), scale: 1, applyQ: () => {} };
    loadMatrix(kernel, n, (r, out) => out.set(a.subarray(r * n + r, r * n + n)), 'eigenpairs');
    let i = kernel.begin(n, 1, 1);
    while (i > 0) i = kernel.reduceSteps(n, i, n);
    kernel.tridiagonal(n);
    const buffer = kernel.memory.buffer;
    const d = new Float64Array(buffer, kernel.valuesPtr(), n).slice();
    const e = new Float64Array(buffer, kernel.offDiagonalPtr(), n).slice();
    const h = new Float64Array(buffer, kernel.reflectorHPtr(), n).slice();
    // packed row i, entries k < i: reflection i's vector
    const rows = new Float64Array(buffer, kernel.rowPtrOf(0), packedRowOffset(n)).slice();
    const s = kernel.scale();
    return {
      d,
      e,
      scale: s > 0 ? s : 1,
      applyQ: (x) => {
        for (let i = 1; i < n; i++) {
          const hi = h[i]!;
          if (hi === 0) continue;
          const row = packedRowOffset(i);
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

/** The shared-memory subset of the `WebAssembly` namespace. */
interface SharedWasmApi extends WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBuffer };
}

/**
 * Starts helper thread t (1, 2, …) elsewhere (a worker_thread, a nested Web Worker): that thread
 * must run `runEigenHelper(module, memory, t)`. The promise settles once the thread is running.
 */
export type EigenHelperSpawner = (
  module: object,
  memory: object,
  t: number,
) => Promise<{ terminate(): void }>;

/**
 * A helper thread's whole job: instantiate the threaded kernel on the shared memory and serve.
 * The matrix-product module (./gemmWasm.ts) has the same helperLoop(t) contract, so one helper
 * entry serves either kernel.
 */
export function runEigenHelper(module: object, memory: object, t: number): void {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!;
  const ex = new wasm.Instance(module, { env: { memory } }).exports as unknown as EigsymExports;
  ex.helperLoop(t);
}

/** The exports every threaded kernel module has (eigsym.ts and gemm.ts in ./wasm/assembly). */
interface SharedKernelExports {
  helpersReady(): number;
  stopHelpers(): void;
}

/**
 * Instantiates a threaded kernel module (base64 `b64`) on a new shared memory of at most
 * `maxPages` pages and starts `helpers` helper threads running its helperLoop(t) (through
 * `spawn`), waiting up to 5 s for them. Null, with any started helper stopped, where shared
 * WebAssembly memory is unavailable (a page that is not cross-origin isolated), the engine lacks
 * the threads proposal, or a helper does not start. `dispose` lets the helpers go.
 */
export async function startSharedKernel<E extends SharedKernelExports>(
  b64: string,
  maxPages: number,
  helpers: number,
  spawn: EigenHelperSpawner,
): Promise<{ exports: E; helpers: number; dispose(): void } | null> {
  const wasm = (globalThis as { WebAssembly?: SharedWasmApi }).WebAssembly;
  if (!wasm || typeof wasm.Memory !== 'function' || helpers < 1) return null;
  let memory: { buffer: ArrayBuffer };
  let module: object;
  let ex: E;
  try {
    const bytes = decodeBase64(b64);
    if (!wasm.validate(bytes)) return null;
    memory = new wasm.Memory({ initial: 2, maximum: maxPages, shared: true });
    module = new wasm.Module(bytes);
    ex = new wasm.Instance(module, { env: { memory } }).exports as unknown as E;
  } catch {
    return null; // no SharedArrayBuffer here (not cross-origin isolated) or no threads proposal
  }
  const handles: { terminate(): void }[] = [];
  const dispose = (): void => {
    ex.stopHelpers();
    for (const h of handles) h.terminate();
  };
  try {
    for (let t = 1; t <= helpers; t++) handles.push(await spawn(module, memory, t));
    const flag = new Int32Array(new SharedArrayBuffer(4));
    for (let waited = 0; ex.helpersReady() < helpers; waited++) {
      if (waited > 5000) throw new Error('helpers did not start');
      Atomics.wait(flag, 0, 0, 1);
    }
  } catch {
    dispose();
    return null;
  }
  return { exports: ex, helpers, dispose };
}

/** A threaded kernel and how to let its helpers go. */
export interface ThreadedWasmEigvals {
  kernel: WasmEigvals;
  dispose(): void;
}

/**
 * The kernel on 1 + `helpers` threads over one shared memory (threaded build of the same source:
 * identical arithmetic, see the AssemblyScript header). Resolves to null, after stopping any
 * helper, when shared WebAssembly memory is unavailable (a page that is not cross-origin
 * isolated), a helper does not start within 5 s, or the threaded result differs in any bit from
 * the one-thread build on a check matrix. `wait(ms)` sleeps the calling thread (Atomics.wait in
 * a worker or Node) while the helpers come up.
 */
export async function createThreadedWasmEigvals(
  helpers: number,
  spawn: EigenHelperSpawner,
): Promise<ThreadedWasmEigvals | null> {
  const single = createWasmEigvals('simd');
  if (!single) return null;
  // The kernel cuts each sweep into 4 chunks: more than 3 helpers would have nothing to do.
  const started = await startSharedKernel<EigsymExports>(
    EIGSYM_WASM_SHARED_BASE64,
    EIGSYM_WASM_SHARED_MAX_PAGES,
    Math.min(helpers, 3),
    spawn,
  );
  if (!started) return null;
  const { exports: ex, dispose } = started;
  helpers = started.helpers;
  const kernel = byThreads(wrapKernel(ex, helpers + 1), single);
  // The promise of the AssemblyScript header: any thread count, the same bits as one thread.
  // Checked on the first steps of a matrix above the kernel's SHARE_MIN_ROWS (400), whose
  // sweeps really run on the helpers (below it the host runs every chunk itself); the steps
  // after them are the host's alone, so a whole solve would cost ~7 ms more per start and
  // check nothing more. The host takes the chunks of helpers that are still waking up, so the
  // check is repeated until they have run some (they spin for a while after each sweep).
  const n = 410;
  const steps = 8;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) a[i * n + j] = 1 / (i + j + 1) + (i === j ? (i % 7) + 1 : 0);
  const reference = instantiate('simd');
  const one = reference ? firstStepsState(reference, a, n, 1, steps) : null;
  let many = firstStepsState(ex, a, n, helpers + 1, steps);
  for (let attempt = 1; attempt < 5 && ex.helperChunks() === 0; attempt++) {
    many = firstStepsState(ex, a, n, helpers + 1, steps);
  }
  if (!one || ex.helperChunks() === 0 || !one.every((v, i) => Object.is(v, many[i]))) {
    dispose();
    return null;
  }
  return { kernel, dispose };
}

/**
 * The kernel's state after the first `steps` Householder steps of the n×n matrix `a` on
 * `threads` threads: the packed triangle and the off-diagonal entries those steps wrote. What
 * the threaded kernel's start-up check compares with the one-thread build, bit for bit.
 */
function firstStepsState(
  kernel: EigsymExports,
  a: Float64Array,
  n: number,
  threads: number,
  steps: number,
): Float64Array {
  loadMatrix(kernel, n, (r, out) => out.set(a.subarray(r * n + r, r * n + n)), 'eigvalsSym');
  kernel.reduceSteps(n, kernel.begin(n, threads, 0), steps);
  const buffer = kernel.memory.buffer;
  const triangle = packedRowOffset(n);
  const state = new Float64Array(triangle + steps);
  state.set(new Float64Array(buffer, kernel.rowPtrOf(0), triangle));
  state.set(new Float64Array(buffer, kernel.offDiagonalPtr() + 8 * (n - steps), steps), triangle);
  return state;
}
