/**
 * The 1-D linear CNN of gn-math.md §7: c filters of size K (stride 1, no padding, no bias,
 * cross-correlation), optional further c→c convolutions, then a dense readout k × c·d_last,
 * d_l = d − l(K−1). The network is linear in x: A = W_out T^{Lc} ⋯ T¹ with block-Toeplitz Tˡ.
 *
 * Two GN matrices, both reduced to side k·rank(Σ) (gn-math.md §2):
 * - the exact, weight-shared GN: Z_l = (P_l ⊗ Q_lᵀ) S_l, S_l = ∂vec_r(Tˡ)/∂(kernel entries);
 * - the "dense-equivalent" GN that treats every Toeplitz entry as a free parameter (§3 applied
 *   to the Toeplitz matrices, what the authors' code computes), whose κ the §5 bounds bound.
 */
import { createRng, STREAM } from '../random';
import { gemmGram } from '../linalg/gemm';
import { fromRows, zeros, type Mat } from '../linalg/matrix';
import type { GnConfig } from '../types';
import { activationGain, initMatrix } from './init';
import { partialProducts } from './linear';

/** One convolution: kernel w[o][i][j] at data[(o·cIn + i)·K + j]. */
export interface ConvKernel {
  cOut: number;
  cIn: number;
  K: number;
  data: Float64Array;
}

export interface CnnWeights {
  kernels: ConvKernel[];
  /** k × (c·d_last), features channel-major (channel·d_last + position) */
  readout: Mat;
}

/** Signal lengths d_0 = d, d_l = d − l(K−1), l = 1…Lc. */
export function cnnLengths(d: number, K: number, convLayers: number): number[] {
  return Array.from({ length: convLayers + 1 }, (_, l) => d - l * (K - 1));
}

/** Number of parameters: c·K + (Lc − 1)·c²·K + k·c·d_last. */
export function cnnParameterCount(
  config: Pick<GnConfig, 'd' | 'k' | 'filters' | 'kernel' | 'convLayers'>,
): number {
  const { filters: c, kernel: K, convLayers: Lc, k } = config;
  const dLast = cnnLengths(config.d, K, Lc)[Lc]!;
  return c * K + (Lc - 1) * c * c * K + k * c * dLast;
}

/**
 * The CNN's weights: explicit (`config.kernels` + readout in `config.weights[0]`) or drawn from
 * the seed (Kaiming/Xavier with fan_in = c_in·K, fan_out = c_out·K for convolutions; orthogonal
 * on the c_out × c_in·K reshaping), conv layers first, then the readout.
 * @throws Error when the signal is too short for the convolutions (d_last < 1).
 */
export function cnnWeights(config: GnConfig): CnnWeights {
  const { filters: c, kernel: K, convLayers: Lc, k, d } = config;
  const dLast = cnnLengths(d, K, Lc)[Lc]!;
  if (dLast < 1)
    throw new Error(
      `the signal is too short: d = ${d} shrinks to ${dLast} after ${Lc} convolutions of size K = ${K}; need d ≥ ${Lc * (K - 1) + 1}`,
    );
  if (config.kernels && config.weights) {
    const kernels = config.kernels.map((kern) => ({
      cOut: kern.length,
      cIn: kern[0]!.length,
      K: kern[0]![0]!.length,
      data: Float64Array.from(kern.flat(2)),
    }));
    return { kernels, readout: fromRows(config.weights[0]!) };
  }
  const rng = createRng(config.seed, STREAM.weights);
  const gain = activationGain(config.activation, config.alpha);
  const kernels: ConvKernel[] = [];
  for (let l = 0; l < Lc; l++) {
    const cIn = l === 0 ? 1 : c;
    const w = initMatrix(c, cIn * K, config.init, gain, rng); // c_out × (c_in·K), row-major = [o][i][j]
    kernels.push({ cOut: c, cIn, K, data: w.data });
  }
  const readout = initMatrix(k, c * dLast, config.init, gain, rng);
  return { kernels, readout };
}

