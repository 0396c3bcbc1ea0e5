/**
 * Loader of the WebAssembly SIMD matrix product (source ./wasm/assembly/gemm.ts, compiled by
 * scripts/build-wasm.mjs into the git-ignored ./wasm/gemmWasm.generated.ts; plain SIMD only, so
 * that its digits equal the TypeScript kernel's). It keeps the summation order of ./gemm.ts.
 *
 * Pure: no DOM and no Node-only API (runs in Node and in a browser worker); `WebAssembly` is
 * reached through `globalThis` as in ./eigWasm.ts.
 */
import { decodeBase64, startSharedKernel, type EigenHelperSpawner, type WasmApi } from './eigWasm';
import type { GemmKernel, View } from './gemm';
import { kernelThreadLimit } from './threadLimit';
import {
  GEMM_WASM_BASE64,
  GEMM_WASM_SHARED_BASE64,
  GEMM_WASM_SHARED_MAX_PAGES,
} from './wasm/gemmWasm.generated';

/** Exports of gemm.wasm (see the AssemblyScript source for their contracts). */
interface GemmExports {
  memory: { buffer: ArrayBuffer };
  reserve(aLen: number, bLen: number, cLen: number): number;
  aPtr(): number;
  bPtr(): number;
  cPtr(): number;
  gemm(m: number, n: number, k: number, transA: number, transB: number, minDiag: number): void;
  gemmThreads(
    m: number,
    n: number,
    k: number,
    transA: number,
    transB: number,
    minDiag: number,
    threads: number,
  ): void;
  helpersReady(): number;
  stopHelpers(): void;
}

/** One tile's product on the instance (one thread, or shared with the helpers). */
type TileRun = (
  mc: number,
  nc: number,
  kc: number,
  transA: number,
  transB: number,
  band: number,
) => void;

/**
 * Largest pieces handed to the instance in one call: C in MB × NB tiles, k in KB steps. KB is a
 * multiple of the summation block (256, GEMM_KC in ./gemm.ts), so splitting k keeps every digit;
 * the instance then needs at most (MB·KB + KB·NB + MB·NB)·8 bytes ≈ 40 MB besides its buffers.
 */
const MB = 1024;
const NB = 1024;
const KB = 2048;

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

/** Copies the rows × cols block of `v` from (r0, c0) into `dst` (contiguous, stride cols). */
function copyIn(dst: Float64Array, v: View, r0: number, c0: number, rows: number, cols: number) {
  for (let r = 0; r < rows; r++) {
    const src = v.offset + (r0 + r) * v.ld + c0;
    dst.set(v.data.subarray(src, src + cols), r * cols);
  }
}

/**
 * Instantiates the kernel synchronously (the module is ~3 KB); null when WebAssembly or SIMD is
 * unavailable or compiling is not allowed (a CSP without 'wasm-unsafe-eval'). The returned
 * kernel has the contract of {@link GemmKernel}; its instance memory grows on demand (never
 * shrinks) to ~40 MB plus two packing buffers, and it throws `Error` if that memory is refused.
 */
export function createWasmGemm(): GemmKernel | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm || typeof wasm.validate !== 'function') return null;
  let ex: GemmExports;
  try {
    const bytes = decodeBase64(GEMM_WASM_BASE64);
    if (!wasm.validate(bytes)) return null;
    ex = new wasm.Instance(new wasm.Module(bytes), {}).exports as unknown as GemmExports;
  } catch {
    return null;
  }
  return tiled(ex, (mc, nc, kc, ta, tb, band) => ex.gemm(mc, nc, kc, ta, tb, band));
}

