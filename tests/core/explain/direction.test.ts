/**
 * The slowest and steepest directions mapped back to the network (src/core/explain/direction.ts,
 * docs/gn-math.md §12), against the independent brute-force Jacobian of tests/helpers/bruteForce.ts:
 *
 * - linear nets: with Z = ∂vec_r(A)/∂θ (the brute Jacobian of the outputs on the unit vectors
 *   e_j, A e_j = column j of A), the parameter direction δθ = Zᵀ(I_k ⊗ Σ^{1/2})u changes A to
 *   first order by δA_θ = reshape(Z δθ). Since (I_k ⊗ Σ^{1/2})u = (I_k ⊗ Σ) vec(δA) on range Σ,
 *   M u = λu gives δA_θ Σ = λ δA Σ exactly (and δA_θ = λ δA for full-rank Σ);
 * - non-linear nets: the outputs perturbation o is an eigenvector of K = JJᵀ/n with the same
 *   eigenvalue, whether it came from K (gram-nk) or as J v from G = JᵀJ/n (gn-p), since
 *   K (J v) = J (G v).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { normalizeConfig, defaultConfig } from '../../../src/core/config';
import {
  direction,
  directionMaxSize,
  topSingularPair,
  type DirectionResult,
  type LinearDirection,
  type OutputsDirection,
} from '../../../src/core/explain/direction';
import { outputsTimes } from '../../../src/core/explain/jacobianTimes';
import { evaluate } from '../../../src/core/gn/evaluate';
import { effectiveWeights, networkBiases, networkWeights } from '../../../src/core/gn/init';
import { applyMasks, keepColumns, pruneMasks } from '../../../src/core/gn/prune';
import {
  decodeImageDataset,
  IMAGE_DATASETS,
  type ImageSource,
} from '../../../src/core/data/images';
import { jacobianFrom, propagate } from '../../../src/core/gn/structuredGram';
import { fromRows, toRows } from '../../../src/core/linalg/matrix';
import { cnnWeights } from '../../../src/core/gn/cnn';
import { reduceTs, setReductionKernel } from '../../../src/core/linalg/eigenpairs';
import { createWasmReduction } from '../../../src/core/linalg/eigWasm';
import type { GnConfig } from '../../../src/core/types';
import { expectAllClose } from '../../helpers/allclose';
import {
  bruteCnnJacobian,
  bruteJacobian,
  bruteJacobianWithBiases,
  type BruteBiasNet,
} from '../../helpers/bruteForce';
import { explicitConfig, gaussianRows } from '../../helpers/configs';
import { BranchCounter, present } from '../../helpers/present';

/** The shipped image data sets, read from public/data. */
function imageProvider() {
  const root = resolve(__dirname, '../../..');
  return (source: ImageSource) => {
    const bytes = readFileSync(resolve(root, 'public/data', IMAGE_DATASETS[source].file));
    return decodeImageDataset(
      source,
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
  };
}

type Linear = Extract<DirectionResult, { kind: 'linear' }>;
type Outputs = Extract<DirectionResult, { kind: 'outputs' }>;

function linearResult(config: GnConfig): Linear {
  const r = direction(config);
  if (r.kind !== 'linear') expect.unreachable(`expected a linear direction, got ${r.kind}`);
  return r;
}

function outputsResult(config: GnConfig): Outputs {
  const r = direction(config);
  if (r.kind !== 'outputs') expect.unreachable(`expected an outputs direction, got ${r.kind}`);
  return r;
}

function brute(config: GnConfig): BruteBiasNet {
  return {
    weights: present(config.weights, 'weights'),
    beta: config.beta,
    skip: config.skip,
    activation: config.activation,
    alpha: config.alpha,
    biases: networkBiases(config).map((b) => Array.from(b)),
  };
}

/** Σ = X̃ᵀX̃/n of the rows given (x̃ = [x; 1] with biases). */
function secondMoment(X: number[][]): number[][] {
  const d = X[0]!.length;
  const S = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const x of X)
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S[i]![j]! += x[i]! * x[j]!;
  return S.map((row) => row.map((v) => v / X.length));
}

/**
 * Z = ∂vec_r(A)/∂θ (k·inputs × p) from the brute Jacobian: without biases the outputs at e_j are
 * A e_j; with biases f(x) = A x + c, so column j of A is f(e_j) − f(0) and the bias column is f(0).
 */
function bruteZ(config: GnConfig): number[][] {
  const { d, k } = config;
  const net = brute(config);
  const unit = Array.from({ length: d }, (_, j) =>
    Array.from({ length: d }, (_, i) => (i === j ? 1 : 0)),
  );
  if (!config.bias) {
    const J = bruteJacobian(net, unit);
    return Array.from({ length: k * d }, (_, r) => J[(r % d) * k + Math.floor(r / d)]!);
  }
  const J = bruteJacobianWithBiases(net, [new Array<number>(d).fill(0), ...unit]);
  const inputs = d + 1;
  return Array.from({ length: k * inputs }, (_, r) => {
    const c = Math.floor(r / inputs);
    const j = r % inputs;
    const at0 = J[c]!;
    return j === d ? at0 : J[(j + 1) * k + c]!.map((v, t) => v - at0[t]!);
  });
}

