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

/** The suffix a threaded kernel's name carries ("wasm-simd-blocked ×2 threads"). */
const THREADS_SUFFIX = / ×(\d+) threads$/;

/** Threads of a kernel from its name ("… ×2 threads"); 1 without the suffix. */
export function kernelThreads(kernel: string): number {
  const m = THREADS_SUFFIX.exec(kernel);
  return m ? Number(m[1]) : 1;
}

/**
 * A threaded kernel's name as it runs under the current cap: "… ×2 threads" capped at one
 * thread is the plain name (the capped work runs on the one-thread build).
 */
export function cappedKernelName(name: string): string {
  const cap = limit;
  if (!(cap < kernelThreads(name))) return name;
  const base = name.replace(THREADS_SUFFIX, '');
  return cap <= 1 ? base : `${base} ×${Math.floor(cap)} threads`;
}

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