/** The GemmKernel contract over an instance: C in tiles, each tile's A, B and C copied in. */
function tiled(kernel: GemmExports, run: TileRun): GemmKernel {
  return (m, n, k, a, transA, b, transB, c, minDiag) => {
    if (m <= 0 || n <= 0 || k <= 0) return;
    const mb = Math.min(MB, m);
    const nb = Math.min(NB, n);
    const kb = Math.min(KB, k);
    if (kernel.reserve(mb * kb, kb * nb, mb * nb) !== 1)
      throw new Error(`gemm: cannot allocate WebAssembly memory for a ${mb}×${nb}×${kb} product`);
    // Views after reserve: growing the memory detaches the previous buffer.
    const buf = kernel.memory.buffer;
    const cm = new Float64Array(buf, kernel.cPtr(), mb * nb);
    const am = new Float64Array(buf, kernel.aPtr(), mb * kb);
    const bm = new Float64Array(buf, kernel.bPtr(), kb * nb);
    for (let i0 = 0; i0 < m; i0 += MB) {
      const mc = Math.min(MB, m - i0);
      for (let j0 = 0; j0 < n; j0 += NB) {
        const nc = Math.min(NB, n - j0);
        if (j0 + nc - 1 - i0 < minDiag) continue; // the whole tile lies below the band
        const band = Math.max(I32_MIN, Math.min(I32_MAX, minDiag + i0 - j0));
        copyIn(cm, c, i0, j0, mc, nc);
        for (let t0 = 0; t0 < k; t0 += KB) {
          const kc = Math.min(KB, k - t0);
          if (transA) copyIn(am, a, t0, i0, kc, mc);
          else copyIn(am, a, i0, t0, mc, kc);
          if (transB) copyIn(bm, b, j0, t0, nc, kc);
          else copyIn(bm, b, t0, j0, kc, nc);
          run(mc, nc, kc, transA ? 1 : 0, transB ? 1 : 0, band);
        }
        for (let r = 0; r < mc; r++) {
          const dst = c.offset + (i0 + r) * c.ld + j0;
          c.data.set(cm.subarray(r * nc, r * nc + nc), dst);
        }
      }
    }
  };
}

/**
 * Tiles below this many multiply-adds run on the host alone: waking a sleeping helper costs
 * ~0.15–0.9 ms on a 2-core VM (measured), ~10⁷ multiply-adds take ~2 ms on one thread.
 */
const THREAD_MIN_MADDS = 1e7;

/** A threaded matrix-product kernel and how to let its helpers go. */
export interface ThreadedWasmGemm {
  kernel: GemmKernel;
  /** the same kernel sharing every tile, however small: what its bit-for-bit check runs on */
  everyTile: GemmKernel;
  /** threads it runs on, host included */
  threads: number;
  dispose(): void;
}

/**
 * The kernel on 1 + `helpers` threads (at most 4 in all) over one shared memory: the threaded
 * build of the same source, whose row ranges leave every entry's summation order as on one
 * thread. Resolves to null, after stopping any helper, where shared WebAssembly memory is
 * unavailable (a page that is not cross-origin isolated) or a helper does not start within 5 s.
 * Installing it checks `everyTile` bit for bit first (installThreadedGemm in ./gemm.ts).
 * `spawn` starts a thread that runs the module's helperLoop(t) on the memory, as for the
 * eigenvalue kernel (./eigWasm.ts).
 */
export async function createThreadedWasmGemm(
  helpers: number,
  spawn: EigenHelperSpawner,
): Promise<ThreadedWasmGemm | null> {
  const started = await startSharedKernel<GemmExports>(
    GEMM_WASM_SHARED_BASE64,
    GEMM_WASM_SHARED_MAX_PAGES,
    Math.min(helpers, 3),
    spawn,
  );
  if (!started) return null;
  const { exports: ex, dispose } = started;
  const threads = started.helpers + 1;
  const run = (threshold: number): GemmKernel =>
    tiled(ex, (mc, nc, kc, ta, tb, band) => {
      const cap = Math.min(threads, kernelThreadLimit());
      if (cap <= 1 || mc * nc * kc < threshold) ex.gemm(mc, nc, kc, ta, tb, band);
      else ex.gemmThreads(mc, nc, kc, ta, tb, band, cap);
    });
  // Products capped at one thread (an interactive job) run on the one-thread build's own memory:
  // the same bits, without copying every operand into and out of the shared memory.
  const shared = run(THREAD_MIN_MADDS);
  const single = createWasmGemm();
  const kernel: GemmKernel = single
    ? (...args) => (kernelThreadLimit() <= 1 ? single : shared)(...args)
    : shared;
  return { kernel, everyTile: run(0), threads, dispose };
}
