/**
 * One cap on the threads of the threaded kernels (eigenvalues, ./eigWasm.ts; matrix products,
 * ./gemmWasm.ts) for the work that follows. A page's sweep runs one point per core on all its
 * GN workers at once; if each point's kernels also shared their work with helper threads, the
 * threads would outnumber the cores and the helpers' spin-waits would stall one another (a
 * barrier whose partner is descheduled). So sweep points run with the cap at 1 and an
 * interactive evaluation, alone on the machine, uses every core. Results do not depend on it
 * (both kernels give the same bits on any thread count).
 */

let limit = Infinity;

/** The current cap (Infinity: no cap). */
export function kernelThreadLimit(): number {
  return limit;
}

/** Runs `job` with the kernels capped at `threads` threads (≥ 1), restoring the cap after. */
export function withKernelThreads<T>(threads: number, job: () => T): T {
  const previous = limit;
  limit = Math.max(1, Math.floor(threads));
  try {
    return job();
  } finally {
    limit = previous;
  }
}
