/**
 * The old per-entry GN paths of src/core/gn/nonlinear.ts, kept only as test oracles for the
 * structured assembly (src/core/gn/structuredGram.ts): back-propagation one (sample, output)
 * row at a time, J built entry by entry, JJᵀ/n in factored form, JᵀJ/n accumulated sample by
 * sample, and the §6 two-layer closed form n·K = (ΦᵀΦ) ⊗ I_k + Σ_i (D_i X_cᵀX_c D_i) ⊗ (w_i w_iᵀ)
 * entry by entry (docs/gn-math.md §2, §6). Scalar loops, no shared kernel with the fast paths.
 */
import { activate, activateDerivative } from '../../src/core/gn/jacobian';
import type { TwoLayerParts } from '../../src/core/gn/nonlinear';
import { zeros, type Mat } from '../../src/core/linalg/matrix';
import type { Activation } from '../../src/core/types';

/** Per-sample forward and backward quantities, stacked over samples. */
interface Propagated {
  /** H[l] = inputs of layer l+1 for every sample: n × m_l (H[0] = X) */
  H: Mat[];
  /** A[l] = Δ_{l+1} rows for every (sample, output): (n·k) × m_{l+1}, row q·k + c */
  A: Mat[];
}

/**
 * Forward and back-propagation for all samples: Δ_L = I_k, Δ_l = (Δ_{l+1} W̃^{l+1}) ⊙ σ'(z_l).
 * The Jacobian row (q, c) restricted to Wˡ is A[l−1][(q,c), :] ⊗ H[l−1][q, :]. O(n·k·p).
 */
function propagate(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
): Propagated {
  const L = weights.length;
  const n = X.rows;
  const k = weights[L - 1]!.rows;
  const H: Mat[] = [X];
  const Z: Mat[] = [];
  for (let l = 0; l < L - 1; l++) {
    const w = weights[l]!;
    const prev = H[l]!;
    const z = zeros(n, w.rows);
    const h = zeros(n, w.rows);
    for (let q = 0; q < n; q++) {
      for (let i = 0; i < w.rows; i++) {
        let s = 0;
        for (let j = 0; j < w.cols; j++)
          s += w.data[i * w.cols + j]! * prev.data[q * prev.cols + j]!;
        z.data[q * w.rows + i] = s;
        h.data[q * w.rows + i] = activate(s, activation, alpha);
      }
    }
    Z.push(z);
    H.push(h);
  }
  const A: Mat[] = new Array<Mat>(L);
  const top = zeros(n * k, k);
  for (let q = 0; q < n; q++) for (let c = 0; c < k; c++) top.data[(q * k + c) * k + c] = 1;
  A[L - 1] = top;
  for (let l = L - 1; l >= 1; l--) {
    const w = weights[l]!; // m_{l+1} × m_l (0-based layer l+1)
    const upper = A[l]!;
    const z = Z[l - 1]!;
    const lower = zeros(n * k, w.cols);
    for (let row = 0; row < n * k; row++) {
      const q = Math.floor(row / k);
      for (let a = 0; a < w.rows; a++) {
        const da = upper.data[row * w.rows + a]!;
        if (da === 0) continue;
        for (let b = 0; b < w.cols; b++)
          lower.data[row * w.cols + b] =
            lower.data[row * w.cols + b]! + da * w.data[a * w.cols + b]!;
      }
      for (let b = 0; b < w.cols; b++) {
        lower.data[row * w.cols + b] =
          lower.data[row * w.cols + b]! *
          activateDerivative(z.data[q * w.cols + b]!, activation, alpha);
      }
    }
    A[l - 1] = lower;
  }
  return { H, A };
}

/**
 * The explicit Jacobian J ((n·k) × p): rows sample-major (row q·k + c = output c of sample q),
 * columns layer by layer, each Wˡ flattened row-major (gn-math.md §1). O(n·k·p) memory.
 */
