/**
 * Batch norm with biases (docs/gn-math.md §8, §11): the analytic full-batch Jacobian's bias
 * columns against the forward-mode oracle (./batchnormOracle.ts, with bias directions) entry by
 * entry; hidden biases are exactly null after a linear layer and not null after ReLU / leaky
 * ReLU; the reduced-bn matrix with the readout's I_k ⊗ eeᵀ against the oracle's spectrum, its
 * rank theory, and `params` through `evaluate` (reduced, full-batch, pruned).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { batchNormJacobian } from '../../../src/core/gn/batchnorm';
import {
  batchNormRankTheory,
  centredFactor,
  reducedBatchNormMatrix,
} from '../../../src/core/gn/batchnormReduced';
import { evaluate } from '../../../src/core/gn/evaluate';
import { pruneMasks } from '../../../src/core/gn/prune';
import { eigvalsSym } from '../../../src/core/linalg/eigSym';
import { fromRows } from '../../../src/core/linalg/matrix';
import { createRng } from '../../../src/core/random';
import type { GnConfig } from '../../../src/core/types';
import { normalizeConfig } from '../../../src/core/config';
import { expectAllClose } from '../../helpers/allclose';
import { kappaAndRank } from '../../helpers/bruteForce';
import { gaussianRows } from '../../helpers/configs';
import { BranchCounter, present } from '../../helpers/present';
import { dualJacobian, oracleGnEigenvalues, type Act, type BnNet } from './batchnormOracle';

const bnNet = fc.record({
  d: fc.integer({ min: 1, max: 5 }),
  hidden: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
  k: fc.integer({ min: 1, max: 3 }),
  n: fc.integer({ min: 2, max: 8 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  act: fc.constantFrom('linear' as const, 'relu' as const, 'leaky_relu' as const),
  randomAffine: fc.boolean(),
  randomBiases: fc.boolean(),
  chunk: fc.integer({ min: 1, max: 7 }),
});
type Spec = typeof bnNet extends fc.Arbitrary<infer T> ? T : never;

function netOf(spec: Omit<Spec, 'chunk'>, alpha = 0.2): { net: BnNet; X: number[][] } {
  const widths = [spec.d, ...spec.hidden, spec.k];
  const W = widths
    .slice(1)
    .map((rows, l) =>
      gaussianRows(rows, widths[l]!, spec.seed * 10 + l + 1, 1 / Math.sqrt(widths[l]!)),
    );
  const X = gaussianRows(spec.n, spec.d, spec.seed * 10).map((row) => row.map((v) => v + 0.3));
  const rng = createRng(spec.seed, 5);
  const affine = (m: number, base: number, sd: number) =>
    Array.from({ length: m }, () => (spec.randomAffine ? base + sd * rng.normal() : base));
  const gamma = spec.hidden.map((m) => affine(m, 1, 0.3));
  const beta = spec.hidden.map((m) => affine(m, 0, 0.5));
  const b = widths
    .slice(1)
    .map((m) => Array.from({ length: m }, () => (spec.randomBiases ? 0.5 * rng.normal() : 0)));
  return { net: { W, gamma, beta, b, act: spec.act as Act, alpha }, X };
}

function jacobianOf(net: BnNet, X: number[][], chunk?: number) {
  return batchNormJacobian(
    net.W.map((w) => fromRows(w)),
    fromRows(X),
    net.act,
    net.alpha,
    net.gamma.map((g) => Float64Array.from(g)),
    net.beta.map((b) => Float64Array.from(b)),
    chunk,
    net.b!.map((b) => Float64Array.from(b)),
  );
}

describe('bias columns of the analytic batch-norm Jacobian', () => {
  const ran = new BranchCounter<'linear' | 'nonlinear' | 'deep'>();
  test.prop([bnNet], { numRuns: 60, seed: 121 })(
    'equal the forward-mode oracle entry-wise; hidden ones exactly 0 after a linear layer',
    (spec) => {
      const { net, X } = netOf(spec);
      const oracle = dualJacobian(net, X);
      const J = jacobianOf(net, X, spec.chunk);
      const scale = present(Math.max(...oracle.flat().map(Math.abs)), 'max |J|');
      expectAllClose(J.data, oracle.flat(), { rtol: 1e-10, atol: 1e-12 * scale });
      const hiddenBiases = spec.hidden.reduce((a, b) => a + b, 0);
      const first = J.cols - hiddenBiases - spec.k; // first bias column
      const hiddenCols: number[] = [];
      for (let r = 0; r < J.rows; r++)
        for (let c = first; c < first + hiddenBiases; c++) hiddenCols.push(J.data[r * J.cols + c]!);
      if (spec.hidden.length >= 2) ran.hit('deep');
      if (spec.act === 'linear') {
        ran.hit('linear');
        // the batch mean removes a hidden bias exactly: its columns are zeros, not rounding
        expect(hiddenCols.every((v) => v === 0)).toBe(true);
      } else ran.hit('nonlinear');
      // readout bias: ∂f_c(x_q)/∂bᴸ_c' = δ_cc'
      for (let r = 0; r < J.rows; r++)
        for (let c = 0; c < spec.k; c++)
          expect(J.data[r * J.cols + first + hiddenBiases + c]).toBe(c === r % spec.k ? 1 : 0);
    },
  );
  it('exercised linear, non-linear and deep nets', () => {
    ran.expectEach(['linear', 'nonlinear', 'deep'], 5);
  });

  it('after ReLU a hidden bias is not null: it moves the kinks that the batch mean cannot undo', () => {
    const { net, X } = netOf({
      d: 3,
      hidden: [5, 4],
      k: 2,
      n: 6,
      seed: 17,
      act: 'relu',
      randomAffine: false,
      randomBiases: true,
    });
    const J = jacobianOf(net, X);
    const first = J.cols - 5 - 4 - 2;
    let norm = 0;
    for (let r = 0; r < J.rows; r++)
      for (let c = first; c < first + 9; c++) norm += J.data[r * J.cols + c]! ** 2;
    expect(norm).toBeGreaterThan(1e-3);
  });
});

describe('reduced-bn with biases: the readout bias adds I_k ⊗ eeᵀ', () => {
  test.prop([bnNet], { numRuns: 60, seed: 122 })(
    'the spectrum equals the oracle full-batch J with bias columns to 1e-9 (linear nets)',
    (spec) => {
      const { net, X } = netOf({ ...spec, act: 'linear' });
      const oracle = kappaAndRank(oracleGnEigenvalues(dualJacobian(net, X), spec.n), 1e-10);
      const { M } = reducedBatchNormMatrix(
        net.W.map((w) => fromRows(w)),
        fromRows(X),
        net.gamma.map((g) => Float64Array.from(g)),
        net.beta.map((b) => Float64Array.from(b)),
        true,
      );
      const fast = kappaAndRank(Array.from(eigvalsSym(M.data, M.rows)).reverse(), 1e-10);
      const top = present(oracle.kept[0], 'oracle λ_max');
      expect(fast.rank).toBe(oracle.rank);
      // the p-sized EVD of ml-matrix loses a few digits on the smallest kept eigenvalues
      expectAllClose(fast.kept, oracle.kept, { rtol: 1e-9, atol: 1e-11 * top });
    },
  );

  it('rank theory with biases: q(r + k − q) + k', () => {
    expect(batchNormRankTheory(5, 3, [8, 8], true)).toBe(3 * 6);
    expect(batchNormRankTheory(5, 3, [9, 2], true)).toBe(2 * (5 + 3 - 2) + 3);
    expect(batchNormRankTheory(5, 3, [9, 2])).toBe(2 * (5 + 3 - 2) + 2);
    expect(batchNormRankTheory(0, 3, [4], true)).toBe(3);
  });
});

type Branch = 'reduced-bn' | 'full' | 'pruned' | 'bottleneck';

/** evaluate against the oracle J with bias columns (the pruned weights at 0, their columns dropped). */
function checkEvaluate(spec: Spec, prune: number, ran: BranchCounter<Branch>): void {
  const { net, X } = netOf({ ...spec, randomAffine: false });
  const { config: base } = normalizeConfig({
    X,
    weights: net.W,
    batchNorm: true,
    activation: spec.act,
    alpha: 0.2,
    rtol: 1e-10,
  });
  const config: GnConfig = { ...base, bias: true, biases: net.b!, prune };
  const res = evaluate(config);
  const masks =
    prune > 0
      ? pruneMasks(
          net.W.map((w) => fromRows(w)),
          prune,
        )
      : null;
  // the oracle net carries the pruned weights at 0, then drops their columns
  const W = net.W.map((w, l) =>
    w.map((row, i) => row.map((v, j) => (masks && !masks[l]![i * row.length + j] ? 0 : v))),
  );
  let J = dualJacobian({ ...net, W }, X);
  const p = J[0]!.length;
  if (masks) {
    const keep: number[] = [];
    let off = 0;
    for (const m of masks) {
      m.forEach((v, i) => {
        if (v) keep.push(off + i);
      });
      off += m.length;
    }
    for (let c = off; c < p; c++) keep.push(c);
    J = J.map((row) => keep.map((c) => row[c]!));
    if (keep.length < p) ran.hit('pruned');
  }
  expect(res.params).toBe(J[0]!.length);
  const oracle = kappaAndRank(oracleGnEigenvalues(J, spec.n), 1e-10);
  expect(res.rank).toBe(oracle.rank);
  const top = present(oracle.kept[0], 'oracle λ_max');
  expectAllClose(res.eigenvalues, oracle.kept, { rtol: 1e-9, atol: 1e-11 * top });
  if (res.method === 'reduced-bn') {
    ran.hit('reduced-bn');
    const r = centredFactor(fromRows(X)).r;
    expect(res.rankTheory).toBe(batchNormRankTheory(r, spec.k, spec.hidden, true));
    if (Math.min(...spec.hidden) < Math.min(spec.k, r)) ran.hit('bottleneck');
    expect(res.rank).toBe(res.rankTheory);
  } else ran.hit('full');
  expect(Number.isFinite(present(res.kappaWithoutBatchNorm, 'κ without BN'))).toBe(true);
}

describe('evaluate: batch norm with biases', () => {
  const ran = new BranchCounter<Branch>();
  test.prop([bnNet, fc.constantFrom(0, 0, 0.4)], { numRuns: 50, seed: 123 })(
    'spectrum, rank, rank theory and params against the oracle J with bias columns',
    (spec, prune) => checkEvaluate(spec, prune, ran),
  );
  it('a bottleneck (m = 1 < k) on the reduced path, and a pruned ReLU net', () => {
    const spec = {
      d: 4,
      hidden: [3, 1],
      k: 3,
      n: 7,
      seed: 5,
      randomAffine: false,
      randomBiases: true,
      chunk: 2,
    };
    checkEvaluate({ ...spec, act: 'linear' }, 0, ran);
    checkEvaluate({ ...spec, act: 'relu' }, 0.4, ran);
  });
  it('exercised the reduced and the full-batch paths, pruning and bottlenecks', () => {
    ran.expectEach(['reduced-bn', 'full', 'pruned', 'bottleneck']);
  });
});
