/**
 * Symmetric eigenvalue solvers over `Float64Array` (gn-math.md §2: every GN spectrum goes through
 * here). Algorithm: Householder tridiagonalisation followed by implicit QL with Wilkinson-type
 * shifts, after JAMA's `tred2`/`tql2` (public domain, NIST/MathWorks, derived from EISPACK),
 * which in turn follow Bowdler, Martin, Reinsch & Wilkinson, Handbook for Automatic Computation
 * vol. II. Correct for rank-deficient PSD input: zero eigenvalues come out at the ~ε·‖A‖ level.
 *
 * `eigvalsSymTs` is the eigenvalues-only path: it skips the accumulation of the orthogonal
 * transformation and works on the *upper* triangle of a row-major copy (JAMA works on the lower
 * triangle of V; for a symmetric matrix the two are the same numbers), so every inner loop of the
 * reduction is a contiguous run of memory.
 */
import { gemmGram } from './gemm';
import type { Mat } from './matrix';
import { cappedKernelName, kernelThreadLimit } from './threadLimit';

const EPS = 2 ** -52;

/** Safe √(a² + b²) without overflow or destructive underflow. */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const t = y / x;
    return x * Math.sqrt(1 + t * t);
  }
  if (y === 0) return 0;
  const t = x / y;
  return y * Math.sqrt(1 + t * t);
}

