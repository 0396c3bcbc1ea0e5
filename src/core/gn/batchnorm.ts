/**
 * MLPs with batch normalisation after every hidden activation (gn-math.md §8):
 * h_l = γ_l ⊙ (a_l − μ_l)/√(var_l + ε) + β_l, a_l = σ(W̃ˡ h_{l−1}), for l < L; f = W̃ᴸ h_{L−1}.
 * Batch statistics over the n samples (biased variance, as in training mode), ε = 1e-5, γ = 1 and
 * β = 0 at initialisation, both trainable. Every output depends on every sample, so J is the
 * full-batch Jacobian, back-propagated through the batch statistics (the cross-sample terms).
 * Columns of J: W¹ … Wᴸ (row-major), then γ¹, β¹, γ², β², …
 */
import { zeros, type Mat } from '../linalg/matrix';
import type { Activation } from '../types';
import { activate, activateDerivative } from './jacobian';

export const BN_EPS = 1e-5;

/** Number of BN parameters: 2·Σ_{l<L} m_l (a γ and a β per hidden unit). */
export function batchNormParameterCount(widths: readonly number[]): number {
  return 2 * widths.reduce((s, m) => s + m, 0);
}

interface BnLayer {
  /** pre-activations z (n × m) */
  z: Mat;
  /** normalised activations ĥ (n × m) */
  hat: Mat;
  /** 1/√(var + ε) per unit */
  invStd: Float64Array;
  /** layer outputs h = γĥ + β (n × m) */
  h: Mat;
}

/** Forward pass over the whole batch; `gamma[l]`, `beta[l]` per hidden layer. */
export function batchNormForward(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
  gamma: readonly Float64Array[],
  beta: readonly Float64Array[],
): { layers: BnLayer[]; outputs: Mat } {
  const n = X.rows;
  const L = weights.length;
  const layers: BnLayer[] = [];
  let prev = X;
  for (let l = 0; l < L - 1; l++) {
    const w = weights[l]!;
    const m = w.rows;
    const z = zeros(n, m);
    const a = zeros(n, m);
    for (let q = 0; q < n; q++)
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < w.cols; j++)
          s += w.data[i * w.cols + j]! * prev.data[q * prev.cols + j]!;
        z.data[q * m + i] = s;
        a.data[q * m + i] = activate(s, activation, alpha);
      }
    const hat = zeros(n, m);
    const h = zeros(n, m);
    const invStd = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let mean = 0;
      for (let q = 0; q < n; q++) mean += a.data[q * m + i]!;
      mean /= n;
      let v = 0;
      for (let q = 0; q < n; q++) v += (a.data[q * m + i]! - mean) ** 2;
      v /= n; // biased variance (training mode)
      const inv = 1 / Math.sqrt(v + BN_EPS);
      invStd[i] = inv;
      for (let q = 0; q < n; q++) {
        const x = (a.data[q * m + i]! - mean) * inv;
        hat.data[q * m + i] = x;
        h.data[q * m + i] = gamma[l]![i]! * x + beta[l]![i]!;
      }
    }
    layers.push({ z, hat, invStd, h });
    prev = h;
  }
  const last = weights[L - 1]!;
  const outputs = zeros(n, last.rows);
  for (let q = 0; q < n; q++)
    for (let c = 0; c < last.rows; c++) {
      let s = 0;
      for (let j = 0; j < last.cols; j++)
        s += last.data[c * last.cols + j]! * prev.data[q * prev.cols + j]!;
      outputs.data[q * last.rows + c] = s;
    }
  return { layers, outputs };
}

/**
 * The full-batch Jacobian ((n·k) × p, p = Σ_l m_l·m_{l−1} + 2Σ_{l<L} m_l) of a BN network at
 * γ = 1, β = 0 (or the given γ, β). Per output (q, c), reverse mode over the whole batch; the BN
 * backward step is ∂a = (1/s)(∂ĥ − mean(∂ĥ) − ĥ·mean(∂ĥ ⊙ ĥ)) per unit, which carries the
 * cross-sample terms. O(n·k · n·Σ_l m_l m_{l−1}).
 */
