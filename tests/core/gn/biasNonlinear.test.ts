/**
 * Biases in non-linear MLPs (docs/gn-math.md §11): the bias columns ∂f/∂bˡ = Δ_l of the
 * structured assembly (src/core/gn/structuredGram.ts, every layer's input augmented to
 * H̃_l = [H_l, 𝟙]) against the forward-mode Jacobian of tests/helpers/perEntryGram.ts, entry by
 * entry for both Gram branches, pruned nets included; the spectrum, rank and `params` of
 * `evaluate`; and the two-layer bound with biases (an extension of §6).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { evaluate } from '../../../src/core/gn/evaluate';
import { effectiveWeights, networkBiases, networkWeights } from '../../../src/core/gn/init';
import { explicitJacobian, twoLayerPartsWithBiases } from '../../../src/core/gn/nonlinear';
import { applyMasks, pruneMasks, type Mask } from '../../../src/core/gn/prune';
import { structuredGnP, structuredGramNk } from '../../../src/core/gn/structuredGram';
import { fromRows, toRows, type Mat } from '../../../src/core/linalg/matrix';
import type { GnConfig } from '../../../src/core/types';
import { expectAllClose } from '../../helpers/allclose';
import { kappaAndRank } from '../../helpers/bruteForce';
import { explicitConfig, gaussianRows } from '../../helpers/configs';
import { forwardModeJacobian, twoLayerGram } from '../../helpers/perEntryGram';
import { BranchCounter } from '../../helpers/present';

/** A net with biases: zero (bias = true alone) or explicit random ones. */
function biasConfig(
  spec: Parameters<typeof explicitConfig>[0],
  randomBiases: boolean,
  prune = 0,
): GnConfig {
  const base = explicitConfig(spec);
  const biases = randomBiases
    ? spec.widths.slice(1).map((m, l) => gaussianRows(1, m, spec.seed * 7 + l, 0.5)[0]!)
    : undefined;
  return { ...base, bias: true, prune, ...(biases ? { biases } : {}) };
}

interface Prepared {
  eff: Mat[];
  X: Mat;
  biases: Float64Array[];
  masks: Mask[] | null;
  /** forward-mode J with the pruned columns dropped (weights first, then every bias) */
  J: number[][];
}

function prepare(config: GnConfig): Prepared {
  let raw = networkWeights(config);
  const masks = config.prune > 0 ? pruneMasks(raw, config.prune) : null;
  if (masks) raw = applyMasks(raw, masks);
  const eff = effectiveWeights(config, raw);
  const biases = networkBiases(config);
  const full = forwardModeJacobian(
    {
      W: eff.map(toRows),
      b: biases.map((b) => Array.from(b)),
      activation: config.activation,
      alpha: config.alpha,
    },
    config.X!,
  );
  const keep: number[] = [];
  let off = 0;
  eff.forEach((w, l) => {
    for (let t = 0; t < w.data.length; t++) if (!masks || masks[l]![t]) keep.push(off + t);
    off += w.data.length;
  });
  for (let c = off; c < full[0]!.length; c++) keep.push(c);
  const J = full.map((row) => keep.map((c) => row[c]!));
  return { eff, X: fromRows(config.X!), biases, masks, J };
}

function grams(J: number[][], n: number): { JJt: number[]; JtJ: number[] } {
  const Jm = new Matrix(J);
  return {
    JJt: Jm.mmul(Jm.transpose()).div(n).to1DArray(),
    JtJ: Jm.transpose().mmul(Jm).div(n).to1DArray(),
  };
}

function eigDesc(J: number[][], n: number): number[] {
  const Jm = new Matrix(J);
  const G = Jm.transpose().mmul(Jm).div(n);
  const S = G.add(G.transpose()).div(2);
  return [...new EigenvalueDecomposition(S, { assumeSymmetric: true }).realEigenvalues].sort(
    (a, b) => b - a,
  );
}

/** Depth 2–5, widths 1–5 (bottlenecks of width 1), ReLU and leaky, skips, pruning, biases. */
const net = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 6 }),
  n: fc.integer({ min: 1, max: 8 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
  activation: fc.constantFrom('relu' as const, 'leaky_relu' as const),
  beta: fc.constantFrom(0, 0.5),
  randomBiases: fc.boolean(),
  prune: fc.constantFrom(0, 0, 0.3, 0.6),
});