function checkSquareFinite(a: Float64Array, n: number, who: string): void {
  if (a.length !== n * n)
    throw new Error(`${who}: expected ${n}×${n} = ${n * n} entries, got ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) {
      throw new Error(
        `${who}: entry (${Math.floor(i / n)}, ${i % n}) is ${a[i]}; the matrix must be finite`,
      );
    }
  }
}

/**
 * Eigenvalues of the symmetric matrix `a` (n×n row-major; only the upper triangle is read),
 * ascending. Does not mutate `a`. O(4n³/3) for the reduction plus O(n²) for QL.
 * The matrix is scaled by 1/max|aᵢⱼ| first so that squares cannot overflow.
 * @throws Error on non-finite entries or when QL fails to converge (never seen on finite input).
 */
export function eigvalsSymTs(a: Float64Array, n: number): Float64Array {
  checkSquareFinite(a, n, 'eigvalsSym');
  const d = new Float64Array(n);
  if (n === 0) return d;
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]!));
  if (s === 0) return d;
  const w = new Float64Array(n * n);
  const inv = 1 / s;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) w[i * n + j] = a[i * n + j]! * inv;
  const e = new Float64Array(n);
  tridiagonalizeUpper(w, n, d, e);
  tql(d, e, n, null);
  for (let i = 0; i < n; i++) d[i] = d[i]! * s;
  return d;
}

/**
 * Householder reduction to tridiagonal form. `w` holds the matrix in its upper triangle (entry
 * (r, c), r ≤ c, at `w[r*n + c]`), i.e. JAMA's `V[c][r]`. On return `d` is the diagonal and
 * `e[1..n-1]` the sub-diagonal (JAMA convention). Destroys `w`. When `reflectorH` (length n) is
 * given, step i's Householder vector u (support 0…i−1) is kept in column i of `w` (entries
 * `w[j*n + i]`, j < i, which the reduction no longer reads after step i) and its
 * `h = ‖u‖²/2` in `reflectorH[i]` (0: no reflection), so P_i = I − u uᵀ/h (JAMA `tred2` keeps
 * them in V the same way); see {@link tridiagonalWithReflectors}.
 */
function tridiagonalizeUpper(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  reflectorH: Float64Array | null = null,
): void {
  // JAMA: d[j] = V[n-1][j]  →  w[j*n + n-1]
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1]!;
        w[j * n + i] = 0; // V[i][j]
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = d[k]! / scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      if (reflectorH) {
        for (let j = 0; j < i; j++) w[j * n + i] = d[j]!;
        reflectorH[i] = h;
      }
      for (let j = 0; j < i; j++) e[j] = 0;
      // e = A·u over the leading i×i block, A read as its upper triangle (contiguous rows).
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        const rj = j * n;
        g = e[j]! + w[rj + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const v = w[rj + k]!;
          g += v * d[k]!;
          e[k] = e[k]! + v * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = e[j]! / h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
      // Rank-2 update A ← A − u eᵀ − e uᵀ on the upper triangle.
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        const rj = j * n;
        for (let k = j; k <= i - 1; k++) w[rj + k] = w[rj + k]! - (f * e[k]! + g * d[k]!);
        d[j] = w[j * n + i - 1]!;
      }
    }
  }
  // Values only: JAMA's accumulation pass would copy the diagonal out; read it directly.
  for (let j = 0; j < n; j++) d[j] = w[j * n + j]!;
  e[0] = 0;
}

/**
 * The Householder reduction of a symmetric matrix with its reflectors kept: `A/scale = Q T Qᵀ`,
 * T tridiagonal with diagonal `d` and `T[i][i−1] = T[i−1][i] = e[i]` (i ≥ 1; `e[0] = 0`),
 * `Q = P_{n−1} ⋯ P_1` with `P_i = I − u_i u_iᵀ / h[i]`, u_i stored in column i of `w` above the
 * diagonal (`w[j*n + i]`, j < i). `scale = max|aᵢⱼ|` (1 for the zero matrix), as in
 * {@link eigvalsSymTs}, so squares cannot overflow. Reads the upper triangle of `a`; does not
 * mutate it. O(4n³/3), the same reduction as the eigenvalue path (src/core/linalg/eigenpairs.ts
 * builds the eigenvectors of the extreme eigenvalues from it).
 */
export function tridiagonalWithReflectors(
  a: Float64Array,
  n: number,
): { d: Float64Array; e: Float64Array; w: Float64Array; h: Float64Array; scale: number } {
  checkSquareFinite(a, n, 'eigenpairs');
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]!));
  const scale = s > 0 ? s : 1;
  const w = new Float64Array(n * n);
  const inv = 1 / scale;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) w[i * n + j] = a[i * n + j]! * inv;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const h = new Float64Array(n);
  if (n > 0) tridiagonalizeUpper(w, n, d, e, h);
  return { d, e, w, h, scale };
}

/** Eigenvalues (ascending) of the tridiagonal (d, e) in the convention of {@link tridiagonalWithReflectors}; copies its inputs. */
export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  const values = d.slice();
  if (n > 0) tql(values, e.slice(), n, null);
  return values;
}

/**
 * Implicit QL on the tridiagonal (d, e) (JAMA `tql2`). When `V` (n×n row-major, JAMA's V) is
 * given, the rotations are accumulated into it. Sorts ascending (with vectors when given).
 */
function tql(d: Float64Array, e: Float64Array, n: number, V: Float64Array | null): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const maxIter = 60 * n + 100;
  let iterTotal = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1) {
      if (Math.abs(e[m]!) <= EPS * tst1) break;
      m++;
    }
    if (m > l) {
      do {
        if (++iterTotal > maxIter)
          throw new Error(`eigvalsSym: QL did not converge after ${maxIter} iterations`);
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          if (V) {
            for (let k = 0; k < n; k++) {
              const vk1 = V[k * n + i + 1]!;
              const vk = V[k * n + i]!;
              V[k * n + i + 1] = s * vk + c * vk1;
              V[k * n + i] = c * vk - s * vk1;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > EPS * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  if (!V) {
    d.sort();
    return;
  }
  // Selection sort with vectors (JAMA), ascending.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i]!;
    for (let j = i + 1; j < n; j++) {
      if (d[j]! < p) {
        k = j;
        p = d[j]!;
      }
    }
    if (k !== i) {
      d[k] = d[i]!;
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const t = V[j * n + i]!;
        V[j * n + i] = V[j * n + k]!;
        V[j * n + k] = t;
      }
    }
  }
}

/**
 * Full symmetric eigendecomposition `A = V diag(values) Vᵀ` (JAMA tred2 + tql2), values
 * ascending, eigenvectors in the columns of `vectors` (n×n row-major). Does not mutate `a`.
 * O(n³) with a larger constant than {@link eigvalsSymTs}: use it for the d×d data covariance,
 * not for GN spectra.
 */
export function eigSym(a: Mat): { values: Float64Array; vectors: Mat } {
  const n = a.rows;
  if (a.cols !== n) throw new Error(`eigSym: matrix is ${a.rows}×${a.cols}, not square`);
  checkSquareFinite(a.data, n, 'eigSym');
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const V = a.data.slice();
  if (n === 0) return { values: d, vectors: { rows: 0, cols: 0, data: V } };
  // JAMA tred2 on V[i][j] = V[i*n + j].
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j]!;
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = d[k]! / scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        V[j * n + i] = f;
        g = e[j]! + V[j * n + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j]! * d[k]!;
          e[k] = e[k]! + V[k * n + j]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = e[j]! / h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) V[k * n + j] = V[k * n + j]! - (f * e[k]! + g * d[k]!);
        d[j] = V[(i - 1) * n + j]!;
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i]!;
    V[i * n + i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1]! * V[k * n + j]!;
        for (let k = 0; k <= i; k++) V[k * n + j] = V[k * n + j]! - g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j]!;
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
  tql(d, e, n, V);
  return { values: d, vectors: { rows: n, cols: n, data: V } };
}

/** Where a long eigenvalue solve is (reported by kernels that can: the WebAssembly one). */
export interface EigvalsProgress {
  phase: 'reduction' | 'ql';
  /** share of the phase's flops done, 0…1 */
  fraction: number;
}

/**
 * Eigenvalue kernel used for GN spectra: swapped for a faster one at start-up when available.
 * A kernel may report progress through `options.onProgress`; the TypeScript one does not.
 */
export type EigvalsKernel = (
  a: Float64Array,
  n: number,
  options?: { onProgress?: (p: EigvalsProgress) => void },
) => Float64Array;

/** Solves of this size and up report progress to the sink (smaller ones take < ~0.3 s). */
export const PROGRESS_MIN_N = 900;
let progressSink: ((p: EigvalsProgress & { n: number }) => void) | null = null;

/**
 * Where {@link eigvalsSym} reports the progress of large solves (n ≥ PROGRESS_MIN_N), or null.
 * Set by a worker around one job (docs/gn-math.md §13: progress of large exact jobs).
 */
export function setEigvalsProgressSink(
  sink: ((p: EigvalsProgress & { n: number }) => void) | null,
): void {
  progressSink = sink;
}

let activeKernel: { name: string; fn: EigvalsKernel } = {
  name: 'ts-householder-ql',
  fn: eigvalsSymTs,
};

/** Eigenvalues of a symmetric n×n matrix, ascending, with the active kernel. Does not mutate `a`. */
export function eigvalsSym(a: Float64Array, n: number): Float64Array {
  return activeKernel.fn(a, n, kernelOptions(n));
}

/**
 * The kernel options of an n×n solve: its progress forwarded to the sink (when large and set)
 * and the thread cap of ./threadLimit.ts (when there is one).
 */
function kernelOptions(
  n: number,
): { onProgress?: (p: EigvalsProgress) => void; threads?: number } | undefined {
  const sink = progressSink;
  const cap = kernelThreadLimit();
  const options: { onProgress?: (p: EigvalsProgress) => void; threads?: number } = {};
  if (sink && n >= PROGRESS_MIN_N) options.onProgress = (p) => sink({ ...p, n });
  if (Number.isFinite(cap)) options.threads = cap;
  return options.onProgress || options.threads !== undefined ? options : undefined;
}

/**
 * Eigenvalues (ascending) of the symmetric n×n matrix whose row r, entries r…n−1, `fill(r, out)`
 * writes: straight into the packed storage of a kernel that takes rows (the WebAssembly one, no
 * n×n array in JavaScript, docs/gn-math.md §13.1), else through a full array. Rows are asked
 * for in order 0, 1, …, n−1, each once.
 */
export function eigvalsSymRows(
  n: number,
  fill: (r: number, out: Float64Array) => void,
): Float64Array {
  const kernel = activeKernel.fn as EigvalsKernel & {
    rows?: (
      n: number,
      fill: (r: number, out: Float64Array) => void,
      options?: object,
    ) => Float64Array;
  };
  const options = kernelOptions(n);
  if (kernel.rows) return kernel.rows(n, fill, options);
  const a = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    fill(r, a.subarray(r * n + r, (r + 1) * n));
    for (let c = r + 1; c < n; c++) a[c * n + r] = a[r * n + c]!;
  }
  return kernel(a, n, options);
}

/**
 * Name of the kernel {@link eigvalsSym} uses (reported by the CLI, the benchmarks and the page),
 * with the thread count it runs on now: under a cap of ./threadLimit.ts below its threads, the
 * capped count ("… ×2 threads" on one thread is "…").
 */
export function eigvalsKernelName(): string {
  return cappedKernelName(activeKernel.name);
}

/** Installs a kernel (e.g. the WebAssembly one). Callers cross-check it before installing. */
export function setEigvalsKernel(name: string, fn: EigvalsKernel): void {
  activeKernel = { name, fn };
}

/** The kernel {@link eigvalsSym} uses now, to restore later with {@link setEigvalsKernel}. */
export function activeEigvalsKernel(): { name: string; fn: EigvalsKernel } {
  return activeKernel;
}

/**
 * Singular values of `a` (descending, min(rows, cols) of them) as square roots of the
 * eigenvalues of the smaller Gram matrix; tiny negative rounding is clamped to 0.
 * Relative accuracy of small singular values is ~ε·σ₁²/σᵢ (squaring), ample for κ ≤ 1e7.
 */
export function singularValues(a: Mat): Float64Array {
  const small = Math.min(a.rows, a.cols);
  const g = gemmGram(a, a.rows <= a.cols ? 'rows' : 'cols').data;
  const ev = eigvalsSym(g, small);
  const out = new Float64Array(small);
  for (let i = 0; i < small; i++) out[i] = Math.sqrt(Math.max(0, ev[small - 1 - i]!));
  return out;
}
