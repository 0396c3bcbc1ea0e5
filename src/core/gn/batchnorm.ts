/**
 * MLPs with batch normalisation after every hidden activation (gn-math.md §8):
 * h_l = γ_l ⊙ (a_l − μ_l)/√(var_l + ε) + β_l, a_l = σ(W̃ˡ h_{l−1}), for l < L; f = W̃ᴸ h_{L−1}.
 * Batch statistics over the n samples (biased variance, as in training mode), ε = 1e-5, γ = 1 and
 * β = 0 at initialisation, both trainable. Every output depends on every sample, so J is the
 * full-batch Jacobian, back-propagated through the batch statistics (the cross-sample terms).
 * Columns of J: W¹ … Wᴸ (row-major), then γ¹, β¹, γ², β², …, then (with biases) b¹ … bᴸ.
 *
 * Biases (gn-math.md §11): a_l = σ(W̃ˡ h_{l−1} + bˡ), f = W̃ᴸ h_{L−1} + bᴸ. ∂f/∂bˡ is the weight
 * column of a constant input 1, i.e. Σ_r ∂f/∂z_l[r, i] over the batch. For a linear activation
 * the batch mean removes bˡ exactly (a + 𝟙bᵀ − mean = a − mean), so its columns are exactly 0 (a
 * null direction of G): they are left at 0, not computed. After ReLU or leaky ReLU the bias moves
 * the kinks (σ(z + b) − mean is not σ(z) − mean), so the hidden biases are not null there and
 * their columns are computed; the readout's bias has ∂f_c/∂bᴸ_c = 1 in every case.
 */
import { gemmGram, gemmProduct as product } from '../linalg/gemm';
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
  biases?: readonly Float64Array[] | null,
): { layers: BnLayer[]; outputs: Mat } {
  const bias = biases && biases.length > 0 ? biases : null;
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
        if (bias) s += bias[l]![i]!;
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
      outputs.data[q * last.rows + c] = s + (bias ? bias[L - 1]![c]! : 0);
    }
  return { layers, outputs };
}

/** J's column layout: each Wˡ row-major in turn, then γ and β of every BN layer. */
function parameterLayout(
  weights: readonly Mat[],
  widths: readonly number[],
): { wOff: number[]; bnOff: number[]; p: number } {
  const wOff: number[] = [];
  let p = 0;
  for (const w of weights) {
    wOff.push(p);
    p += w.rows * w.cols;
  }
  const bnOff: number[] = [];
  for (const m of widths) {
    bnOff.push(p);
    p += 2 * m;
  }
  return { wOff, bnOff, p };
}

/**
 * The full-batch Jacobian by reverse mode one output at a time, per-entry scalar loops:
 * O(n·k · n·Σ_l m_l m_{l−1}). The independent reference for {@link batchNormJacobian} in the
 * tests (tests/core/gn/batchnorm*.test.ts); evaluations never call it. The BN backward step is
 * ∂a = (1/s)(∂ĥ − mean(∂ĥ) − ĥ·mean(∂ĥ ⊙ ĥ)) per unit, which carries the cross-sample terms.
 */