export function perEntryJacobian(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
): Mat {
  const n = X.rows;
  const k = weights[weights.length - 1]!.rows;
  const { H, A } = propagate(weights, X, activation, alpha);
  let p = 0;
  for (const w of weights) p += w.rows * w.cols;
  const J = zeros(n * k, p);
  let offset = 0;
  weights.forEach((w, l) => {
    const a = A[l]!;
    const h = H[l]!;
    for (let row = 0; row < n * k; row++) {
      const q = Math.floor(row / k);
      for (let i = 0; i < w.rows; i++) {
        const ai = a.data[row * a.cols + i]!;
        if (ai === 0) continue;
        const base = row * p + offset + i * w.cols;
        for (let j = 0; j < w.cols; j++) J.data[base + j] = ai * h.data[q * h.cols + j]!;
      }
    }
    offset += w.rows * w.cols;
  });
  return J;
}

/** Row Gram of a matrix: M Mᵀ (rows × rows). */
function rowGram(m: Mat): Float64Array {
  const { rows, cols, data } = m;
  const g = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++)
    for (let j = i; j < rows; j++) {
      let s = 0;
      for (let t = 0; t < cols; t++) s += data[i * cols + t]! * data[j * cols + t]!;
      g[i * rows + j] = s;
      g[j * rows + i] = s;
    }
  return g;
}

/**
 * K = JJᵀ/n (nk × nk) as Σ_l (A_l A_lᵀ) ∘ ((H_{l−1} H_{l−1}ᵀ) ⊗ 1_k 1_kᵀ) / n: entry
 * ((q,c),(q',c')) = Σ_l ⟨Δ_l^{(q)}[c,:], Δ_l^{(q')}[c',:]⟩ · ⟨h_{l−1}^{(q)}, h_{l−1}^{(q')}⟩ / n.
 * O((nk)²·Σ_l m_l + n²·Σ_l m_{l−1}) instead of (nk)²·p for JJᵀ.
 */
export function factoredGramNk(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
): Mat {
  const n = X.rows;
  const k = weights[weights.length - 1]!.rows;
  const N = n * k;
  const { H, A } = propagate(weights, X, activation, alpha);
  const K = zeros(N, N);
  for (let l = 0; l < weights.length; l++) {
    const dd = rowGram(A[l]!);
    const hh = rowGram(H[l]!);
    for (let r = 0; r < N; r++) {
      const q = Math.floor(r / k);
      for (let s = 0; s < N; s++)
        K.data[r * N + s] =
          K.data[r * N + s]! + (dd[r * N + s]! * hh[q * n + Math.floor(s / k)]!) / n;
    }
  }
  return K;
}

/**
 * G = JᵀJ/n (p × p) accumulated one sample at a time (J_q is k × p). O(n·k·p²), memory p².
 */
export function gnFromSamples(
  weights: readonly Mat[],
  X: Mat,
  activation: Activation,
  alpha: number,
): Mat {
  const n = X.rows;
  const k = weights[weights.length - 1]!.rows;
  const { H, A } = propagate(weights, X, activation, alpha);
  const offsets: number[] = [];
  let p = 0;
  for (const w of weights) {
    offsets.push(p);
    p += w.rows * w.cols;
  }
  const G = zeros(p, p);
  const row = new Float64Array(p);
  for (let q = 0; q < n; q++) {
    for (let c = 0; c < k; c++) {
      // J row (q, c): layer l block = A_l[(q,c), :] ⊗ H_{l−1}[q, :]
      weights.forEach((w, l) => {
        const a = A[l]!;
        const h = H[l]!;
        const base = offsets[l]!;
        for (let i = 0; i < w.rows; i++) {
          const ai = a.data[(q * k + c) * a.cols + i]!;
          for (let j = 0; j < w.cols; j++)
            row[base + i * w.cols + j] = ai * h.data[q * h.cols + j]!;
        }
      });
      for (let i = 0; i < p; i++) {
        const ri = row[i]!;
        if (ri === 0) continue;
        const gi = i * p;
        for (let j = i; j < p; j++) G.data[gi + j] = G.data[gi + j]! + ri * row[j]!;
      }
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      const v = G.data[i * p + j]! / n;
      G.data[i * p + j] = v;
      G.data[j * p + i] = v;
    }
  }
  return G;
}

