/**
 * Batch normalisation (gn-math.md §8): the analytic full-batch Jacobian against central finite
 * differences of an independent forward pass, against the forward-mode (dual-number) oracle of
 * ./batchnormOracle.ts entry-wise on random nets with 1–4 hidden layers, against the per-output
 * reverse-mode reference, the cross-sample terms, and the GN spectrum.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  batchNormGram,
  batchNormJacobian,
  batchNormJacobianPerOutput,
  BN_EPS,
} from '../../../src/core/gn/batchnorm';
import { evaluate } from '../../../src/core/gn/evaluate';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import { fromRows, toRows } from '../../../src/core/linalg/matrix';
import { createRng } from '../../../src/core/random';
import { eigvalsSym } from '../../../src/core/linalg/eigSym';
import { expectAllClose } from '../../helpers/allclose';
import { explicitConfig, gaussianRows } from '../../helpers/configs';
import { kappaAndRank } from '../../helpers/bruteForce';
import { present } from '../../helpers/present';
import { dualJacobian, oracleGnEigenvalues, type BnNet } from './batchnormOracle';

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
  it('equals the eigenvalues of JᵀJ/n of the forward-mode oracle and reports κ without BN beside it', () => {
    const config = {
      ...explicitConfig({ widths: [3, 5, 2], n: 7, seed: 43, activation: 'relu' }),
      batchNorm: true,
    };
    const res = evaluate(config);
    const eff = effectiveWeights(config, networkWeights(config));
    const net: BnNet = {
      W: eff.map((w) => toRows(w)),
      gamma: [Array<number>(5).fill(1)],
      beta: [Array<number>(5).fill(0)],
      act: 'relu',
      alpha: config.alpha,
    };
    const ev = oracleGnEigenvalues(dualJacobian(net, config.X!), 7);
    const kept = kappaAndRank(ev, 1e-10).kept;
    expect(res.method).toBe('gram-nk'); // n·k = 14 < p = 35
    expect(res.rank).toBe(kept.length);
    expectAllClose(res.eigenvalues, kept, { rtol: 1e-9, atol: 1e-11 * ev[0]! });
    expect(res.params).toBe(3 * 5 + 5 * 2 + 2 * 5);
    expect(res.kappaWithoutBatchNorm).toBeGreaterThan(1);
    expect(res.bounds.convex?.applies).toBe(false);
  });

  it('JᵀJ/n and JJᵀ/n of the analytic J have the same non-zero spectrum (both branches of the Gram)', () => {
    const config = explicitConfig({ widths: [2, 4, 2], n: 9, seed: 44, activation: 'leaky_relu' });
    const J = batchNormJacobian(
      config.weights!.map((w) => fromRows(w)),
      fromRows(config.X!),
      'leaky_relu',
      config.alpha,
    );
    const wide = batchNormGram(J, 9); // 18 × 24: n·k ≤ p
    const tall = batchNormGram({ rows: J.cols, cols: J.rows, data: transposeData(J) }, 9);
    expect(wide.nk).toBe(true);
    expect(tall.nk).toBe(false);
    const a = kappaAndRank(
      Array.from(eigvalsSym(wide.matrix.data, wide.matrix.rows)).reverse(),
      1e-10,
    );
    const b = kappaAndRank(
      Array.from(eigvalsSym(tall.matrix.data, tall.matrix.rows)).reverse(),
      1e-10,
    );
    expect(a.rank).toBe(b.rank);
    expectAllClose(a.kept, b.kept, { rtol: 1e-11, atol: 1e-13 * a.kept[0]! });
  });
});

function transposeData(J: { rows: number; cols: number; data: Float64Array }): Float64Array {
  const t = new Float64Array(J.data.length);
  for (let i = 0; i < J.rows; i++)
    for (let j = 0; j < J.cols; j++) t[j * J.rows + i] = J.data[i * J.cols + j]!;
  return t;
}

/** Random small nonlinear BN nets: 1–4 hidden layers, widths 1–6, n from 2 (n < d) up, random γ, β. */
const randomBnNet = fc.record({
  d: fc.integer({ min: 1, max: 5 }),
  hidden: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
  k: fc.integer({ min: 1, max: 3 }),
  n: fc.integer({ min: 2, max: 8 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  act: fc.constantFrom('linear' as const, 'relu' as const, 'leaky_relu' as const),
  alpha: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
  chunk: fc.integer({ min: 1, max: 7 }),
});

describe('analytic batch-norm Jacobian vs the forward-mode oracle', () => {
  test.prop([randomBnNet], { numRuns: 60 })(
    'equal entry-wise (every output depends on every sample), in chunks of any size',
    (spec) => {
      const widths = [spec.d, ...spec.hidden, spec.k];
      const W = widths
        .slice(1)
        .map((rows, l) =>
          gaussianRows(rows, widths[l]!, spec.seed * 10 + l + 1, 1 / Math.sqrt(widths[l]!)),
        );
      const X = gaussianRows(spec.n, spec.d, spec.seed * 10);
      const rng = createRng(spec.seed, 3);
      const gamma = spec.hidden.map((m) => Array.from({ length: m }, () => 0.5 + rng.uniform()));
      const beta = spec.hidden.map((m) => Array.from({ length: m }, () => 0.5 * rng.normal()));
      const net: BnNet = { W, gamma, beta, act: spec.act, alpha: spec.alpha };
      const oracle = dualJacobian(net, X).flat();
      const args = [
        W.map((w) => fromRows(w)),
        fromRows(X),
        spec.act,
        spec.alpha,
        gamma.map((g) => Float64Array.from(g)),
        beta.map((b) => Float64Array.from(b)),
      ] as const;
      const J = batchNormJacobian(...args, spec.chunk);
      const scale = present(Math.max(...oracle.map(Math.abs)), 'max |J|');
      // both exact up to rounding: a few ulps of the largest entry, summed over the batch
      expectAllClose(J.data, oracle, { rtol: 1e-10, atol: 1e-12 * scale });
      expectAllClose(J.data, batchNormJacobianPerOutput(...args).data, {
        rtol: 1e-10,
        atol: 1e-12 * scale,
      });
    },
  );
});
