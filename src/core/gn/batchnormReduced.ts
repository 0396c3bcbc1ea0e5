/**
 * Exact reduced GN matrix of a linear MLP with batch norm after every hidden layer
 * (docs/gn-math.md §8), for any depth L ≥ 2. Its side is k(r+1), r = rank of the centred
 * covariance C of X: independent of n and of the widths.
 *
 * Derivation (written out so docs/gn-math.md §8 can carry it). Notation: X̄ the batch mean,
 * C = (X − X̄)ᵀ(X − X̄)/n, F (d × r) with FFᵀ = C (src/core/data/synthetic.ts sigmaInfo of the
 * centred X; F = V_r Λ_r^{1/2}), F̃ = blkdiag(F, 1), x̃_q = [x_q − x̄; 1].
 *
 * 1. Every hidden layer is affine in x̃ on the batch. Write h_l(x_q) = [U_l, c_l] x̃_q. Then
 *    a_{l+1} = W̃^{l+1}[U_l, c_l] x̃_q, whose batch mean is the constant column (the centred part
 *    averages to 0), whose centred part is V_{l+1}(x_q − x̄) with V_{l+1} = W̃^{l+1}U_l, and whose
 *    biased variance per unit j is v_jᵀ C v_j. So BN gives
 *    U_{l+1} = diag(γ) N(V_{l+1}), rows n_j = v_j / s_j, s_j = (v_jᵀCv_j + ε)^{1/2}, c_{l+1} = β,
 *    and f(x_q) = B x̃_q, B = [Wᴸ U_{L−1}, Wᴸ β_{L−1}]. The constant columns c_l of the layers
 *    below are subtracted by the next batch mean: β of every hidden layer but the top one is a
 *    null direction of the GN.
 * 2. J_q = (I_k ⊗ x̃_qᵀ) Z with Z = ∂vec_r(B)/∂θ, so JᵀJ/n = Zᵀ(I_k ⊗ Σ̃)Z, Σ̃ = X̃ᵀX̃/n =
 *    blkdiag(C, 1) (the centred columns average to 0), and M = Σ_θ vec(∂B̂/∂θ) vec(∂B̂/∂θ)ᵀ with
 *    B̂ = B F̃ (k × (r+1)) has the non-zero spectrum of JᵀJ/n (gn-math.md §2 with F̃ for Σ̃^{1/2}).
 * 3. Whitened coordinates make the whole network r-dimensional: Û_l = U_l F, Û_0 = F,
 *    V̂_{l+1} = W̃^{l+1} Û_l, s_j² = |v̂_j|² + ε, ν_j = v̂_j / s_j (= Fᵀn_j), Û_{l+1} = diag(γ) N̂.
 *    BN's differential: Fᵀ dn_j = (1/s_j) P_j dv̂_j with P_j = I − ν_jν_jᵀ (from
 *    dn = (1/s)(I − n(Cn)ᵀ)dv and FᵀC = (FᵀF)Fᵀ). P_j is not a projector: |ν_j|² < 1 because of
 *    ε, so the radial direction keeps the weight ε/s_j².
 * 4. Top hidden layer (width m, w_j = Wᴸ_{:j} ∈ R^k, Ĝ = Û_{L−2}ᵀÛ_{L−2}, r × r; Ĝ = Λ for L = 2):
 *      Wᴸ:        I_k ⊗ R̂ᵀR̂,  R̂ = [Û_{L−1}, β]               (rows [γ_jν_jᵀ, β_j])
 *      β:         (WᴸWᴸᵀ) ⊗ eeᵀ
 *      γ_j:       (w_jw_jᵀ) ⊗ ν̃_jν̃_jᵀ,  ν̃_j = [ν_j; 0]
 *      W̃^{L−1}_j: (w_jw_jᵀ) ⊗ (γ_j²/s_j²) [P_j Ĝ P_j, 0; 0, 0]
 *    and P_jĜP_j = Ĝ − ν_j(Ĝν_j)ᵀ − (Ĝν_j)ν_jᵀ + (ν_jᵀĜν_j)ν_jν_jᵀ, so with b_j = γ_j²/s_j²,
 *    a_j = 1 + b_j ν_jᵀĜν_j and, per output pair (c, c'), ω_j = W_{cj}W_{c'j},
 *      block_{cc'} = A(ω⊙a) + (Σ_j ω_jb_j) Ĝ − A(ω⊙b)Ĝ − ĜA(ω⊙b),  A(ω) = Σ_j ω_j ν_jν_jᵀ.
 *    All k(k+1)/2 weighted Grams A(·) are one matrix product (2·k(k+1)/2 × m)·(m × r(r+1)/2):
 *    O(m k² r²) flops, linear in the width, no p-sized Z.
 * 5. Deeper hidden layers l < L−1 (their β is null, step 1): back-propagate the k·r adjoints
 *    Ḡ^{(c,a)} = ∂B̂_{ca}/∂Û (an m_l × r matrix each) from the top, where Ḡ_Û = w_c e_aᵀ, through
 *    BN (Ḡ_V̂[j,:] = (γ_j/s_j) Ḡ_Û[j,:] P_j) and the weights (Ḡ_Û_{l−1} = W̃ˡᵀ Ḡ_V̂_l). Layer l adds
 *      γ_l:  ΓΓᵀ, Γ[(c,a), j] = Ḡ_Û_l^{(c,a)}[j,:]·ν_j
 *      W̃ˡ:  Σ_j Ḡ_V̂_l[j,:] Ĝ_{l−1} Ḡ_V̂_l[j,:]ᵀ over (c,a) × (c',a'),  Ĝ_{l−1} = Û_{l−1}ᵀÛ_{l−1}
 *    to the x-part (a, a' < r) of M: O(k r² Σ_l m_l m_{l−1} + (kr)² Σ_l m_l r) flops and
 *    O(k r² m_l) memory per layer. No closed Kronecker form exists below the top layer: the
 *    row-dependent P_j of the layers above do not factor out of the sum over units.
 * 6. Rank at γ = 1, β = 0 (generic weights): the x-part of the tangent of B̂ is the tangent of a
 *    deep linear chain (P_j acts as the identity modulo the row space the γ and W̃ directions
 *    already span), q(r + k − q) with q = min(k, r, m_1, …, m_{L−1}) (gn-math.md §3 with s = r),
 *    and the constant column adds Wᴸdβ: min(k, m_{L−1}) more. With no bottleneck: k(r+1).
 * 7. Biases (gn-math.md §11): a hidden layer's bias is removed by the batch mean that follows it
 *    (W̃x + b − mean(W̃x + b) = W̃x − mean(W̃x)), so it changes neither B nor any derivative: its
 *    columns in J are exactly 0 and the reduced form is unchanged for those layers. The readout's
 *    bias gives B = [Wᴸ U_{L−1}, Wᴸ β_{L−1} + bᴸ] and ∂B̂/∂bᴸ_c = e_c eᵀ (F̃ keeps the constant
 *    coordinate), so M gains I_k ⊗ e eᵀ, e = e_{r+1}. Rank: the constant column is then spanned by
 *    Wᴸdβ + dbᴸ, all of R^k, so q(r + k − q) + k.
 */