describe('bias columns of the structured assembly', () => {
  const ran = new BranchCounter<'pruned' | 'dense' | 'randomBiases' | 'zeroBiases'>();
  test.prop([net], { numRuns: 80, seed: 111 })(
    'structuredGramNk = JJᵀ/n and structuredGnP = JᵀJ/n entry by entry (forward-mode J with bias columns)',
    (r) => {
      const config = biasConfig({ ...r, alpha: 0.1 }, r.randomBiases, r.prune);
      const { eff, X, biases, masks, J } = prepare(config);
      ran.hit(masks && masks.some((m) => m.some((v) => v === 0)) ? 'pruned' : 'dense');
      ran.hit(r.randomBiases ? 'randomBiases' : 'zeroBiases');
      const { JJt, JtJ } = grams(J, r.n);
      const scale = Math.max(1e-300, ...JJt.map(Math.abs));
      const tol = { rtol: 1e-12, atol: 1e-14 * scale };
      expectAllClose(structuredGramNk(eff, X, r.activation, 0.1, masks, biases).data, JJt, tol);
      expectAllClose(structuredGnP(eff, X, r.activation, 0.1, masks, biases).data, JtJ, tol);
      if (!masks) {
        const Jc = explicitJacobian(eff, X, r.activation, 0.1, biases);
        expectAllClose(Jc.data, J.flat(), { rtol: 1e-12, atol: 1e-14 });
      }
    },
  );
  it('exercised pruned and dense nets, zero and random biases', () => {
    ran.expectEach(['pruned', 'dense', 'randomBiases', 'zeroBiases'], 5);
  });

  it('an empty bias list (bias = false) gives the bias-free matrices bit for bit', () => {
    const config = explicitConfig({ widths: [3, 4, 3, 2], n: 5, seed: 5, activation: 'relu' });
    const { eff, X } = { eff: networkWeights(config), X: fromRows(config.X!) };
    expect(structuredGramNk(eff, X, 'relu', 0, null, []).data).toStrictEqual(
      structuredGramNk(eff, X, 'relu', 0).data,
    );
    expect(structuredGnP(eff, X, 'relu', 0, null, []).data).toStrictEqual(
      structuredGnP(eff, X, 'relu', 0).data,
    );
  });
});

describe('bias columns across the blocks and tiles of the assembly', () => {
  /** structured K or G against the Grams of the explicit J (itself checked against forward mode above) */
  function check(widths: number[], n: number, which: 'nk' | 'p'): void {
    const config = biasConfig({ widths, n, seed: 41, activation: 'leaky_relu', alpha: 0.2 }, true);
    const { eff, X, biases } = {
      eff: networkWeights(config),
      X: fromRows(config.X!),
      biases: networkBiases(config),
    };
    const J = explicitJacobian(eff, X, 'leaky_relu', 0.2, biases);
    const rows = Array.from({ length: J.rows }, (_, r) =>
      Array.from(J.data.subarray(r * J.cols, (r + 1) * J.cols)),
    );
    const { JJt, JtJ } = grams(rows, n);
    const ref = which === 'nk' ? JJt : JtJ;
    const scale = Math.max(...ref.map(Math.abs));
    const fast =
      which === 'nk'
        ? structuredGramNk(eff, X, 'leaky_relu', 0.2, null, biases)
        : structuredGnP(eff, X, 'leaky_relu', 0.2, null, biases);
    expectAllClose(fast.data, ref, { rtol: 1e-11, atol: 1e-13 * scale });
  }
  it('JᵀJ/n across the sample blocks (n = 1100 > 2·512)', () => check([5, 4, 2], 1100, 'p'));
  it('JᵀJ/n across the 4096-column pair tiles (d = 91: 92·93/2 augmented input pairs)', () =>
    check([91, 2, 1], 3, 'p'));
  it('JJᵀ/n across the 512-row blocks (nk = 600)', () => check([3, 4, 3], 200, 'nk'));
});

