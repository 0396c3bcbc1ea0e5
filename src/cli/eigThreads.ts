/**
 * Node's side of the threaded eigenvalue kernel (src/core/linalg/eigWasm.ts): helper threads
 * are worker_threads running runEigenHelper's three lines on the shared memory (inline source,
 * so the CLI bundle needs no extra file). Node needs no cross-origin isolation for shared memory
 * (docs/toolchain-notes.md §7).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  createThreadedWasmEigvals,
  type EigenHelperSpawner,
  type ThreadedWasmEigvals,
} from '../core/linalg/eigWasm';
import { createThreadedWasmGemm, type ThreadedWasmGemm } from '../core/linalg/gemmWasm';

// The body of runEigenHelper (core), for a worker that cannot import the bundle.
const HELPER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const ex = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } }).exports;
parentPort.postMessage('running');
ex.helperLoop(workerData.t);
`;

/** Starts helper t as a worker_thread that does not keep the process alive. */
export const nodeEigenSpawner: EigenHelperSpawner = (module, memory, t) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { module, memory, t } });
    worker.unref();
    worker.once('error', reject);
    worker.once('message', () => resolve({ terminate: () => void worker.terminate() }));
  });

/** Threads the CLI uses by default: the machine's cores, at most 4 (the kernel's chunks). */
export function defaultEigenThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** The threaded kernel on `threads` threads in total (null below 2 or when it fails its check). */
export function createNodeThreadedEigvals(threads: number): Promise<ThreadedWasmEigvals | null> {
  if (threads < 2) return Promise.resolve(null);
  return createThreadedWasmEigvals(threads - 1, nodeEigenSpawner);
}

/**
 * The threaded matrix product on `threads` threads in total (null below 2 or where it cannot
 * start; installThreadedGemm checks its bits); its helpers run the gemm module's helperLoop exactly as the eigenvalue helpers do.
 */
export function createNodeThreadedGemm(threads: number): Promise<ThreadedWasmGemm | null> {
  if (threads < 2) return Promise.resolve(null);
  return createThreadedWasmGemm(threads - 1, nodeEigenSpawner);
}