import { sigmaInfo } from '../data/synthetic';
import { gemm, gemmProduct as product, view } from '../linalg/gemm';
import { zeros, type Mat } from '../linalg/matrix';
import { BN_EPS } from './batchnorm';

/** The centred covariance's factor F (d × r, FFᵀ = C) and its rank r (docs/gn-math.md §8). */
export function centredFactor(X: Mat): { F: Mat; r: number } {
  const { rows: n, cols: d } = X;
  const mean = new Float64Array(d);
  for (let q = 0; q < n; q++) for (let a = 0; a < d; a++) mean[a] = mean[a]! + X.data[q * d + a]!;
  for (let a = 0; a < d; a++) mean[a] = mean[a]! / n;
  const Xc = zeros(n, d);
  for (let q = 0; q < n; q++)
    for (let a = 0; a < d; a++) Xc.data[q * d + a] = X.data[q * d + a]! - mean[a]!;
  const info = sigmaInfo(Xc);
  return { F: info.factor, r: info.rank };
}

/**
 * The rank of the batch-norm GN of a linear net at γ = 1, β = 0 for generic weights (header,
 * step 6): q(r + k − q) + min(k, m_{L−1}), q = min(k, r, m_1, …, m_{L−1}); with biases the
 * readout's bias makes the constant column's part k (step 7).
 */