/** Z for the 1-D linear CNN: its brute Jacobian on the unit vectors, A e_j = column j of A. */
function bruteCnnZ(config: GnConfig): number[][] {
  const { d, k } = config;
  const w = cnnWeights(config);
  const kernels = w.kernels.map((kern) =>
    Array.from({ length: kern.cOut }, (_, o) =>
      Array.from({ length: kern.cIn }, (_, i) =>
        Array.from(
          kern.data.subarray((o * kern.cIn + i) * kern.K, (o * kern.cIn + i + 1) * kern.K),
        ),
      ),
    ),
  );
  const unit = Array.from({ length: d }, (_, j) =>
    Array.from({ length: d }, (_, i) => (i === j ? 1 : 0)),
  );
  const J = bruteCnnJacobian(kernels, toRows(w.readout), unit);
  return Array.from({ length: k * d }, (_, r) => J[(r % d) * k + Math.floor(r / d)]!);
}

/** Checks δA_θ Σ = λ δA Σ for one end (module comment). */
function expectFirstOrderChange(
  config: GnConfig,
  dir: LinearDirection,
  inputs: number,
  z: number[][] = bruteZ(config),
): void {
  const { k } = config;
  const X = present(config.X, 'X').map((x) => (config.bias ? [...x, 1] : x));
  const S = secondMoment(X);
  const Z = new Matrix(z);
  // (I_k ⊗ Σ) vec(δA): row c of δA times Σ
  const times = (A: ArrayLike<number>): number[] =>
    Array.from({ length: k * inputs }, (_, r) => {
      const c = Math.floor(r / inputs);
      let s = 0;
      for (let t = 0; t < inputs; t++) s += A[c * inputs + t]! * S[t]![r % inputs]!;
      return s;
    });
  const sigmaU = Matrix.columnVector(times(dir.template));
  const dTheta = Z.transpose().mmul(sigmaU);
  const dA = Z.mmul(dTheta).getColumn(0);
  const scale = Math.max(...times(dir.template).map(Math.abs)) * dir.value;
  expectAllClose(
    times(dA),
    times(dir.template).map((v) => v * dir.value),
    { rtol: 0, atol: 1e-8 * scale },
  );
}

