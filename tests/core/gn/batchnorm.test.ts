/**
 * Batch normalisation (gn-math.md §8): the full-batch Jacobian against central finite
 * differences of an independent forward pass, the cross-sample terms, and the GN spectrum.
 */
import { describe, expect, it } from 'vitest';
import { batchNormJacobian, BN_EPS } from '../../../src/core/gn/batchnorm';
import { evaluate } from '../../../src/core/gn/evaluate';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import { fromRows } from '../../../src/core/linalg/matrix';
import { expectAllClose } from '../../helpers/allclose';
import { explicitConfig } from '../../helpers/configs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

type Act = 'linear' | 'relu' | 'leaky_relu';

/** Independent forward pass over plain arrays: every output of every sample. */
function bnForward(
  W: number[][][],
  gamma: number[][],
  beta: number[][],
  X: number[][],
  act: Act,
  alpha: number,
): number[] {
  const sigma = (z: number) => (act === 'linear' || z > 0 ? z : (act === 'relu' ? 0 : alpha) * z);
  let H = X.map((x) => x.slice());
  for (let l = 0; l < W.length - 1; l++) {
    const A = H.map((h) => W[l]!.map((row) => sigma(row.reduce((s, w, j) => s + w * h[j]!, 0))));
    const m = W[l]!.length;
    const n = A.length;
    H = A.map((a) => a.slice());
    for (let i = 0; i < m; i++) {
      const mean = A.reduce((s, a) => s + a[i]!, 0) / n;
      const v = A.reduce((s, a) => s + (a[i]! - mean) ** 2, 0) / n;
      for (let q = 0; q < n; q++)
        H[q]![i] = gamma[l]![i]! * ((A[q]![i]! - mean) / Math.sqrt(v + BN_EPS)) + beta[l]![i]!;
    }
  }
  const last = W[W.length - 1]!;
  return H.flatMap((h) => last.map((row) => row.reduce((s, w, j) => s + w * h[j]!, 0)));
}

describe('batch-norm Jacobian', () => {
  for (const act of ['linear', 'leaky_relu', 'relu'] as const) {
    it(`matches central finite differences, γ and β included (${act})`, () => {
      const config = explicitConfig({
        widths: [3, 4, 3, 2],
        n: 6,
        seed: 41,
        activation: act,
        alpha: 0.2,
      });
      const W = config.weights!;
      const widths = [4, 3];
      // non-trivial γ, β so their derivatives are exercised away from the initial values
      const gamma = widths.map((m, l) => Array.from({ length: m }, (_, i) => 1 + 0.1 * (i + l)));
      const beta = widths.map((m, l) => Array.from({ length: m }, (_, i) => 0.05 * (i - l)));
      const J = batchNormJacobian(
        W.map((w) => fromRows(w)),
        fromRows(config.X!),
        act,
        0.2,
        gamma.map((g) => Float64Array.from(g)),
        beta.map((b) => Float64Array.from(b)),
      );
      const params: { get: () => number; set: (v: number) => void }[] = [];
      W.forEach((w) =>
        w.forEach((row) =>
          row.forEach((_, j) => params.push({ get: () => row[j]!, set: (v) => (row[j] = v) })),
        ),
      );
      widths.forEach((_, l) => {
        for (const vec of [gamma[l]!, beta[l]!])
          vec.forEach((__, i) => params.push({ get: () => vec[i]!, set: (v) => (vec[i] = v) }));
      });
      expect(J.cols).toBe(params.length);
      const h = 1e-6;
      params.forEach((p, col) => {
        const v0 = p.get();
        p.set(v0 + h);
        const fp = bnForward(W, gamma, beta, config.X!, act, 0.2);
        p.set(v0 - h);
        const fm = bnForward(W, gamma, beta, config.X!, act, 0.2);
        p.set(v0);
        const fd = fp.map((v, i) => (v - fm[i]!) / (2 * h));
        const exact = fd.map((_, row) => J.data[row * J.cols + col]!);
        // central differences: truncation O(h²·f''') + rounding O(ε·|f|/h) ≈ 1e-9 here
        expectAllClose(exact, fd, { rtol: 1e-6, atol: 1e-7 });
      });
    });
  }

  it('has the cross-sample terms: output q depends on the first-layer input of every sample', () => {
    const config = explicitConfig({ widths: [2, 3, 1], n: 4, seed: 42 });
    const J = batchNormJacobian(
      config.weights!.map((w) => fromRows(w)),
      fromRows(config.X!),
      'linear',
      0,
    );
    // Without the batch statistics, ∂f_q/∂W¹ would be w₂ ⊙ x_q only; with them it mixes samples:
    // the W¹ block of the Jacobian rows sums to zero over the samples (mean subtraction).
    for (let col = 0; col < 6; col++) {
      const colSum = [0, 1, 2, 3].reduce((s, q) => s + J.data[q * J.cols + col]!, 0);
      expect(Math.abs(colSum)).toBeLessThan(1e-12);
      expect(Math.abs(J.data[col]!)).toBeGreaterThan(1e-6);
    }
  });
});

describe('batch-norm GN spectrum', () => {
  it('equals the eigenvalues of JᵀJ/n (ml-matrix) and reports κ without BN beside it', () => {
    const config = {
      ...explicitConfig({ widths: [3, 5, 2], n: 7, seed: 43, activation: 'relu' }),
      batchNorm: true,
    };
    const res = evaluate(config);
    const eff = effectiveWeights(config, networkWeights(config));
    const J = batchNormJacobian(eff, fromRows(config.X!), 'relu', config.alpha);
    const Jm = new Matrix(
      Array.from({ length: J.rows }, (_, i) =>
        Array.from(J.data.subarray(i * J.cols, (i + 1) * J.cols)),
      ),
    );
    const G = Jm.transpose().mmul(Jm).div(7);
    const ev = [
      ...new EigenvalueDecomposition(G.add(G.transpose()).div(2), { assumeSymmetric: true })
        .realEigenvalues,
    ].sort((a, b) => b - a);
    const kept = ev.filter((v) => v > 1e-10 * ev[0]!);
    expect(res.rank).toBe(kept.length);
    expectAllClose(res.eigenvalues, kept, { rtol: 1e-9, atol: 1e-11 * ev[0]! });
    expect(res.params).toBe(3 * 5 + 5 * 2 + 2 * 5);
    expect(res.kappaWithoutBatchNorm).toBeGreaterThan(1);
    expect(res.bounds.convex?.applies).toBe(false);
  });
});