export function batchNormRankTheory(
  r: number,
  k: number,
  widths: readonly number[],
  bias = false,
): number {
  const q = Math.min(k, r, ...widths);
  return q * (r + k - q) + (bias ? k : Math.min(k, widths[widths.length - 1]!));
}

interface HiddenLayer {
  /** ν rows (m × r) */
  nu: Mat;
  /** 1/s_j */
  invS: Float64Array;
  /** Û_{l−1}ᵀÛ_{l−1}: the Gram of this layer's whitened input (r × r) */
  gIn: Mat;
}

/**
 * The k(r+1) × k(r+1) reduced matrix M of docs/gn-math.md §8 (header of this file) for effective
 * weights W̃¹…W̃ᴸ (L ≥ 2) on the batch X, at the given γ, β per hidden layer (default 1 and 0).
 * Rows and columns (c, a): output c, whitened input coordinate a < r, a = r the constant. With
 * `bias` (biases on every layer), the readout's bias adds I_k ⊗ eeᵀ (header, step 7); the hidden
 * biases are null directions and their values do not enter.
 */
export function reducedBatchNormMatrix(
  weights: readonly Mat[],
  X: Mat,
  gammaIn?: readonly Float64Array[],
  betaIn?: readonly Float64Array[],
  bias = false,
): { M: Mat; r: number } {
  const L = weights.length;
  if (L < 2) throw new Error('the batch-norm reduction needs a hidden layer (L ≥ 2)');
  const top = weights[L - 1]!;
  const k = top.rows;
  const widths = weights.slice(0, -1).map((w) => w.rows);
  const gamma = gammaIn ?? widths.map((m) => new Float64Array(m).fill(1));
  const beta = betaIn ?? widths.map((m) => new Float64Array(m));
  const { F, r } = centredFactor(X);
  const s1 = r + 1;
  const M = zeros(k * s1, k * s1);

  // Forward in whitened coordinates (header, step 3).
  const layers: HiddenLayer[] = [];
  let U = F;
  for (let l = 0; l < L - 1; l++) {
    const gIn = product(U, U, true);
    const V = product(weights[l]!, U);
    const m = V.rows;
    const invS = new Float64Array(m);
    const g = gamma[l]!;
    const next = zeros(m, r);
    for (let j = 0; j < m; j++) {
      let ss = 0;
      for (let a = 0; a < r; a++) ss += V.data[j * r + a]! ** 2;
      const inv = 1 / Math.sqrt(ss + BN_EPS);
      invS[j] = inv;
      for (let a = 0; a < r; a++) {
        const v = V.data[j * r + a]! * inv;
        V.data[j * r + a] = v;
        next.data[j * r + a] = g[j]! * v;
      }
    }
    layers.push({ nu: V, invS, gIn });
    U = next;
  }

  addTopLayer(M, top, U, beta[L - 2]!, gamma[L - 2]!, layers[L - 2]!, r);
  if (L > 2) addLowerLayers(M, weights, gamma, layers, r);
  if (bias) for (let c = 0; c < k; c++) add(M.data, (c * s1 + r) * (k * s1) + c * s1 + r, 1);
  return { M, r };
}

