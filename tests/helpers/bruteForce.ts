/**
 * The independent brute-force path (issue 2 item 3): the explicit Jacobian J (n·k × p) by
 * forward-mode differentiation, one parameter at a time, on plain nested arrays, and the
 * eigenvalues of JᵀJ/n by ml-matrix's EVD. Shares no code with src/core's fast paths (no
 * Kronecker products, no back-propagation, no own eigensolver). Only for small networks.
 * The 1-D linear CNN's J comes from a naive convolution by exact differences (it is linear in
 * each parameter).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface BruteNet {
  /** raw weights Wˡ as rows (m_l × m_{l−1}) */
  weights: number[][][];
  beta: number;
  skip: 'all' | 'hidden';
  activation: 'linear' | 'relu' | 'leaky_relu';
  alpha: number;
}

function effective(net: BruteNet): number[][][] {
  const L = net.weights.length;
  return net.weights.map((W, i) => {
    const l = i + 1;
    const rows = W.length;
    const cols = W[0]!.length;
    const skip = net.beta !== 0 && (net.skip === 'all' || (l > 1 && l < L && rows === cols));
    return W.map((row, r) => row.map((v, c) => (skip && r === c ? v + net.beta : v)));
  });
}

function sigma(net: BruteNet, z: number): number {
  if (net.activation === 'linear') return z;
  return z > 0 ? z : (net.activation === 'relu' ? 0 : net.alpha) * z;
}

function sigmaPrime(net: BruteNet, z: number): number {
  if (net.activation === 'linear') return 1;
  return z > 0 ? 1 : net.activation === 'relu' ? 0 : net.alpha;
}

/**
 * Output f(x) and its derivative along the perturbation Wˡ ← Wˡ + t·E_{ab} (forward mode).
 */
function forwardTangent(
  net: BruteNet,
  eff: number[][][],
  x: number[],
  layer: number,
  a: number,
  b: number,
): number[] {
  let h = x.slice();
  let dh = x.map(() => 0);
  const L = eff.length;
  for (let l = 0; l < L; l++) {
    const W = eff[l]!;
    const z = W.map((row) => row.reduce((s, w, j) => s + w * h[j]!, 0));
    const dz = W.map((row) => row.reduce((s, w, j) => s + w * dh[j]!, 0));
    if (l === layer) dz[a] = dz[a]! + h[b]!;
    if (l === L - 1) return dz;
    h = z.map((v) => sigma(net, v));
    dh = dz.map((v, i) => sigmaPrime(net, z[i]!) * v);
  }
  return dh;
}

/** Explicit J (n·k × p): rows sample-major (i·k + c), columns layer by layer, Wˡ row-major. */
export function bruteJacobian(net: BruteNet, X: number[][]): number[][] {
  const eff = effective(net);
  const k = eff[eff.length - 1]!.length;
  const columns: number[][] = [];
  eff.forEach((W, l) => {
    for (let a = 0; a < W.length; a++)
      for (let b = 0; b < W[0]!.length; b++) {
        const col: number[] = [];
        for (const x of X) col.push(...forwardTangent(net, eff, x, l, a, b));
        columns.push(col);
      }
  });
  const rows = X.length * k;
  return Array.from({ length: rows }, (_, r) => columns.map((col) => col[r]!));
}

/** Eigenvalues of JᵀJ/n (p × p) by ml-matrix, descending. */
export function bruteGnEigenvalues(J: number[][], n: number): number[] {
  const Jm = new Matrix(J);
  const G = Jm.transpose().mmul(Jm).div(n);
  // symmetrise the rounding so the EVD takes its symmetric path
  const S = G.add(G.transpose()).div(2);
  const evd = new EigenvalueDecomposition(S, { assumeSymmetric: true });
  return [...evd.realEigenvalues].sort((x, y) => y - x);
}

/** κ and rank of a descending spectrum with the rtol·λ_max cut-off (gn-math.md §1). */
export function kappaAndRank(
  desc: number[],
  rtol: number,
): { kappa: number; rank: number; kept: number[] } {
  const top = desc[0] ?? 0;
  const kept = desc.filter((v) => top > 0 && v > rtol * top);
  return {
    kappa: kept.length ? kept[0]! / kept[kept.length - 1]! : Infinity,
    rank: kept.length,
    kept,
  };
}