describe('direction: networks linear in x', () => {
  const branches = new BranchCounter<'full-rank' | 'rank-deficient' | 'bias'>();
  test.prop(
    [
      fc.integer({ min: 1, max: 4 }), // d
      fc.integer({ min: 1, max: 3 }), // k
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 2 }), // widths
      fc.integer({ min: 2, max: 7 }), // n
      fc.integer({ min: 1, max: 1e5 }), // seed
      fc.constantFrom(0, 0.5), // β
      fc.boolean(), // biases
    ],
    { numRuns: 30, seed: 41 },
  )(
    'δA is, to first order, the change of W^{L:1} along Zᵀ(I_k ⊗ Σ^{1/2})u, scaled by λ',
    (d, k, widths, n, seed, beta, bias) => {
      const base = explicitConfig({ widths: [d, ...widths, k], n, seed, beta });
      const config = bias
        ? normalizeConfig({
            X: base.X,
            weights: base.weights,
            beta,
            bias: true,
            biases: [...widths, k].map((len, l) => gaussianRows(1, len, seed + l, 0.5)[0]!),
          }).config
        : base;
      const r = linearResult(config);
      const inputs = d + (bias ? 1 : 0);
      expect(r.inputs).toBe(inputs);
      const result = evaluate(config);
      expect(r.size).toBe(result.size);
      if (result.rank === 0) {
        expect(r.max).toBeNull();
        return;
      }
      const max = present(r.max, 'max');
      const min = present(r.minPositive, 'minPositive');
      expectAllClose(max.value, result.eigenvalues[0]!, { rtol: 1e-10 });
      expectAllClose(min.value, result.eigenvalues[result.rank - 1]!, { rtol: 1e-8 });
      for (const dir of [max, min]) {
        expect(dir.template.length).toBe(k * inputs);
        expectFirstOrderChange(config, dir, inputs);
      }
      branches.hit(bias ? 'bias' : result.rankSigma === d ? 'full-rank' : 'rank-deficient');
    },
  );

  it('covers full-rank data, rank-deficient data and biases', () => {
    branches.expectEach(['full-rank', 'rank-deficient', 'bias']);
  });

  test.prop(
    [
      fc.integer({ min: 3, max: 6 }), // d
      fc.integer({ min: 1, max: 2 }), // k
      fc.integer({ min: 1, max: 2 }), // filters
      fc.integer({ min: 1, max: 3 }), // kernel size
      fc.integer({ min: 2, max: 8 }), // n
      fc.integer({ min: 1, max: 1e5 }), // seed
    ],
    { numRuns: 15, seed: 53 },
  )(
    'the 1-D linear CNN: the same identity with Z over the shared kernels',
    (d, k, filters, kernel, n, seed) => {
      const config = normalizeConfig({
        model: 'cnn1d',
        d,
        k,
        filters,
        kernel,
        convLayers: 1,
        seed,
        X: gaussianRows(n, d, seed),
      }).config;
      const r = linearResult(config);
      const result = evaluate(config);
      const max = present(r.max, 'max');
      expectAllClose(max.value, result.eigenvalues[0]!, { rtol: 1e-10 });
      const z = bruteCnnZ(config);
      for (const dir of [max, present(r.minPositive, 'minPositive')])
        expectFirstOrderChange(config, dir, d, z);
    },
  );

  it('L = 1 with Σ = I: M = I_k ⊗ Σ, δA = the unit eigenvector reshaped, so ‖δA‖_F = 1', () => {
    // exactly white data: X = √n·(rows of I_d) (n = d), Σ = I
    const d = 3;
    const X = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => (i === j ? Math.sqrt(d) : 0)),
    );
    const config = normalizeConfig({ X, weights: [gaussianRows(2, d, 5)] }).config;
    const r = linearResult(config);
    const max = present(r.max, 'max');
    expectAllClose(max.value, 1, { rtol: 1e-12 });
    expectAllClose(Math.hypot(...max.template), 1, { rtol: 1e-12 });
    expect(r.image).toBeNull();
  });

  it('image data: the template has one pixel per feature and the image shape of the stride', () => {
    const config = defaultConfig();
    Object.assign(config, { L: 1, d: 16, k: 10, m: [] });
    config.data = { ...config.data, source: 'digits', n: 40, stride: 2 };
    const images = imageProvider();
    const r = direction(config, { images });
    if (r.kind !== 'linear') expect.unreachable(r.kind);
    expect(r.image).toEqual({ rows: 4, cols: 4 });
    expect(present(r.minPositive, 'minPositive').template.length).toBe(160);
  });
});

describe('direction: non-linear nets', () => {
  const methods = new BranchCounter<'gram-nk' | 'gn-p' | 'pruned' | 'bias'>();
  test.prop(
    [
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 1e5 }),
      fc.constantFrom('relu', 'leaky_relu'),
      fc.constantFrom(0, 0.3),
      fc.boolean(),
    ],
    { numRuns: 40, seed: 43 },
  )(
    'the outputs perturbation is an eigenvector of JJᵀ/n (brute J) with the eigenvalue',
    (d, k, m, n, seed, activation, prune, bias) => {
      const base = explicitConfig({ widths: [d, m, k], n, seed, activation, alpha: 0.1 });
      const config = normalizeConfig({
        X: base.X,
        weights: base.weights,
        activation,
        alpha: 0.1,
        prune,
        bias,
        ...(bias
          ? { biases: [m, k].map((len, l) => gaussianRows(1, len, seed + l, 0.5)[0]!) }
          : {}),
      }).config;
      const r = outputsResult(config);
      const result = evaluate(config);
      expect(r.method).toBe(result.method);
      if (result.rank === 0) return;
      methods.hit(r.method as 'gram-nk' | 'gn-p');
      if (prune > 0) methods.hit('pruned');
      if (bias) methods.hit('bias');
      // the brute J of the pruned net over its kept weights (and the biases, never pruned)
      const masks = prune > 0 ? pruneMasks(networkWeights(config), prune) : null;
      const weights = masks
        ? applyMasks(networkWeights(config), masks).map(toRows)
        : config.weights!;
      const net = { ...brute(config), weights };
      const X = present(config.X, 'X');
      const full = fromRows(bias ? bruteJacobianWithBiases(net, X) : bruteJacobian(net, X));
      const kept = masks ? keepColumns(full, masks) : full;
      const J = new Matrix(toRows(kept));
      const K = J.mmul(J.transpose()).div(n);
      for (const dir of [present(r.max, 'max'), present(r.minPositive, 'minPositive')]) {
        expectUnitOutputs(dir, n, k);
        const Ko = K.mmul(Matrix.columnVector(Array.from(dir.outputs))).getColumn(0);
        expectAllClose(
          Ko,
          Array.from(dir.outputs, (v) => v * dir.value),
          { rtol: 0, atol: 1e-9 * result.eigenvalues[0]! },
        );
      }
    },
  );

  it('ran both matrices (JJᵀ/n and JᵀJ/n), pruned nets and biases', () =>
    methods.expectEach(['gram-nk', 'gn-p', 'pruned', 'bias']));

  it('J v without J equals the explicit Jacobian (pruned weights and biases)', () => {
    const config = normalizeConfig({
      ...explicitConfig({ widths: [3, 5, 4, 2], n: 6, seed: 7, activation: 'leaky_relu' }),
      bias: true,
      prune: 0.3,
    }).config;
    const masks = pruneMasks(networkWeights(config), config.prune);
    const eff = effectiveWeights(config, applyMasks(networkWeights(config), masks));
    const biases = networkBiases(config);
    const X = fromRows(present(config.X, 'X'));
    const J = keepColumns(
      jacobianFrom(propagate(eff, X, config.activation, config.alpha, biases)),
      masks,
    );
    const v = Float64Array.from(gaussianRows(1, J.cols, 3)[0]!);
    const expected = new Matrix(
      Array.from({ length: J.rows }, (_, r) =>
        Array.from(J.data.subarray(r * J.cols, (r + 1) * J.cols)),
      ),
    )
      .mmul(Matrix.columnVector(Array.from(v)))
      .getColumn(0);
    expectAllClose(
      outputsTimes(eff, X, config.activation, config.alpha, masks, biases, v),
      expected,
      {
        rtol: 1e-12,
        atol: 1e-13,
      },
    );
  });
});

