/**
 * The browser's side of the threaded kernels: on a cross-origin isolated page (COOP/COEP,
 * docs/toolchain-notes.md §7) a GN worker starts helper workers sharing one WebAssembly memory
 * per kernel (eigenvalues, matrix products) and installs the threaded kernels; anywhere else it
 * keeps the one-thread kernels. Both give the same bits (the work split never changes the
 * arithmetic). Both kernels' helpers run the module's helperLoop (./eigHelper.worker.ts).
 */
import { createThreadedWasmEigvals, type EigenHelperSpawner } from '../src/core/linalg/eigWasm';
import { installThreadedGemm } from '../src/core/linalg/gemm';
import { createThreadedWasmGemm } from '../src/core/linalg/gemmWasm';
import { installThreadedKernel } from '../src/core/linalg/kernels';

/** Threads the kernel runs on, and why not more. */
export interface EigenThreads {
  threads: number;
  /** why the kernel runs on one thread, when it does */
  reason: string | null;
}

const spawnHelper: EigenHelperSpawner = (module, memory, t) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./eigHelper.worker.ts', import.meta.url), {
      type: 'module',
      name: `eigen helper ${t}`,
    });
    worker.onerror = (event) => reject(new Error(event.message || 'helper worker failed'));
    worker.onmessage = () => resolve({ terminate: () => worker.terminate() });
    worker.postMessage({ module, memory, t });
  });

/** The threaded kernel on `helpers` + 1 threads, for the benchmark page (null where it cannot run). */
export function createBrowserThreadedEigvals(helpers: number) {
  return createThreadedWasmEigvals(helpers, spawnHelper);
}

/** Starts the helpers (cores − 1, at most 3) and installs the threaded kernel when it passes. */
export async function startEigenThreads(): Promise<EigenThreads> {
  const scope = globalThis as {
    crossOriginIsolated?: boolean;
    navigator?: { hardwareConcurrency?: number };
  };
  if (!scope.crossOriginIsolated) {
    return {
      threads: 1,
      reason: 'the page is not cross-origin isolated (the server sends no COOP/COEP headers)',
    };
  }
  const cores = Math.floor(scope.navigator?.hardwareConcurrency ?? 1);
  const threads = Math.max(1, Math.min(4, cores));
  if (threads < 2) return { threads: 1, reason: 'this device reports one core' };
  const threaded = await createThreadedWasmEigvals(threads - 1, spawnHelper);
  if (!threaded) return { threads: 1, reason: 'the threaded kernel could not start here' };
  installThreadedKernel(threaded.kernel);
  // The GN assembly's products on as many threads (one-thread kernel if this one cannot start).
  const gemm = await createThreadedWasmGemm(threads - 1, spawnHelper);
  if (gemm) installThreadedGemm(gemm);
  return { threads: threaded.kernel.threads, reason: null };
}
