/**
 * Explicit Jacobians of MLPs by back-propagation (gn-math.md §1, §6 "deeper nonlinear MLPs"):
 * J is (n·k) × p, rows sample-major (row i·k + c = output c of sample i), columns layer by layer,
 * each Wˡ flattened row-major. Network: z_l = W̃ˡ h_{l−1}, h_l = σ(z_l) for l < L, f = W̃ᴸ h_{L−1},
 * with W̃ˡ = Wˡ + βE_l on skipped layers (gn-math.md §4; for σ = identity this is exactly the
 * residual linear net). Derivatives are taken w.r.t. Wˡ (the skip is a constant).
 */
import { gramCols, gramRows, scale, zeros, type Mat } from '../linalg/matrix';
import type { Activation } from '../types';

/** σ(z) = max(z, αz) for leaky ReLU (α = 0: ReLU), identity for linear (gn-math.md §6). */
export function activate(z: number, activation: Activation, alpha: number): number {
  if (activation === 'linear') return z;
  const slope = activation === 'relu' ? 0 : alpha;
  return z > 0 ? z : slope * z;
}

/** σ'(z), with σ'(0) := α (gn-math.md §6): +α on the negative side, never −α. */
export function activateDerivative(z: number, activation: Activation, alpha: number): number {
  if (activation === 'linear') return 1;
  const slope = activation === 'relu' ? 0 : alpha;
  return z > 0 ? 1 : slope;
}

/** Forward pass of one sample: pre-activations z_1…z_{L−1} and inputs h_0…h_{L−1} of each layer. */
function forward(
  weights: readonly Mat[],
  x: Float64Array,
  activation: Activation,
  alpha: number,
): { h: Float64Array[]; z: Float64Array[] } {
  const L = weights.length;
  const h: Float64Array[] = [x];
  const z: Float64Array[] = [];
  for (let l = 0; l < L - 1; l++) {
    const w = weights[l]!;
    const zl = new Float64Array(w.rows);
    const prev = h[l]!;
    for (let i = 0; i < w.rows; i++) {
      let s = 0;
      for (let j = 0; j < w.cols; j++) s += w.data[i * w.cols + j]! * prev[j]!;
      zl[i] = s;
    }
    z.push(zl);
    const hl = new Float64Array(w.rows);
    for (let i = 0; i < w.rows; i++) hl[i] = activate(zl[i]!, activation, alpha);
    h.push(hl);
  }
  return { h, z };
}

/** Network outputs f(x_i) for every row of X (n × k). */
export function networkOutputs(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
): Mat {
  const L = weights.length;
  const last = weights[L - 1]!;
  const out = zeros(X.rows, last.rows);
  for (let i = 0; i < X.rows; i++) {
    const { h } = forward(
      weights,
      X.data.subarray(i * X.cols, (i + 1) * X.cols),
      activation,
      alpha,
    );
    const hl = h[L - 1]!;
    for (let c = 0; c < last.rows; c++) {
      let s = 0;
      for (let j = 0; j < last.cols; j++) s += last.data[c * last.cols + j]! * hl[j]!;
      out.data[i * last.rows + c] = s;
    }
  }
  return out;
}

/**
 * The explicit Jacobian J ((n·k) × p) of an MLP with effective weights `weights` at the data X.
 * Back-propagates all k outputs at once: Δ_L = I_k, Δ_l = (Δ_{l+1} W̃^{l+1}) ⊙ σ'(z_l), and the
 * block of row (i, c) for Wˡ is Δ_l[c, :] ⊗ h_{l−1}. O(n·k·p) time and memory.
 */
export function mlpJacobian(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
): Mat {
  const L = weights.length;
  const k = weights[L - 1]!.rows;
  const n = X.rows;
  const offsets: number[] = [];
  let p = 0;
  for (const w of weights) {
    offsets.push(p);
    p += w.rows * w.cols;
  }
  const J = zeros(n * k, p);
  for (let i = 0; i < n; i++) {
    const { h, z } = forward(
      weights,
      X.data.subarray(i * X.cols, (i + 1) * X.cols),
      activation,
      alpha,
    );
    // delta: k × m_l, starting from the identity at the output.
    let delta = new Float64Array(k * k);
    for (let c = 0; c < k; c++) delta[c * k + c] = 1;
    for (let l = L - 1; l >= 0; l--) {
      const w = weights[l]!;
      const rowsL = w.rows;
      const hPrev = h[l]!;
      const off = offsets[l]!;
      for (let c = 0; c < k; c++) {
        const row = (i * k + c) * p + off;
        for (let a = 0; a < rowsL; a++) {
          const da = delta[c * rowsL + a]!;
          if (da === 0) continue;
          const base = row + a * w.cols;
          for (let b = 0; b < w.cols; b++) J.data[base + b] = da * hPrev[b]!;
        }
      }
      if (l === 0) break;
      // Δ_{l−1} = (Δ_l W̃ˡ) ⊙ σ'(z_{l−1})
      const zPrev = z[l - 1]!;
      const next = new Float64Array(k * w.cols);
      for (let c = 0; c < k; c++) {
        for (let a = 0; a < rowsL; a++) {
          const da = delta[c * rowsL + a]!;
          if (da === 0) continue;
          for (let b = 0; b < w.cols; b++)
            next[c * w.cols + b] = next[c * w.cols + b]! + da * w.data[a * w.cols + b]!;
        }
        for (let b = 0; b < w.cols; b++)
          next[c * w.cols + b] =
            next[c * w.cols + b]! * activateDerivative(zPrev[b]!, activation, alpha);
      }
      delta = next;
    }
  }
  return J;
}

/**
 * The smaller of JJᵀ/n (method "gram-nk") and JᵀJ/n ("gn-p"), which share their non-zero
 * spectrum (gn-math.md §2).
 */
export function smallerGram(J: Mat, n: number): { matrix: Mat; method: 'gram-nk' | 'gn-p' } {
  if (J.rows <= J.cols) return { matrix: scale(gramRows(J), 1 / n), method: 'gram-nk' };
  return { matrix: scale(gramCols(J), 1 / n), method: 'gn-p' };
}
