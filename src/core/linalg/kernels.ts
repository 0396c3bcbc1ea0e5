/**
 * Chooses the eigenvalue kernel: the WebAssembly SIMD one when this engine runs it and it agrees
 * with the TypeScript reference on a check matrix, else the TypeScript one (the fallback and
 * cross-check). Called once per process / worker at start-up.
 */
import { eigvalsSymTs, setEigvalsKernel, eigvalsKernelName } from './eigSym';
import { createWasmEigvals, createWasmReduction, type WasmEigvals } from './eigWasm';
import { extremeEigenpairs, reduceTs, setReductionKernel } from './eigenpairs';

/** A fixed symmetric check matrix with a known-distinct spectrum (no randomness needed). */
function checkMatrix(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) a[i * n + j] = 1 / (i + j + 1) + (i === j ? i + 1 : 0);
  return a;
}

/**
 * Installs the fastest kernel that passes the cross-check (|Δλ| ≤ 1e-10·max|λ| on a 33×33
 * Hilbert-plus-diagonal matrix). Returns the name of the kernel in use. Never throws.
 */
export function installFastestKernel(): string {
  try {
    // Plain SIMD, never relaxed SIMD: relaxed fused multiply-adds may or may not fuse depending on
    // the engine and CPU, and a shared link must give the same digits in every browser and the CLI.
    const wasm = createWasmEigvals('simd');
    if (wasm) {
      const a = checkMatrix(33);
      const ref = eigvalsSymTs(a, 33);
      const got = wasm(a, 33);
      const scale = Math.max(...Array.from(ref, Math.abs));
      const ok =
        got.length === ref.length && ref.every((v, i) => Math.abs(v - got[i]!) <= 1e-10 * scale);
      if (ok) {
        // V8 first runs wasm through its baseline compiler; a few small solves tier it up.
        const warm = checkMatrix(96);
        for (let i = 0; i < 3; i++) wasm(warm, 96);
        setEigvalsKernel('wasm-simd-householder-ql', wasm);
      }
    }
    installWasmReduction();
  } catch {
    // WebAssembly unavailable (e.g. a CSP without wasm-unsafe-eval): keep the TypeScript kernel.
  }
  return eigvalsKernelName();
}

/**
 * The WebAssembly reduction with reflectors for the eigenvectors (src/core/linalg/eigenpairs.ts),
 * when its extreme eigenpairs on the check matrix have residuals ‖Au − λu‖ ≤ 1e-12·‖A‖ and
 * eigenvalues within 1e-10·max|λ| of the TypeScript kernel's. Plain SIMD, like the eigenvalues.
 */
function installWasmReduction(): void {
  const wasm = createWasmReduction('simd');
  if (!wasm) return;
  const n = 33;
  const a = checkMatrix(n);
  setReductionKernel('ts-householder', reduceTs);
  const ref = extremeEigenpairs(a, n, 1e-10);
  setReductionKernel('wasm-simd-householder', wasm);
  const got = extremeEigenpairs(a, n, 1e-10);
  const scale = Math.max(...Array.from(ref.ascending, Math.abs));
  const close = ref.ascending.every((v, i) => Math.abs(v - got.ascending[i]!) <= 1e-10 * scale);
  const residualOk = [got.max, got.minPositive].every((pair) => {
    if (!pair) return false;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      let s = -pair.value * pair.vector[i]!;
      for (let j = 0; j < n; j++) s += a[i * n + j]! * pair.vector[j]!;
      ss += s * s;
    }
    return Math.sqrt(ss) <= 1e-12 * scale * n;
  });
  if (!close || !residualOk) setReductionKernel('ts-householder', reduceTs);
}

/** Restores the TypeScript kernels (tests and benchmarks compare both). */
export function installTsKernel(): void {
  setEigvalsKernel('ts-householder-ql', eigvalsSymTs);
  setReductionKernel('ts-householder', reduceTs);
}

/**
 * Installs a threaded WebAssembly kernel (createThreadedWasmEigvals: already checked to give the
 * one-thread build's bits). Returns the kernel's name, e.g. "wasm-simd-householder-ql ×2 threads".
 */
export function installThreadedKernel(kernel: WasmEigvals): string {
  setEigvalsKernel(`wasm-simd-householder-ql ×${kernel.threads} threads`, kernel);
  return eigvalsKernelName();
}