/** Step 4 of the header: the top hidden layer's W̃, γ, β and the readout Wᴸ, Kronecker-structured. */
function addTopLayer(
  M: Mat,
  W: Mat,
  Utop: Mat,
  beta: Float64Array,
  gamma: Float64Array,
  { nu, invS, gIn: G }: HiddenLayer,
  r: number,
): void {
  const k = W.rows;
  const m = W.cols;
  const s1 = r + 1;
  const N = k * s1;
  const D = M.data;
  // Wᴸ: I_k ⊗ R̂ᵀR̂
  const R = zeros(m, s1);
  for (let j = 0; j < m; j++) {
    for (let a = 0; a < r; a++) R.data[j * s1 + a] = Utop.data[j * r + a]!;
    R.data[j * s1 + r] = beta[j]!;
  }
  const RtR = product(R, R, true);
  for (let c = 0; c < k; c++)
    for (let a = 0; a < s1; a++)
      for (let b = 0; b < s1; b++) add(D, (c * s1 + a) * N + c * s1 + b, RtR.data[a * s1 + b]!);

  // per-unit weights a_j, b_j
  const aw = new Float64Array(m);
  const bw = new Float64Array(m);
  const Gnu = product(nu, G); // rows (Ĝν_j)ᵀ, Ĝ symmetric
  for (let j = 0; j < m; j++) {
    let quad = 0;
    for (let a = 0; a < r; a++) quad += Gnu.data[j * r + a]! * nu.data[j * r + a]!;
    const b = (gamma[j]! * invS[j]!) ** 2;
    bw[j] = b;
    aw[j] = 1 + b * quad;
  }
  // output pairs c ≤ c' (plain loops over typed arrays: no closures in the hot path)
  const P = (k * (k + 1)) / 2;
  const pairC = new Int32Array(P);
  const pairCp = new Int32Array(P);
  for (let c = 0, t = 0; c < k; c++)
    for (let cp = c; cp < k; cp++, t++) {
      pairC[t] = c;
      pairCp[t] = cp;
    }
  const S = (r * (r + 1)) / 2;
  // Ω (2P × m): rows ω⊙a and ω⊙b per pair; Nsym (m × S): ν_{ja}ν_{ja'} for a ≤ a'.
  const Omega = zeros(2 * P, m);
  const tCoef = new Float64Array(P);
  const betaSum = new Float64Array(P);
  for (let t = 0; t < P; t++) {
    const c = pairC[t]!;
    const cp = pairCp[t]!;
    let tc = 0;
    let bs = 0;
    for (let j = 0; j < m; j++) {
      const w = W.data[c * m + j]! * W.data[cp * m + j]!;
      Omega.data[2 * t * m + j] = w * aw[j]!;
      Omega.data[(2 * t + 1) * m + j] = w * bw[j]!;
      tc += w * bw[j]!;
      bs += w;
    }
    tCoef[t] = tc;
    betaSum[t] = bs;
  }
  const Nsym = zeros(m, S);
  for (let j = 0; j < m; j++) {
    const row = j * r;
    let o = j * S;
    for (let a = 0; a < r; a++) {
      const va = nu.data[row + a]!;
      for (let b = a; b < r; b++) Nsym.data[o++] = va * nu.data[row + b]!;
    }
  }
  const sums = product(Omega, Nsym);
  // every pair's A(ω⊙b)·Ĝ in one product: the A(ω⊙b) stacked as (P·r) × r
  const A2 = zeros(P * r, r);
  for (let t = 0; t < P; t++) unpackSym(sums.data, (2 * t + 1) * S, r, A2.data, t * r * r);
  const X = product(A2, G);
  const block = new Float64Array(r * r);
  for (let t = 0; t < P; t++) {
    const c = pairC[t]!;
    const cp = pairCp[t]!;
    unpackSym(sums.data, 2 * t * S, r, block, 0);
    const tc = tCoef[t]!;
    const x0 = t * r * r;
    for (let a = 0; a < r; a++)
      for (let b = 0; b < r; b++)
        block[a * r + b] =
          block[a * r + b]! +
          tc * G.data[a * r + b]! -
          X.data[x0 + a * r + b]! -
          X.data[x0 + b * r + a]!;
    for (let a = 0; a < r; a++)
      for (let b = 0; b < r; b++) {
        const v = block[a * r + b]!;
        add(D, (c * s1 + a) * N + cp * s1 + b, v);
        if (cp !== c) add(D, (cp * s1 + b) * N + c * s1 + a, v);
      }
    // β: (WWᵀ) ⊗ eeᵀ
    add(D, (c * s1 + r) * N + cp * s1 + r, betaSum[t]!);
    if (cp !== c) add(D, (cp * s1 + r) * N + c * s1 + r, betaSum[t]!);
  }
}

/**
 * A·Bᵀ for a product known to be symmetric (here A(I ⊗ Ĝ)Aᵀ and ΓΓᵀ): only the upper triangle
 * is multiplied (half the flops), then mirrored.
 */
function symmetricProduct(a: Mat, b: Mat): Mat {
  const N = a.rows;
  const c = zeros(N, N);
  gemm(N, N, a.cols, view(a), view(b), view(c), { transB: true, minDiag: 0 });
  const d = c.data;
  for (let i = 0; i < N; i++) for (let j = 0; j < i; j++) d[i * N + j] = d[j * N + i]!;
  return c;
}