describe('evaluate with biases (non-linear MLPs)', () => {
  const ran = new BranchCounter<'gram-nk' | 'gn-p' | 'pruned' | 'bottleneck'>();
  test.prop(
    [
      fc.record({
        widths: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 6 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        leaky: fc.boolean(),
        many: fc.boolean(),
        randomBiases: fc.boolean(),
        prune: fc.constantFrom(0, 0, 0.4),
      }),
    ],
    { numRuns: 60, seed: 112 },
  )('spectrum = eig(JᵀJ/n) of the forward-mode J to rtol 1e-9; rank; params with biases', (r) => {
    const sizes = r.widths;
    let p = 0;
    for (let l = 1; l < sizes.length; l++) p += (sizes[l - 1]! + 1) * sizes[l]!;
    const k = sizes[sizes.length - 1]!;
    const n = r.many
      ? Math.floor(p / k) + 1 + (r.seed % 5)
      : Math.max(1, Math.floor(p / k) - (r.seed % 3));
    const config = biasConfig(
      { widths: sizes, n, seed: r.seed, activation: r.leaky ? 'leaky_relu' : 'relu', alpha: 0.2 },
      r.randomBiases,
      r.prune,
    );
    const { J, masks } = prepare(config);
    const res = evaluate(config);
    const params = J[0]!.length;
    if (!masks) expect(params).toBe(p);
    expect(res.params).toBe(params);
    expect(res.method).toBe(n * k <= params ? 'gram-nk' : 'gn-p');
    expect(res.size).toBe(Math.min(n * k, params));
    ran.hit(res.method === 'gram-nk' ? 'gram-nk' : 'gn-p');
    if (masks) ran.hit('pruned');
    if (Math.min(...sizes.slice(1, -1)) < k) ran.hit('bottleneck');
    const slow = kappaAndRank(eigDesc(J, n), config.rtol);
    expect(res.rank).toBe(slow.rank);
    expect(res.zeroCount).toBe(params - slow.rank);
    expectAllClose(res.eigenvalues, slow.kept, { rtol: 1e-9, atol: 1e-11 * slow.kept[0]! });
  });
  it('exercised both branches, pruning and bottlenecks', () => {
    ran.expectEach(['gram-nk', 'gn-p', 'pruned', 'bottleneck']);
  });

  it('biases change the GN: explicit biases shift the ReLU patterns, zero biases add columns only', () => {
    const spec = { widths: [3, 5, 4, 2], n: 6, seed: 9, activation: 'relu' as const };
    const plain = evaluate(explicitConfig(spec));
    const zero = evaluate(biasConfig(spec, false));
    const random = evaluate(biasConfig(spec, true));
    expect(zero.params).toBe(plain.params + 5 + 4 + 2);
    expect(zero.eigenvalues).not.toStrictEqual(plain.eigenvalues);
    expect(random.eigenvalues).not.toStrictEqual(zero.eigenvalues);
  });

  it('still refuses biases where no family computes them yet, by name', () => {
    const cnn = { ...explicitConfig({ widths: [3, 2], n: 3, seed: 1 }), bias: true };
    expect(() => evaluate({ ...cnn, model: 'cnn1d' as const })).toThrow(/bias/);
  });
});

describe('the two-layer bound with biases (extension of gn-math.md §6)', () => {
  test.prop(
    [
      fc.record({
        d: fc.integer({ min: 1, max: 5 }),
        m: fc.integer({ min: 1, max: 6 }),
        k: fc.integer({ min: 1, max: 3 }),
        n: fc.integer({ min: 1, max: 6 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        leaky: fc.boolean(),
      }),
    ],
    { numRuns: 40, seed: 113 },
  )('n·K = (Φ̃ᵀΦ̃)⊗I_k + Σ_i (D_i X̃X̃ᵀ D_i)⊗(w_iw_iᵀ) equals JJᵀ with the bias columns', (r) => {
    const activation = r.leaky ? ('leaky_relu' as const) : ('relu' as const);
    const config = biasConfig(
      { widths: [r.d, r.m, r.k], n: r.n, seed: r.seed, activation, alpha: 0.1 },
      true,
    );
    const { eff, X, biases, J } = prepare(config);
    const parts = twoLayerPartsWithBiases(eff[0]!, eff[1]!, X, activation, 0.1, biases[0]!);
    const closed = twoLayerGram(parts, eff[1]!);
    const { JJt } = grams(J, r.n);
    const scale = Math.max(1e-300, ...JJt.map(Math.abs));
    expectAllClose(closed.data, JJt, { rtol: 1e-12, atol: 1e-14 * scale });
  });

  const ran = new BranchCounter<'applies' | 'notApplicable'>();
  test.prop(
    [
      fc.record({
        d: fc.integer({ min: 1, max: 8 }),
        m: fc.integer({ min: 1, max: 12 }),
        k: fc.integer({ min: 1, max: 3 }),
        n: fc.integer({ min: 1, max: 8 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        alpha: fc.constantFrom(0, 0.05, 0.3, 1),
        randomBiases: fc.boolean(),
      }),
    ],
    { numRuns: 80, seed: 114 },
  )('is ≥ κ whenever it applies, is labelled an extension, and says why when it does not', (r) => {
    const config = biasConfig(
      {
        widths: [r.d, r.m, r.k],
        n: r.n,
        seed: r.seed,
        activation: r.alpha === 0 ? 'relu' : 'leaky_relu',
        alpha: r.alpha,
      },
      r.randomBiases,
    );
    const res = evaluate(config);
    const b = res.bounds.relu!;
    expect(b.proved).toBe(false);
    if (b.applies) {
      ran.hit('applies');
      expect(b.value!).toBeGreaterThanOrEqual(res.kappa * (1 - 1e-9));
    } else {
      ran.hit('notApplicable');
      expect(b.value).toBeNull();
      expect(b.reason).toMatch(/with biases: the extension of gn-math.md §6/);
    }
  });
  it('both outcomes of the bound occurred', () => {
    ran.expectEach(['applies', 'notApplicable'], 5);
  });
});