export function batchNormJacobian(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
  gammaIn?: readonly Float64Array[],
  betaIn?: readonly Float64Array[],
): Mat {
  const n = X.rows;
  const L = weights.length;
  const k = weights[L - 1]!.rows;
  const widths = weights.slice(0, -1).map((w) => w.rows);
  const gamma = gammaIn ?? widths.map((m) => new Float64Array(m).fill(1));
  const beta = betaIn ?? widths.map((m) => new Float64Array(m));
  const { layers } = batchNormForward(weights, X, activation, alpha, gamma, beta);
  const wOffsets: number[] = [];
  let p = 0;
  for (const w of weights) {
    wOffsets.push(p);
    p += w.rows * w.cols;
  }
  const bnOffsets: number[] = [];
  for (const m of widths) {
    bnOffsets.push(p);
    p += 2 * m;
  }
  const J = zeros(n * k, p);
  const input = (l: number): Mat => (l === 0 ? X : layers[l - 1]!.h);
  for (let q = 0; q < n; q++) {
    for (let c = 0; c < k; c++) {
      const row = (q * k + c) * p;
      const last = weights[L - 1]!;
      const hPrev = input(L - 1);
      for (let j = 0; j < last.cols; j++)
        J.data[row + wOffsets[L - 1]! + c * last.cols + j] = hPrev.data[q * hPrev.cols + j]!;
      // g = ∂f_{q,c}/∂h_{L−1}: non-zero only on sample q
      let g = zeros(n, last.cols);
      for (let j = 0; j < last.cols; j++) g.data[q * last.cols + j] = last.data[c * last.cols + j]!;
      for (let l = L - 2; l >= 0; l--) {
        const { z, hat, invStd } = layers[l]!;
        const m = widths[l]!;
        const gz = zeros(n, m);
        for (let i = 0; i < m; i++) {
          let sumG = 0;
          let sumGHat = 0;
          for (let r = 0; r < n; r++) {
            const gr = g.data[r * m + i]!;
            sumG += gr;
            sumGHat += gr * hat.data[r * m + i]!;
          }
          J.data[row + bnOffsets[l]! + i] = sumGHat; // ∂/∂γ_i
          J.data[row + bnOffsets[l]! + m + i] = sumG; // ∂/∂β_i
          const gi = gamma[l]![i]!;
          const meanGHat = (gi * sumG) / n; // mean of ∂ĥ = γ·g
          const meanGHatHat = (gi * sumGHat) / n;
          for (let r = 0; r < n; r++) {
            const dHat = gi * g.data[r * m + i]!;
            const da = invStd[i]! * (dHat - meanGHat - hat.data[r * m + i]! * meanGHatHat);
            gz.data[r * m + i] = da * activateDerivative(z.data[r * m + i]!, activation, alpha);
          }
        }
        const w = weights[l]!;
        const hIn = input(l);
        const off = row + wOffsets[l]!;
        for (let r = 0; r < n; r++)
          for (let i = 0; i < m; i++) {
            const v = gz.data[r * m + i]!;
            if (v === 0) continue;
            for (let j = 0; j < w.cols; j++)
              J.data[off + i * w.cols + j] =
                J.data[off + i * w.cols + j]! + v * hIn.data[r * hIn.cols + j]!;
          }
        if (l === 0) break;
        const next = zeros(n, w.cols);
        for (let r = 0; r < n; r++)
          for (let i = 0; i < m; i++) {
            const v = gz.data[r * m + i]!;
            if (v === 0) continue;
            for (let j = 0; j < w.cols; j++)
              next.data[r * w.cols + j] = next.data[r * w.cols + j]! + v * w.data[i * w.cols + j]!;
          }
        g = next;
      }
    }
  }
  return J;
}
