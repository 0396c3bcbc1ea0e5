/**
 * Activations and the forward pass of MLPs (gn-math.md §1, §6). Network: z_l = W̃ˡ h_{l−1}, h_l = σ(z_l) for l < L, f = W̃ᴸ h_{L−1},
 * with W̃ˡ = Wˡ + βE_l on skipped layers (gn-math.md §4; for σ = identity this is exactly the
 * residual linear net). Derivatives are taken w.r.t. Wˡ (the skip is a constant).
 */
import { zeros, type Mat } from '../linalg/matrix';
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