/**
 * The §6 closed form n·K = (ΦᵀΦ) ⊗ I_k + Σ_i (D_i X_cᵀX_c D_i) ⊗ (w_i w_iᵀ), returned as K = JJᵀ/n
 * (divided by n), row index q·k + c (sample-major, like J). O(n²·k²·m).
 */
export function twoLayerGram(parts: TwoLayerParts, W: Mat): Mat {
  const { phiGram, dataGram, slope } = parts;
  const n = phiGram.rows;
  const m = W.cols;
  const k = W.rows;
  const N = n * k;
  const K = zeros(N, N);
  const coef = new Float64Array(k * k);
  for (let q = 0; q < n; q++) {
    for (let qp = q; qp < n; qp++) {
      // Σ_i s_iq s_iq' w_i w_iᵀ (k × k)
      coef.fill(0);
      for (let i = 0; i < m; i++) {
        const s = slope.data[i * n + q]! * slope.data[i * n + qp]!;
        if (s === 0) continue;
        for (let c = 0; c < k; c++) {
          const wc = s * W.data[c * m + i]!;
          for (let cp = 0; cp < k; cp++)
            coef[c * k + cp] = coef[c * k + cp]! + wc * W.data[cp * m + i]!;
        }
      }
      const g = dataGram.data[q * n + qp]!;
      const f = phiGram.data[q * n + qp]!;
      for (let c = 0; c < k; c++)
        for (let cp = 0; cp < k; cp++) {
          const v = (g * coef[c * k + cp]! + (c === cp ? f : 0)) / n;
          K.data[(q * k + c) * N + qp * k + cp] = v;
          K.data[(qp * k + cp) * N + q * k + c] = v;
        }
    }
  }
  return K;
}

/** A (residual-free) MLP with biases on plain nested arrays, for {@link forwardModeJacobian}. */
export interface BiasNet {
  /** effective weights Wˡ as rows (m_l × m_{l−1}) */
  W: number[][][];
  /** biases bˡ (length m_l), one per layer */
  b: number[][];
  activation: Activation;
  alpha: number;
}

/**
 * The explicit Jacobian of f(x) = Wᴸ σ(… σ(W¹x + b¹) …) + bᴸ by forward mode (one tangent per
 * parameter, scalar loops, no back-propagation), columns W¹ … Wᴸ row-major, then b¹ … bᴸ
 * (docs/gn-math.md §11). The test oracle for the bias columns of the structured assembly.
 */
export function forwardModeJacobian(net: BiasNet, X: number[][]): number[][] {
  const { W, b, activation, alpha } = net;
  const L = W.length;
  const slope = activation === 'relu' ? 0 : alpha;
  const act = (z: number): number => (activation === 'linear' || z > 0 ? z : slope * z);
  const dact = (z: number): number => (activation === 'linear' || z > 0 ? 1 : slope);
  /** tangent of f(x) along one parameter: ('W', l, i, j) or ('b', l, i, −1) */
  const tangent = (x: number[], kind: 'W' | 'b', layer: number, a: number, c: number): number[] => {
    let h = x.slice();
    let dh = x.map(() => 0);
    for (let l = 0; l < L; l++) {
      const w = W[l]!;
      const z = w.map((row, i) => row.reduce((s, v, j) => s + v * h[j]!, b[l]![i]!));
      const dz = w.map((row) => row.reduce((s, v, j) => s + v * dh[j]!, 0));
      if (l === layer) dz[a] = dz[a]! + (kind === 'W' ? h[c]! : 1);
      if (l === L - 1) return dz;
      h = z.map(act);
      dh = dz.map((v, i) => dact(z[i]!) * v);
    }
    return dh;
  };
  const columns: number[][] = [];
  W.forEach((w, l) =>
    w.forEach((row, i) =>
      row.forEach((_, j) => columns.push(X.flatMap((x) => tangent(x, 'W', l, i, j)))),
    ),
  );
  b.forEach((bl, l) =>
    bl.forEach((_, i) => columns.push(X.flatMap((x) => tangent(x, 'b', l, i, -1)))),
  );
  return Array.from({ length: columns[0]!.length }, (_, r) => columns.map((col) => col[r]!));
}