function add(a: Float64Array, i: number, v: number): void {
  a[i] = a[i]! + v;
}

/** Writes the packed upper triangle (a ≤ b, row by row) at `src[off…]` as a full r × r matrix at `out[outOff…]`. */
function unpackSym(
  src: Float64Array,
  off: number,
  r: number,
  out: Float64Array,
  outOff: number,
): void {
  let o = off;
  for (let a = 0; a < r; a++)
    for (let b = a; b < r; b++) {
      const v = src[o++]!;
      out[outOff + a * r + b] = v;
      out[outOff + b * r + a] = v;
    }
}

/**
 * Step 5 of the header: the k·r adjoints back-propagated below the top hidden layer; each layer's
 * W̃ and γ contributions added to the x-part of M. Adjoints are stored unit-major, as an
 * m_l × (k·r·r) matrix with entry [j, ((c·r + a)·r + b)] = Ḡ^{(c,a)}[j, b], so the step through
 * the weights is one matrix product W̃ᵀ·T.
 */
function addLowerLayers(
  M: Mat,
  weights: readonly Mat[],
  gamma: readonly Float64Array[],
  layers: readonly HiddenLayer[],
  r: number,
): void {
  const L = weights.length;
  const W = weights[L - 1]!;
  const k = W.rows;
  const kr = k * r;
  const s1 = r + 1;
  const N = k * s1;
  const width = kr * r;
  // Ḡ_V̂ at the top hidden layer: (γ_j w_cj / s_j)(e_a − ν_{ja}ν_j)ᵀ
  const topL = layers[L - 2]!;
  const mTop = W.cols;
  let T = zeros(mTop, width);
  for (let j = 0; j < mTop; j++) {
    const nu = topL.nu.data;
    for (let c = 0; c < k; c++) {
      const alpha = gamma[L - 2]![j]! * W.data[c * mTop + j]! * topL.invS[j]!;
      for (let a = 0; a < r; a++) {
        const o = j * width + (c * r + a) * r;
        const na = nu[j * r + a]!;
        for (let b = 0; b < r; b++)
          T.data[o + b] = alpha * ((a === b ? 1 : 0) - na * nu[j * r + b]!);
      }
    }
  }
  for (let l = L - 3; l >= 0; l--) {
    const { nu, invS, gIn } = layers[l]!;
    const m = nu.rows;
    const GU = product(weights[l + 1]!, T, true); // W̃ᵀT, m × width: ∂B̂/∂Û_{l+1}
    const Gamma = zeros(kr, m);
    const A = zeros(kr, m * r); // Ḡ_V̂ as rows (c,a), columns (j, b)
    const g = gamma[l]!;
    for (let j = 0; j < m; j++) {
      const nj = j * r;
      const scale = g[j]! * invS[j]!;
      for (let ca = 0; ca < kr; ca++) {
        const o = j * width + ca * r;
        let dot = 0;
        for (let b = 0; b < r; b++) dot += GU.data[o + b]! * nu.data[nj + b]!;
        Gamma.data[ca * m + j] = dot;
        const dst = ca * m * r + nj;
        for (let b = 0; b < r; b++) {
          const v = scale * (GU.data[o + b]! - dot * nu.data[nj + b]!);
          A.data[dst + b] = v;
          GU.data[o + b] = v; // GU becomes Ḡ_V̂ in the unit-major layout for the next step
        }
      }
    }
    // W̃ˡ: A (I_m ⊗ Ĝ) Aᵀ; γ_l: ΓΓᵀ
    const Y = product({ rows: kr * m, cols: r, data: A.data }, gIn);
    const K = symmetricProduct({ rows: kr, cols: m * r, data: Y.data }, A);
    const KG = symmetricProduct(Gamma, Gamma);
    for (let ca = 0; ca < kr; ca++) {
      const row = (Math.floor(ca / r) * s1 + (ca % r)) * N;
      for (let cb = 0; cb < kr; cb++) {
        const col = Math.floor(cb / r) * s1 + (cb % r);
        M.data[row + col] = M.data[row + col]! + K.data[ca * kr + cb]! + KG.data[ca * kr + cb]!;
      }
    }
    T = GU;
  }
}