/** The block-Toeplitz matrix of one convolution: (c_out·d_out) × (c_in·d_in), T[(o,t),(i,t+j)] = w[o][i][j]. */
export function toeplitz(kernel: ConvKernel, dIn: number): Mat {
  const { cOut, cIn, K, data } = kernel;
  const dOut = dIn - K + 1;
  const T = zeros(cOut * dOut, cIn * dIn);
  for (let o = 0; o < cOut; o++)
    for (let i = 0; i < cIn; i++)
      for (let j = 0; j < K; j++) {
        const w = data[(o * cIn + i) * K + j]!;
        for (let t = 0; t < dOut; t++) T.data[(o * dOut + t) * T.cols + i * dIn + t + j] = w;
      }
  return T;
}

/** The dense-equivalent layer matrices T¹ … T^{Lc}, W_out (a deep linear net, §3). */
export function cnnDenseLayers(weights: CnnWeights, d: number): Mat[] {
  const layers: Mat[] = [];
  let len = d;
  for (const kern of weights.kernels) {
    layers.push(toeplitz(kern, len));
    len = len - kern.K + 1;
  }
  layers.push(weights.readout);
  return layers;
}

/**
 * The exact weight-shared reduced matrix M' = Σ_conv y yᵀ + I_k ⊗ (R_Lᵀ R_L), where for the kernel
 * entry (o, i, j) of conv layer l, y = vec_r(P_l E_{oij} R_l) = vec_r(Σ_t P_l[:, (o,t)] R_l[(i,t+j), :]),
 * R_l = Q_l F (gn-math.md §7 with Σ^{1/2} replaced by a factor F, FFᵀ = Σ). Side k·s.
 * Cost O(#kernel entries · (d_l·k·s + (k·s)²)).
 */
export function cnnSharedMatrix(
  layers: readonly Mat[],
  kernels: readonly ConvKernel[],
  factor: Mat,
  k: number,
): { M: Mat; R: Mat[]; P: Mat[]; Q: Mat[] } {
  const { P, Q } = partialProducts(layers);
  const s = factor.cols;
  const R: Mat[] = [factor];
  for (let l = 1; l < layers.length; l++) {
    const prev = R[l - 1]!;
    const w = layers[l - 1]!;
    const next = zeros(w.rows, s);
    for (let a = 0; a < w.rows; a++)
      for (let b = 0; b < w.cols; b++) {
        const v = w.data[a * w.cols + b]!;
        if (v === 0) continue; // Toeplitz matrices are mostly zeros
        for (let t = 0; t < s; t++)
          next.data[a * s + t] = next.data[a * s + t]! + v * prev.data[b * s + t]!;
      }
    R.push(next);
  }
  const N = k * s;
  const entries = kernels.reduce((acc, kern) => acc + kern.cOut * kern.cIn * kern.K, 0);
  const Y = zeros(entries, N); // one row per kernel entry: yᵀ
  let row = 0;
  kernels.forEach((kern, l) => {
    const Pl = P[l]!; // k × (c_out·d_out)
    const Rl = R[l]!; // (c_in·d_in) × s
    const dIn = Rl.rows / kern.cIn;
    const dOut = dIn - kern.K + 1;
    for (let o = 0; o < kern.cOut; o++)
      for (let i = 0; i < kern.cIn; i++)
        for (let j = 0; j < kern.K; j++, row++) {
          const base = row * N;
          for (let t = 0; t < dOut; t++) {
            const rRow = (i * dIn + t + j) * s;
            for (let c = 0; c < k; c++) {
              const p = Pl.data[c * Pl.cols + o * dOut + t]!;
              if (p === 0) continue;
              const out = base + c * s;
              for (let u = 0; u < s; u++)
                Y.data[out + u] = Y.data[out + u]! + p * Rl.data[rRow + u]!;
            }
          }
        }
  });
  const M = gemmGram(Y, 'cols');
  // readout: P_L = I_k, so its term is I_k ⊗ R_LᵀR_L
  const B = gemmGram(R[layers.length - 1]!, 'cols');
  for (let c = 0; c < k; c++)
    for (let u = 0; u < s; u++)
      for (let v = 0; v < s; v++)
        M.data[(c * s + u) * N + c * s + v] =
          M.data[(c * s + u) * N + c * s + v]! + B.data[u * s + v]!;
  return { M, R, P, Q };
}