function expectUnitOutputs(dir: OutputsDirection, n: number, k: number): void {
  expectAllClose(Math.hypot(...dir.outputs), 1, { rtol: 1e-12 });
  expectAllClose(
    dir.classShares.reduce((a, b) => a + b, 0),
    1,
    { rtol: 1e-12 },
  );
  for (let q = 0; q < n; q++)
    expectAllClose(dir.sampleNorms[q]!, Math.hypot(...dir.outputs.subarray(q * k, (q + 1) * k)), {
      rtol: 1e-12,
    });
  const sorted = [...dir.sampleNorms].sort((a, b) => b - a);
  expectAllClose(
    dir.movers.map((m) => m.norm),
    sorted.slice(0, dir.movers.length),
    { rtol: 0, atol: 0 },
  );
  expect(dir.movers.length).toBe(Math.min(8, n));
}

describe('topSingularPair', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 7 }),
      fc.integer({ min: 1, max: 1e5 }),
    ],
    {
      numRuns: 20,
      seed: 47,
    },
  )(
    'σ₁, the singular vectors (up to sign) and the share agree with ml-matrix SVD',
    (k, d, seed) => {
      const rows = gaussianRows(k, d, seed);
      const A = Float64Array.from(rows.flat());
      const got = topSingularPair(A, k, d);
      const svd = new SingularValueDecomposition(new Matrix(rows), { autoTranspose: true });
      const s = svd.diagonal;
      expectAllClose(got.share, s[0]! ** 2 / s.reduce((a, b) => a + b * b, 0), { rtol: 1e-10 });
      if (s.length > 1 && s[0]! - s[1]! < 1e-6 * s[0]!) return; // σ₁ not simple: vectors not unique
      const v = svd.rightSingularVectors.getColumn(0);
      const u = svd.leftSingularVectors.getColumn(0);
      const sign = Math.sign(got.output.reduce((a, x, i) => a + x * u[i]!, 0));
      expectAllClose(
        got.output,
        u.map((x) => x * sign),
        { rtol: 0, atol: 1e-9 },
      );
      expectAllClose(
        got.input,
        v.map((x) => x * sign),
        { rtol: 0, atol: 1e-9 },
      );
    },
  );
});

describe('direction: what is skipped', () => {
  it('the size limit follows the reduction kernel (interactive time with either)', () => {
    const wasm = present(createWasmReduction('simd'), 'the WebAssembly reduction');
    setReductionKernel('wasm-simd-householder', wasm);
    expect(directionMaxSize()).toBe(1500);
    setReductionKernel('ts-householder', reduceTs);
    expect(directionMaxSize()).toBe(1000);
  });

  it('batch norm and matrices over the size limit say why', () => {
    const bn = normalizeConfig({
      ...explicitConfig({ widths: [2, 3, 2], n: 5, seed: 1 }),
      batchNorm: true,
    }).config;
    const r = direction(bn);
    expect(r.kind).toBe('skipped');
    if (r.kind === 'skipped') expect(r.reason).toMatch(/batch normalisation/);
    const big = defaultConfig();
    Object.assign(big, { L: 2, d: 150, k: 11, m: [160] });
    big.data = { ...big.data, n: 500 };
    const s = direction(big);
    expect(s.kind).toBe('skipped');
    expect(s.size).toBe(1650);
    expect(s.size).toBeGreaterThan(directionMaxSize());
    if (s.kind === 'skipped') expect(s.reason).toMatch(/1650×1650/);
  });
});