/** A net with biases hˡ = σ(W̃ˡhˡ⁻¹ + bˡ) (gn-math.md §11); bˡ of length m_l, one per layer. */
export interface BruteBiasNet extends BruteNet {
  biases: number[][];
}

/**
 * Output and its derivative along one parameter of a net with biases (forward mode): the weight
 * Wˡ_{ab} (`bias` false) or the bias bˡ_a (`bias` true, b ignored).
 */
function forwardTangentBias(
  net: BruteBiasNet,
  eff: number[][][],
  x: number[],
  param: { layer: number; a: number; b: number; bias: boolean },
): number[] {
  let h = x.slice();
  let dh = x.map(() => 0);
  const L = eff.length;
  for (let l = 0; l < L; l++) {
    const W = eff[l]!;
    const bl = net.biases[l]!;
    const z = W.map((row, i) => row.reduce((s, w, j) => s + w * h[j]!, bl[i]!));
    const dz = W.map((row) => row.reduce((s, w, j) => s + w * dh[j]!, 0));
    if (l === param.layer) dz[param.a] = dz[param.a]! + (param.bias ? 1 : h[param.b]!);
    if (l === L - 1) return dz;
    h = z.map((v) => sigma(net, v));
    dh = dz.map((v, i) => sigmaPrime(net, z[i]!) * v);
  }
  return dh;
}

/**
 * Explicit J (n·k × p) of a net with biases: the weight columns as in {@link bruteJacobian},
 * then the bias columns ∂f/∂bˡ, layer by layer.
 */
export function bruteJacobianWithBiases(net: BruteBiasNet, X: number[][]): number[][] {
  const eff = effective(net);
  const k = eff[eff.length - 1]!.length;
  const columns: number[][] = [];
  const column = (param: { layer: number; a: number; b: number; bias: boolean }): void => {
    const col: number[] = [];
    for (const x of X) col.push(...forwardTangentBias(net, eff, x, param));
    columns.push(col);
  };
  eff.forEach((W, layer) => {
    for (let a = 0; a < W.length; a++)
      for (let b = 0; b < W[0]!.length; b++) column({ layer, a, b, bias: false });
  });
  eff.forEach((W, layer) => {
    for (let a = 0; a < W.length; a++) column({ layer, a, b: 0, bias: true });
  });
  const rows = X.length * k;
  return Array.from({ length: rows }, (_, r) => columns.map((col) => col[r]!));
}

/** Naive cross-correlation of a multi-channel signal: out[o][t] = Σ_i Σ_j w[o][i][j]·x[i][t+j]. */
function conv(x: number[][], w: number[][][]): number[][] {
  const K = w[0]![0]!.length;
  const len = x[0]!.length - K + 1;
  return w.map((wo) =>
    Array.from({ length: len }, (_, t) =>
      wo.reduce((s, wi, i) => s + wi.reduce((u, v, j) => u + v * x[i]![t + j]!, 0), 0),
    ),
  );
}

function cnnForward(kernels: number[][][][], readout: number[][], signal: number[]): number[] {
  let h = [signal];
  for (const w of kernels) h = conv(h, w);
  const flat = h.flat(); // channel-major
  return readout.map((row) => row.reduce((s, v, j) => s + v * flat[j]!, 0));
}

/** J over (kernel entries…, readout entries) by exact forward-mode differences of a linear map. */
export function bruteCnnJacobian(
  kernels: number[][][][],
  readout: number[][],
  X: number[][],
): number[][] {
  const cols: number[][] = [];
  const outputs = (ks: number[][][][], r: number[][]): number[] =>
    X.flatMap((x) => cnnForward(ks, r, x));
  // The net is linear in each parameter separately, so f(θ + e) − f(θ) is the exact column.
  const base = outputs(kernels, readout);
  kernels.forEach((w, l) =>
    w.forEach((wo, o) =>
      wo.forEach((wi, i) =>
        wi.forEach((_, j) => {
          const ks = structuredClone(kernels);
          ks[l]![o]![i]![j] = ks[l]![o]![i]![j]! + 1;
          cols.push(outputs(ks, readout).map((v, r) => v - base[r]!));
        }),
      ),
    ),
  );
  readout.forEach((row, a) =>
    row.forEach((_, b) => {
      const r = structuredClone(readout);
      r[a]![b] = r[a]![b]! + 1;
      cols.push(outputs(kernels, r).map((v, t) => v - base[t]!));
    }),
  );
  return base.map((_, r) => cols.map((c) => c[r]!));
}
