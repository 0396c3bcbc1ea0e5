/**
 * The extreme eigenpairs of a dense symmetric matrix: the eigenvectors of λ_max and of λ_min⁺
 * (the smallest eigenvalue counted non-zero, docs/gn-math.md §1.1), for the direction view
 * (docs/gn-math.md §12). Only two eigenvectors are needed, so the full accumulation of the
 * orthogonal transformation (JAMA `tred2`'s second half, O(n³) more) is skipped:
 *
 * 1. Householder reduction `A = Q T Qᵀ` keeping the reflectors, O(4n³/3): the TypeScript one of
 *    ./eigSym.ts, or the WebAssembly SIMD kernel's (./eigWasm.ts, ~5× faster; installed by
 *    ./kernels.ts after a cross-check), the same reductions as the eigenvalue paths;
 * 2. all eigenvalues of the tridiagonal T by implicit QL, O(n²);
 * 3. the eigenvector y of T for each chosen eigenvalue by inverse iteration: LU of T − λI with
 *    partial pivoting (three bands), three solves from a fixed seeded start, O(n) each;
 * 4. back-transformation x = Q y = P_{n−1}(⋯(P_1 y)), O(n²).
 *
 * Inverse iteration with a backward-stable λ gives a residual ‖Ty − λy‖ of order ε‖T‖ whatever
 * the gap; for a multiple eigenvalue it gives one vector of the eigenspace, fixed by the start
 * vector, so the answer is deterministic. Sign convention: the entry of largest |xᵢ| (the first
 * one on ties) is positive.
 */
import { tridiagonalEigenvalues, tridiagonalWithReflectors } from './eigSym';
import { createRng } from '../random';

const EPS = 2 ** -52;
/** Inverse-iteration solves per eigenvector (LAPACK `dstein` needs 1–2 on average; 3 is ample). */
const INVERSE_ITERATIONS = 3;

export interface Eigenpair {
  value: number;
  /** unit eigenvector (length n), largest-|entry| positive */
  vector: Float64Array;
  /** position of `value` in the ascending spectrum */
  index: number;
}

/**
 * A Householder reduction `A/scale = Q T Qᵀ` with T tridiagonal (diagonal `d`,
 * `T[i][i−1] = e[i]`) and the back-transformation `x ← Q x` (in place).
 */
export interface TridiagonalReduction {
  d: Float64Array;
  e: Float64Array;
  scale: number;
  applyQ(x: Float64Array): void;
}

/** Reduces the symmetric n×n row-major matrix `a` (upper triangle read; not mutated). */
export type ReductionKernel = (a: Float64Array, n: number) => TridiagonalReduction;

/** The TypeScript reduction (./eigSym.ts), reflectors in the columns above the diagonal. */
export const reduceTs: ReductionKernel = (a, n) => {
  const { d, e, w, h, scale } = tridiagonalWithReflectors(a, n);
  return { d, e, scale, applyQ: (x) => applyReflectors(w, h, n, x) };
};

let activeReduction: { name: string; fn: ReductionKernel } = {
  name: 'ts-householder',
  fn: reduceTs,
};

/** Installs a reduction kernel (the WebAssembly one, src/core/linalg/kernels.ts cross-checks it). */
export function setReductionKernel(name: string, fn: ReductionKernel): void {
  activeReduction = { name, fn };
}

/** Name of the reduction kernel {@link extremeEigenpairs} uses. */
export function reductionKernelName(): string {
  return activeReduction.name;
}

export interface ExtremeEigenpairs {
  /** every eigenvalue, ascending */
  ascending: Float64Array;
  /** eigenvalues counted non-zero with the rank rule of docs/gn-math.md §1.1 */
  rank: number;
  /** λ_max's eigenpair, null when the rank is 0 */
  max: Eigenpair | null;
  /** λ_min⁺'s eigenpair (the smallest kept eigenvalue), null when the rank is 0 */
  minPositive: Eigenpair | null;
}

/**
 * Eigenpairs of λ_max and λ_min⁺ of the symmetric n×n row-major matrix `a` (upper triangle
 * read; not mutated). An eigenvalue is kept iff `λ_top = max(0, λ_max) > 0` and
 * `λ > rtol·λ_top`, the rank rule of κ (docs/gn-math.md §1.1), so λ_min⁺ is the eigenvalue κ
 * divides by. O(4n³/3) flops (the reduction) and 8n² bytes.
 * @throws Error on non-finite entries (message prefixed `eigenpairs:`).
 */
export function extremeEigenpairs(a: Float64Array, n: number, rtol: number): ExtremeEigenpairs {
  const { d, e, scale, applyQ } = activeReduction.fn(a, n);
  const scaledAscending = tridiagonalEigenvalues(d, e);
  const ascending = scaledAscending.map((v) => v * scale);
  const top = n > 0 ? Math.max(0, ascending[n - 1]!) : 0;
  let rank = 0;
  for (let i = 0; i < n; i++) if (top > 0 && ascending[i]! > rtol * top) rank++;
  if (rank === 0) return { ascending, rank, max: null, minPositive: null };
  const pair = (index: number): Eigenpair => {
    const y = tridiagonalEigenvector(d, e, scaledAscending[index]!);
    applyQ(y);
    return { value: ascending[index]!, vector: normalizeSign(y), index };
  };
  return { ascending, rank, max: pair(n - 1), minPositive: pair(n - rank) };
}

/**
 * Unit eigenvector of the tridiagonal T (diagonal `d`, `T[i][i−1] = e[i]`) for its eigenvalue
 * `lambda`, by inverse iteration: T − λI = P L U (Gaussian elimination with row interchanges,
 * U with two super-diagonals), pivots below ε‖T‖ replaced by ±ε‖T‖ so the solve stays finite
 * when λ is exact (the growth is then what picks out the eigenvector).
 */