export function batchNormJacobianPerOutput(
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
  const { wOff: wOffsets, bnOff: bnOffsets, p } = parameterLayout(weights, widths);
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

/** Doubles per chunk of output adjoints below the top hidden layer (bounds the working memory). */
const CHUNK_DOUBLES = 1 << 22;

/**
 * The full-batch Jacobian ((n·k) × p, p = Σ_l m_l·m_{l−1} + 2Σ_{l<L} m_l; columns W¹ … Wᴸ
 * row-major, then γ¹, β¹, γ², β², …) of a BN network (docs/gn-math.md §8), analytic, by
 * reverse mode through the batch statistics for all outputs at once:
 * - readout: ∂f_{q,c}/∂Wᴸ_{cj} = h_{L−1}[q, j];
 * - top hidden layer, closed form per entry: the adjoint of output (q, c) at its BN is
 *   γ_i w_{ci} on sample q only, so ∂a[r, i] = α_{ci}(δ_{rq} − 1/n − ĥ_{ri}ĥ_{qi}/n),
 *   α_{ci} = γ_i w_{ci}/s_i, and with σ' the activation slopes, A = σ'ᵀH, B = (σ' ⊙ ĥ)ᵀH
 *   (H the layer's input, n × m_{l−1}):
 *   ∂f_{q,c}/∂W̃_{ij} = α_{ci}(σ'_{qi}H_{qj} − A_{ij}/n − ĥ_{qi}B_{ij}/n), ∂/∂γ_i = w_{ci}ĥ_{qi},
 *   ∂/∂β_i = w_{ci};
 * - lower layers: the adjoints Δ (unit-major, m_l × (outputs·n)) go through the weights as one
 *   matrix product W̃ᵀΔ, through BN per unit (∂a = (γ/s)(g − mean g − ĥ·mean(g ⊙ ĥ)), σ'), and
 *   the weight block of every output is one product Δ·H; outputs are processed in chunks so the
 *   working memory stays bounded.
 */
export function batchNormJacobian(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
  gammaIn?: readonly Float64Array[],
  betaIn?: readonly Float64Array[],
  /** outputs per chunk below the top hidden layer (default: as many as CHUNK_DOUBLES allows) */
  chunkOutputs?: number,
  /** biases b¹ … bᴸ (none or an empty list: no bias columns) */
  biases?: readonly Float64Array[] | null,
): Mat {
  const n = X.rows;
  const L = weights.length;
  const last = weights[L - 1]!;
  const k = last.rows;
  const widths = weights.slice(0, -1).map((w) => w.rows);
  const gamma = gammaIn ?? widths.map((m) => new Float64Array(m).fill(1));
  const beta = betaIn ?? widths.map((m) => new Float64Array(m));
  const { layers } = batchNormForward(weights, X, activation, alpha, gamma, beta, biases);
  const layout = parameterLayout(weights, widths);
  const { wOff, bnOff } = layout;
  let p = layout.p;
  // bias columns last; hidden ones only computed where they are not null (header)
  const bOff: number[] | null = biases && biases.length > 0 ? [] : null;
  if (bOff)
    for (const w of weights) {
      bOff.push(p);
      p += w.rows;
    }
  const nk = n * k;
  const J = zeros(nk, p);
  const Jd = J.data;
  const input = (l: number): Mat => (l === 0 ? X : layers[l - 1]!.h);
  const slopes = (l: number): Float64Array => {
    const z = layers[l]!.z.data;
    const out = new Float64Array(z.length);
    for (let t = 0; t < z.length; t++) out[t] = activateDerivative(z[t]!, activation, alpha);
    return out;
  };
  const ctx: JacobianContext = {
    weights,
    widths,
    gamma,
    layers,
    n,
    k,
    p,
    Jd,
    wOff,
    bnOff,
    bOff: bOff && activation !== 'linear' ? bOff : null,
    input,
    slopes,
  };
  fillReadout(ctx);
  if (bOff) for (let o = 0; o < nk; o++) Jd[o * p + bOff[L - 1]! + (o % k)] = 1; // ∂f_c/∂bᴸ_c
  if (L === 1) return J;
  const alphaTop = fillTopHidden(ctx);
  if (L === 2) return J;
  fillLowerLayers(ctx, alphaTop, chunkOutputs);
  return J;
}

/** What the three parts of {@link batchNormJacobian} share: the net, the layout of J, J. */
interface JacobianContext {
  weights: readonly Mat[];
  widths: readonly number[];
  gamma: readonly Float64Array[];
  layers: ReturnType<typeof batchNormForward>['layers'];
  n: number;
  k: number;
  /** parameters: J's columns */
  p: number;
  /** J's entries, row-major nk × p */
  Jd: Float64Array;
  /** first column of each weight matrix and of each BN layer's γ, β */
  wOff: readonly number[];
  bnOff: readonly number[];
  /** first column of each hidden layer's bias, when those columns are not null (header) */
  bOff: readonly number[] | null;
  input: (l: number) => Mat;
  slopes: (l: number) => Float64Array;
}

/** The readout's columns: ∂f_{q,c}/∂Wᴸ_{c,:} = h_q (the top layer's input). */
function fillReadout(ctx: JacobianContext): void {
  const { weights, n, k, p, Jd, wOff, input } = ctx;
  const L = weights.length;
  const last = weights[L - 1]!;
  const hTop = input(L - 1);
  const mL = last.cols;
  for (let q = 0; q < n; q++)
    for (let c = 0; c < k; c++)
      Jd.set(hTop.data.subarray(q * mL, (q + 1) * mL), (q * k + c) * p + wOff[L - 1]! + c * mL);
}

/** The top hidden layer in closed form (W̃, γ, β); returns α_{ci} = γ_i w_{ci}/s_i. */
function fillTopHidden(ctx: JacobianContext): Float64Array {
  const { weights, widths, gamma, layers, n, k, p, Jd, wOff, bnOff, bOff, input, slopes } = ctx;
  const L = weights.length;
  const last = weights[L - 1]!;
  // top hidden layer t = L − 2, closed form
  const t = L - 2;
  const { hat, invStd } = layers[t]!;
  const m = widths[t]!;
  const Hin = input(t);
  const cols = Hin.cols;
  const sp = slopes(t);
  const spHat = new Float64Array(n * m);
  for (let e = 0; e < n * m; e++) spHat[e] = sp[e]! * hat.data[e]!;
  const A = product({ rows: n, cols: m, data: sp }, Hin, true);
  const B = product({ rows: n, cols: m, data: spHat }, Hin, true);
  // the bias is the weight of a constant input: A and B of that input are the column sums
  const sumA = new Float64Array(m);
  const sumB = new Float64Array(m);
  for (let q = 0; q < n; q++)
    for (let i = 0; i < m; i++) {
      sumA[i] = sumA[i]! + sp[q * m + i]!;
      sumB[i] = sumB[i]! + spHat[q * m + i]!;
    }
  const alphaTop = new Float64Array(k * m); // α_{ci} = γ_i w_{ci}/s_i
  for (let c = 0; c < k; c++)
    for (let i = 0; i < m; i++)
      alphaTop[c * m + i] = gamma[t]![i]! * last.data[c * m + i]! * invStd[i]!;
  for (let q = 0; q < n; q++) {
    const hq = q * cols;
    for (let c = 0; c < k; c++) {
      const row = (q * k + c) * p;
      const off = row + wOff[t]!;
      for (let i = 0; i < m; i++) {
        const w = last.data[c * m + i]!;
        const hqi = hat.data[q * m + i]!;
        Jd[row + bnOff[t]! + i] = w * hqi;
        Jd[row + bnOff[t]! + m + i] = w;
        const a = alphaTop[c * m + i]!;
        const c1 = a * sp[q * m + i]!;
        const c2 = -a / n;
        const c3 = (-a * hqi) / n;
        const o = off + i * cols;
        const ai = i * cols;
        for (let j = 0; j < cols; j++)
          Jd[o + j] = c1 * Hin.data[hq + j]! + c2 * A.data[ai + j]! + c3 * B.data[ai + j]!;
        if (bOff) Jd[row + bOff[t]! + i] = c1 + c2 * sumA[i]! + c3 * sumB[i]!;
      }
    }
  }

  return alphaTop;
}

/** The layers below the top hidden one: adjoints through BN, outputs in chunks. */
function fillLowerLayers(
  ctx: JacobianContext,
  alphaTop: Float64Array,
  chunkOutputs: number | undefined,
): void {
  const { weights, widths, gamma, layers, n, k, p, Jd, wOff, bnOff, bOff, input, slopes } = ctx;
  const L = weights.length;
  const t = L - 2;
  const { hat } = layers[t]!;
  const m = widths[t]!;
  const sp = slopes(t);
  const nk = n * k;
  // lower layers, chunks of outputs
  const maxM = Math.max(...widths);
  const chunk = Math.max(1, Math.min(nk, chunkOutputs ?? Math.floor(CHUNK_DOUBLES / (n * maxM))));
  for (let o0 = 0; o0 < nk; o0 += chunk) {
    const B_ = Math.min(chunk, nk - o0);
    const span = B_ * n;
    // Δ at the top hidden layer, layout [i][o][r]
    let D = zeros(m, span);
    for (let i = 0; i < m; i++) {
      for (let ol = 0; ol < B_; ol++) {
        const o = o0 + ol;
        const q = Math.floor(o / k);
        const c = o - q * k;
        const a = alphaTop[c * m + i]!;
        const hqi = hat.data[q * m + i]!;
        const base = i * span + ol * n;
        for (let r = 0; r < n; r++) {
          const v = (r === q ? 1 : 0) - 1 / n - (hat.data[r * m + i]! * hqi) / n;
          D.data[base + r] = a * sp[r * m + i]! * v;
        }
      }
    }
    for (let l = L - 3; l >= 0; l--) {
      const ml = widths[l]!;
      const G = product(weights[l + 1]!, D, true); // W̃ᵀΔ = ∂f/∂h_l, [i][o][r]
      const lay = layers[l]!;
      const spl = slopes(l);
      const g = gamma[l]!;
      for (let i = 0; i < ml; i++) {
        const inv = lay.invStd[i]!;
        const gi = g[i]!;
        for (let ol = 0; ol < B_; ol++) {
          const base = i * span + ol * n;
          let sumG = 0;
          let sumGH = 0;
          for (let r = 0; r < n; r++) {
            const v = G.data[base + r]!;
            sumG += v;
            sumGH += v * lay.hat.data[r * ml + i]!;
          }
          const row = (o0 + ol) * p;
          Jd[row + bnOff[l]! + i] = sumGH;
          Jd[row + bnOff[l]! + ml + i] = sumG;
          const mg = sumG / n;
          const mgh = sumGH / n;
          const s = gi * inv;
          let sumZ = 0;
          for (let r = 0; r < n; r++) {
            const e = r * ml + i;
            const v = s * (G.data[base + r]! - mg - lay.hat.data[e]! * mgh) * spl[e]!;
            G.data[base + r] = v;
            sumZ += v;
          }
          if (bOff) Jd[row + bOff[l]! + i] = sumZ; // ∂f/∂bˡ_i = Σ_r ∂f/∂z_l[r, i]
        }
      }
      // weight block: rows (i, o) of Δ·H
      const Hl = input(l);
      const cl = Hl.cols;
      const WB = product({ rows: ml * B_, cols: n, data: G.data }, Hl);
      for (let i = 0; i < ml; i++)
        for (let ol = 0; ol < B_; ol++)
          Jd.set(
            WB.data.subarray((i * B_ + ol) * cl, (i * B_ + ol + 1) * cl),
            (o0 + ol) * p + wOff[l]! + i * cl,
          );
      D = G;
    }
  }
}

/** The smaller of JJᵀ/n ('gram-nk') and JᵀJ/n ('gn-p') of a full-batch Jacobian. */
export function batchNormGram(J: Mat, n: number): { matrix: Mat; nk: boolean } {
  const nk = J.rows <= J.cols;
  const G = gemmGram(J, nk ? 'rows' : 'cols');
  const inv = 1 / n;
  const g = G.data;
  for (let i = 0; i < g.length; i++) g[i] = g[i]! * inv;
  return { matrix: G, nk };
}
