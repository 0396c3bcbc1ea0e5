/**
 * Test oracle for batch norm (docs/gn-math.md §8): the full-batch Jacobian by forward mode
 * (dual numbers), one parameter at a time, on plain nested arrays. Exact up to rounding (no
 * truncation error, unlike finite differences), so it can check the reduced matrix to ~1e-9.
 * Shares no code with src/core: its own forward pass, BN tangent and parameter order
 * (W¹ … Wᴸ row-major, then γ¹, β¹, γ², β², …, as contract.md §2 and src/core/gn/batchnorm.ts;
 * with biases b¹ … bᴸ after them, a_l = σ(Wˡh + bˡ), f = Wᴸh + bᴸ, gn-math.md §11).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export type Act = 'linear' | 'relu' | 'leaky_relu';

export interface BnNet {
  /** effective weights Wˡ as rows (m_l × m_{l−1}) */
  W: number[][][];
  gamma: number[][];
  beta: number[][];
  /** biases bˡ (length m_l), one per layer; absent: no biases */
  b?: number[][];
  act: Act;
  alpha: number;
}

const EPS = 1e-5;

/** The perturbed parameter: a weight (layer, row, col) or γ / β (layer, unit). */
type Dir =
  | { kind: 'W'; l: number; i: number; j: number }
  | { kind: 'gamma' | 'beta' | 'bias'; l: number; i: number };

function directions(net: BnNet): Dir[] {
  const dirs: Dir[] = [];
  net.W.forEach((w, l) =>
    w.forEach((row, i) => row.forEach((_, j) => dirs.push({ kind: 'W', l, i, j }))),
  );
  net.gamma.forEach((g, l) => {
    g.forEach((_, i) => dirs.push({ kind: 'gamma', l, i }));
    g.forEach((_, i) => dirs.push({ kind: 'beta', l, i }));
  });
  net.b?.forEach((b, l) => b.forEach((_, i) => dirs.push({ kind: 'bias', l, i })));
  return dirs;
}

/** Outputs and their tangent along `dir` for the whole batch, sample-major (q·k + c). */
function tangent(net: BnNet, X: number[][], dir: Dir): { f: number[]; df: number[] } {
  const { W, act, alpha } = net;
  const slope = act === 'relu' ? 0 : alpha;
  const s = (z: number): number => (act === 'linear' || z > 0 ? z : slope * z);
  const ds = (z: number): number => (act === 'linear' || z > 0 ? 1 : slope);
  let H = X.map((x) => x.slice());
  let dH = X.map((x) => x.map(() => 0));
  const n = X.length;
  const L = W.length;
  for (let l = 0; l < L; l++) {
    const w = W[l]!;
    const bl = net.b?.[l];
    const Z = H.map((h) =>
      w.map((row, i) => row.reduce((acc, v, j) => acc + v * h[j]!, bl ? bl[i]! : 0)),
    );
    const dZ = dH.map((dh, q) =>
      w.map((row, i) => {
        let t = row.reduce((acc, v, j) => acc + v * dh[j]!, 0);
        if (dir.kind === 'W' && dir.l === l && dir.i === i) t += H[q]![dir.j]!;
        if (dir.kind === 'bias' && dir.l === l && dir.i === i) t += 1;
        return t;
      }),
    );
    if (l === L - 1) return { f: Z.flat(), df: dZ.flat() };
    const A = Z.map((z) => z.map(s));
    const dA = dZ.map((dz, q) => dz.map((v, i) => ds(Z[q]![i]!) * v));
    const m = w.length;
    const Hn = A.map((a) => a.slice());
    const dHn = dA.map((a) => a.slice());
    for (let i = 0; i < m; i++) {
      const mu = A.reduce((acc, a) => acc + a[i]!, 0) / n;
      const dmu = dA.reduce((acc, a) => acc + a[i]!, 0) / n;
      const v = A.reduce((acc, a) => acc + (a[i]! - mu) ** 2, 0) / n;
      const dv = A.reduce((acc, a, q) => acc + 2 * (a[i]! - mu) * (dA[q]![i]! - dmu), 0) / n;
      const sd = Math.sqrt(v + EPS);
      const dsd = dv / (2 * sd);
      const g = net.gamma[l]![i]!;
      const dg = dir.kind === 'gamma' && dir.l === l && dir.i === i ? 1 : 0;
      const db = dir.kind === 'beta' && dir.l === l && dir.i === i ? 1 : 0;
      for (let q = 0; q < n; q++) {
        const hat = (A[q]![i]! - mu) / sd;
        const dhat = (dA[q]![i]! - dmu) / sd - ((A[q]![i]! - mu) * dsd) / (sd * sd);
        Hn[q]![i] = g * hat + net.beta[l]![i]!;
        dHn[q]![i] = dg * hat + g * dhat + db;
      }
    }
    H = Hn;
    dH = dHn;
  }
  throw new Error('unreachable: the last layer returns');
}

/** The full-batch Jacobian (n·k × p) by forward mode, one column per parameter. */
export function dualJacobian(net: BnNet, X: number[][]): number[][] {
  const cols = directions(net).map((dir) => tangent(net, X, dir).df);
  const rows = cols[0]!.length;
  return Array.from({ length: rows }, (_, r) => cols.map((c) => c[r]!));
}

/** Network outputs on the batch (sample-major), from the same forward pass. */
export function bnOutputs(net: BnNet, X: number[][]): number[] {
  return tangent(net, X, { kind: 'gamma', l: -1, i: -1 }).f;
}

/** Eigenvalues of JᵀJ/n (descending) by ml-matrix, through the smaller of JᵀJ and JJᵀ. */
export function oracleGnEigenvalues(J: number[][], n: number): number[] {
  const Jm = new Matrix(J);
  const G = J.length <= J[0]!.length ? Jm.mmul(Jm.transpose()) : Jm.transpose().mmul(Jm);
  const S = G.add(G.transpose()).div(2 * n);
  const evd = new EigenvalueDecomposition(S, { assumeSymmetric: true });
  return [...evd.realEigenvalues].sort((a, b) => b - a);
}