export function tridiagonalEigenvector(
  d: Float64Array,
  e: Float64Array,
  lambda: number,
): Float64Array {
  const n = d.length;
  let norm = 0;
  for (let i = 0; i < n; i++)
    norm = Math.max(norm, Math.abs(d[i]!) + Math.abs(e[i]!) + Math.abs(e[i + 1] ?? 0));
  const tiny = EPS * (norm > 0 ? norm : 1);
  const lu = factorShiftedTridiagonal(d, e, lambda, tiny);
  const rng = createRng(0x5eed, 0);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.uniform() - 0.5;
  for (let it = 0; it < INVERSE_ITERATIONS; it++) {
    solveShiftedTridiagonal(lu, x);
    scaleToUnit(x);
  }
  return x;
}

/** P L U of T − λI: `pivot` diagonal, `sup1`/`sup2` the super-diagonals of U, `mult` of L, `swap` the interchanges. */
interface TridiagonalLu {
  pivot: Float64Array;
  sup1: Float64Array;
  sup2: Float64Array;
  mult: Float64Array;
  swap: Uint8Array;
}

function factorShiftedTridiagonal(
  d: Float64Array,
  e: Float64Array,
  lambda: number,
  tiny: number,
): TridiagonalLu {
  const n = d.length;
  const pivot = new Float64Array(n);
  const sup1 = new Float64Array(n);
  const sup2 = new Float64Array(n);
  const mult = new Float64Array(n);
  const swap = new Uint8Array(n);
  // Row i of the working matrix: (pivot_i, sup1_i) at columns i, i+1; row i+1 is still
  // T's: (e[i+1], d[i+1] − λ, e[i+2]) at columns i, i+1, i+2.
  pivot[0] = d[0]! - lambda;
  sup1[0] = e[1] ?? 0;
  for (let i = 0; i + 1 < n; i++) {
    const below = e[i + 1]!;
    const diag = d[i + 1]! - lambda;
    const right = e[i + 2] ?? 0;
    if (Math.abs(pivot[i]!) >= Math.abs(below)) {
      const p = guardPivot(pivot[i]!, tiny);
      pivot[i] = p;
      const m = below / p;
      mult[i] = m;
      pivot[i + 1] = diag - m * sup1[i]!;
      sup1[i + 1] = right;
    } else {
      // Interchange rows i and i+1: the row of T becomes row i, the old row i is eliminated.
      const m = pivot[i]! / below;
      mult[i] = m;
      swap[i] = 1;
      const oldSup = sup1[i]!;
      pivot[i] = below;
      sup1[i] = diag;
      sup2[i] = right;
      pivot[i + 1] = oldSup - m * diag;
      sup1[i + 1] = -m * right;
    }
  }
  if (n > 0) pivot[n - 1] = guardPivot(pivot[n - 1]!, tiny);
  return { pivot, sup1, sup2, mult, swap };
}

function guardPivot(p: number, tiny: number): number {
  if (Math.abs(p) >= tiny) return p;
  return p < 0 ? -tiny : tiny;
}

/** Solves (T − λI) x = b in place (b in `x`) with the factors of {@link factorShiftedTridiagonal}. */
function solveShiftedTridiagonal(lu: TridiagonalLu, x: Float64Array): void {
  const n = x.length;
  const { pivot, sup1, sup2, mult, swap } = lu;
  for (let i = 0; i + 1 < n; i++) {
    if (swap[i]) {
      const t = x[i]!;
      x[i] = x[i + 1]!;
      x[i + 1] = t;
    }
    x[i + 1] = x[i + 1]! - mult[i]! * x[i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    if (i + 1 < n) s -= sup1[i]! * x[i + 1]!;
    if (i + 2 < n) s -= sup2[i]! * x[i + 2]!;
    x[i] = s / pivot[i]!;
  }
}

/** x ← x / ‖x‖₂ (through the largest entry first, so a huge solve cannot overflow the sum). */
function scaleToUnit(x: Float64Array): void {
  let big = 0;
  for (let i = 0; i < x.length; i++) big = Math.max(big, Math.abs(x[i]!));
  if (!(big > 0) || !Number.isFinite(big)) {
    // A solve that underflowed to 0 or overflowed: restart from a unit coordinate vector.
    x.fill(0);
    if (x.length > 0) x[0] = 1;
    return;
  }
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    x[i] = x[i]! / big;
    ss += x[i]! * x[i]!;
  }
  const inv = 1 / Math.sqrt(ss);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * inv;
}

/** x ← Q x = P_{n−1}(⋯(P_1 x)), P_i = I − u_i u_iᵀ / h[i], u_i in column i of `w` above the diagonal. */
function applyReflectors(w: Float64Array, h: Float64Array, n: number, x: Float64Array): void {
  for (let i = 1; i < n; i++) {
    const hi = h[i]!;
    if (hi === 0) continue;
    let g = 0;
    for (let j = 0; j < i; j++) g += w[j * n + i]! * x[j]!;
    const f = g / hi;
    for (let j = 0; j < i; j++) x[j] = x[j]! - f * w[j * n + i]!;
  }
}

/** Normalises to unit length and flips the sign so that the largest |entry| (first on ties) is positive. */
function normalizeSign(x: Float64Array): Float64Array {
  scaleToUnit(x);
  let at = 0;
  for (let i = 1; i < x.length; i++) if (Math.abs(x[i]!) > Math.abs(x[at]!)) at = i;
  if (x.length > 0 && x[at]! < 0) for (let i = 0; i < x.length; i++) x[i] = -x[i]!;
  return x;
}
