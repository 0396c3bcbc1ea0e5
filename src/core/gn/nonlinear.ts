/**
 * Nonlinear MLPs (gn-math.md §2, §6): the explicit Jacobian for small networks, and the pieces
 * of the §6 two-layer closed form that its bound needs. The GN matrices themselves are
 * assembled by ./structuredGram.ts (JJᵀ/n or JᵀJ/n from one forward and one backward pass as
 * matrix products; for L = 2 its JJᵀ/n is exactly the §6 closed form). Network and conventions
 * as in ./jacobian.ts.
 */
import { gemm, view } from '../linalg/gemm';
import { zeros, type Mat } from '../linalg/matrix';
import type { Activation } from '../types';
import { activate, activateDerivative } from './jacobian';
import { jacobianFrom, propagate } from './structuredGram';

/**
 * The explicit Jacobian J ((n·k) × p): rows sample-major (row q·k + c = output c of sample q),
 * columns layer by layer, each Wˡ flattened row-major (gn-math.md §1), from one forward and one
 * backward pass (J[(q,c), (l,i,j)] = Δ_l[(q,c), i]·H_l[q, j]). O(n·k·p) memory: for small
 * networks; spectra use ./structuredGram.ts, which never forms J.
 */
export function explicitJacobian(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
): Mat {
  return jacobianFrom(propagate(weights, X, activation, alpha));
}

/** M Mᵀ (rows × rows) by the blocked kernel: upper triangle, then mirrored. */
function rowGram(m: Mat): Float64Array {
  const { rows, cols } = m;
  const g = new Float64Array(rows * rows);
  gemm(
    rows,
    rows,
    cols,
    view(m),
    view(m),
    { data: g, offset: 0, ld: rows },
    {
      transB: true,
      minDiag: 0,
    },
  );
  for (let i = 0; i < rows; i++)
    for (let j = i + 1; j < rows; j++) g[j * rows + i] = g[i * rows + j]!;
  return g;
}

/** The pieces of gn-math.md §6 for f(x) = W σ(Vx), with V = W̃¹ (m × d), W = W̃² (k × m). */
export interface TwoLayerParts {
  /** ΦᵀΦ (n × n), Φ = σ(V X_c) */
  phiGram: Mat;
  /** X_cᵀX_c = XXᵀ (n × n) */
  dataGram: Mat;
  /** WWᵀ (k × k) */
  outGram: Mat;
  /** σ'(v_iᵀx_q) as an m × n matrix: the diagonals of the D_i (entries 1 or +α) */
  slope: Mat;
  /** hidden units whose output is 0 on every sample (ReLU "dead" units) */
  deadUnits: number;
}

/** Φ, the D_i patterns and the three n×n / k×k Grams of §6. O(m·n·d + n²·(m + d)). */
export function twoLayerParts(
  V: Mat,
  W: Mat,
  X: Mat,
  activation: Activation,
  alpha: number,
): TwoLayerParts {
  const n = X.rows;
  const m = V.rows;
  const phiT = zeros(n, m); // Φᵀ = (V X_c)ᵀ, then σ applied
  gemm(n, m, X.cols, view(X), view(V), view(phiT), { transB: true });
  const slope = zeros(m, n);
  const alive = new Uint8Array(m);
  for (let q = 0; q < n; q++)
    for (let i = 0; i < m; i++) {
      const z = phiT.data[q * m + i]!;
      const h = activate(z, activation, alpha);
      phiT.data[q * m + i] = h;
      slope.data[i * n + q] = activateDerivative(z, activation, alpha);
      if (h !== 0) alive[i] = 1;
    }
  let deadUnits = 0;
  for (let i = 0; i < m; i++) if (!alive[i]) deadUnits++;
  return {
    phiGram: { rows: n, cols: n, data: rowGram(phiT) },
    dataGram: { rows: n, cols: n, data: rowGram(X) },
    outGram: { rows: W.rows, cols: W.rows, data: rowGram(W) },
    slope,
    deadUnits,
  };
}
