/**
 * Which layer limits κ (src/core/explain/layerBreakdown.ts, layerBlocks.ts; docs/gn-math.md §5,
 * §16): every per-layer quantity against an independent brute force on random small nets — the
 * partial products P_l, Q_l formed with ml-matrix from the weights and their SVD, γ_l from the
 * definition, and each layer's diagonal block of the GN from the explicit forward-mode Jacobian
 * (tests/helpers/bruteForce.ts) — to 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { normalizeConfig } from '../../../src/core/config';
import { explain } from '../../../src/core/explain/explain';
import type {
  BlockLayerRow,
  LayerBreakdown,
  LinearLayerRow,
} from '../../../src/core/explain/explain';
import { layerBlocks } from '../../../src/core/explain/layerBlocks';
import { blockBreakdown } from '../../../src/core/explain/layerBreakdown';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import { pruneMasks } from '../../../src/core/gn/prune';
import { fromRows, toRows } from '../../../src/core/linalg/matrix';
import type { GnConfig } from '../../../src/core/types';
import { expectAllClose } from '../../helpers/allclose';
import { bruteGnEigenvalues, bruteJacobian, kappaAndRank } from '../../helpers/bruteForce';
import { explicitConfig } from '../../helpers/configs';
import { forwardModeJacobian } from '../../helpers/perEntryGram';
import { present } from '../../helpers/present';

const TOL = { rtol: 1e-9, atol: 0 };
/** §1.2: a smallest singular value with σ² ≤ 1e-13·σ₁² counts as 0 */
const PD_RTOL = 1e-13;

function linearRows(b: LayerBreakdown): LinearLayerRow[] {
  expect(b.family).toBe('linear');
  return (b as LayerBreakdown & { family: 'linear' }).layers;
}

function blockRows(b: LayerBreakdown): BlockLayerRow[] {
  expect(b.family).toBe('blocks');
  return (b as LayerBreakdown & { family: 'blocks' }).layers;
}

/** W̃ˡ = Wˡ + βE_l on every layer (skip "all"), as ml-matrix matrices. */
function effective(config: GnConfig): Matrix[] {
  return present(config.weights, 'weights').map((w) => {
    const out = new Matrix(w);
    for (let i = 0; i < Math.min(out.rows, out.columns); i++)
      out.set(i, i, out.get(i, i) + config.beta);
    return out;
  });
}

/** σ₁ and the smallest of the min(rows, cols) singular values, 0 below the §1.2 cut-off. */
function extremes(M: Matrix): { max: number; min: number } {
  const s = new SingularValueDecomposition(M, { autoTranspose: true }).diagonal;
  const max = s[0] ?? 0;
  const last = s[Math.min(M.rows, M.columns) - 1] ?? 0;
  return { max, min: last * last > PD_RTOL * max * max ? last : 0 };
}

/** Block κ and rank of layer `l` (0-based) from the columns of the explicit J that belong to it. */
function bruteBlock(J: number[][], n: number, columns: number[], rtol: number) {
  const Jl = J.map((row) => columns.map((c) => row[c]!));
  return kappaAndRank(bruteGnEigenvalues(Jl, n), rtol);
}

function layerColumns(sizes: number[], bias: boolean): number[][] {
  const out: number[][] = [];
  let w = 0;
  let b = sizes.slice(1).reduce((s, r, l) => s + r * sizes[l]!, 0);
  for (let l = 0; l + 1 < sizes.length; l++) {
    const cols: number[] = [];
    for (let t = 0; t < sizes[l + 1]! * sizes[l]!; t++) cols.push(w + t);
    w += sizes[l + 1]! * sizes[l]!;
    if (bias) for (let i = 0; i < sizes[l + 1]!; i++) cols.push(b + i);
    if (bias) b += sizes[l + 1]!;
    out.push(cols);
  }
  return out;
}

const linearNet = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 6 }),
  n: fc.integer({ min: 1, max: 9 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
  beta: fc.constantFrom(0, 0.7),
});

describe('layer breakdown of (residual) linear nets', () => {
  test.prop([linearNet], { numRuns: 60, seed: 181 })(
    'σ₁, σ_min of P_l and Q_l, κ(P_l)κ(Q_l), γ_l and the block κ match the brute force',
    (r) => {
      const config = explicitConfig(r);
      const rows = linearRows(explain(config).layers);
      const W = effective(config);
      const L = W.length;
      const { d, k, m } = config;
      const n = config.X!.length;
      const J = bruteJacobian({ ...config, weights: config.weights! }, config.X!);
      const columns = layerColumns([d, ...m, k], false);
      const b2: number[] = [];
      expect(rows.map((x) => x.layer)).toEqual(W.map((_, i) => i + 1));
      rows.forEach((row, i) => {
        // P_l = W̃ᴸ⋯W̃ˡ⁺¹ (k × m_l), Q_l = W̃ˡ⁻¹⋯W̃¹ (m_{l−1} × d)
        let P = Matrix.eye(k, k);
        for (let j = L - 1; j > i; j--) P = P.mmul(W[j]!);
        let Q = Matrix.eye(d, d);
        for (let j = 0; j < i; j++) Q = W[j]!.mmul(Q);
        const p = extremes(P);
        const q = extremes(Q);
        // structural zeros (gn-math.md §5): a width above l below k, or below l below d
        const pMin = Math.min(Infinity, ...m.slice(i)) < k ? 0 : p.min;
        const qMin = Math.min(Infinity, ...m.slice(0, i)) < d ? 0 : q.min;
        expectAllClose(
          [row.sigmaMaxP, row.sigmaMinP, row.sigmaMaxQ, row.sigmaMinQ],
          [p.max, pMin, q.max, qMin],
          { rtol: 1e-9, atol: 1e-12 * Math.max(p.max, q.max) },
        );
        b2.push((pMin * qMin) ** 2);
        const expectedRatio = pMin * qMin > 0 ? (p.max * q.max) / (pMin * qMin) : Infinity;
        expectAllClose(row.kappaPQ, expectedRatio, TOL);
        const block = bruteBlock(J, n, columns[i]!, config.rtol);
        expect(row.block.rank).toBe(block.rank);
        if (block.rank > 0)
          expectAllClose(1 / row.block.kappa, 1 / block.kappa, { rtol: 1e-9, atol: 1e-12 });
      });
      const sum = b2.reduce((s, x) => s + x, 0);
      expectAllClose(
        rows.map((x) => x.gamma),
        b2.map((x) => (sum > 0 ? x / sum : 0)),
        { rtol: 1e-9, atol: 1e-15 },
      );
      if (sum > 0)
        expectAllClose(
          rows.reduce((s, x) => s + x.gamma, 0),
          1,
          { rtol: 1e-12 },
        );
    },
  );

  it('names a width bottleneck, and otherwise the layer with the largest κ(P_l)κ(Q_l)', () => {
    const narrow = explicitConfig({ widths: [4, 5, 2, 5, 3], n: 12, seed: 3 });
    const b = explain(narrow).layers;
    expect(b.family === 'linear' && b.summary).toMatch(/width bottleneck: m₂ = 2 is below d = 4/);
    const wide = explicitConfig({ widths: [3, 6, 6, 6, 2], n: 10, seed: 5 });
    const w = explain(wide).layers as LayerBreakdown & { family: 'linear' };
    const worst = w.layers.reduce((a, x) => (x.kappaPQ > a.kappaPQ ? x : a));
    expect(w.dominant).toBe(worst.layer);
    expect(w.summary).toContain(`Layer ${worst.layer} limits κ`);
  });

  it('a single layer: P₁ = I_k, Q₁ = I_d, κ(P₁)κ(Q₁) = 1, γ₁ = 1', () => {
    const rows = linearRows(explain(explicitConfig({ widths: [3, 2], n: 6, seed: 8 })).layers);
    expect(rows).toHaveLength(1);
    expectAllClose([rows[0]!.kappaPQ, rows[0]!.gamma], [1, 1], { rtol: 1e-14 });
  });
});

const blockNet = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 5 }),
  // few samples (n·k below some p_l: the nk side) or many (the p_l side)
  n: fc.integer({ min: 1, max: 14 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
  activation: fc.constantFrom('relu' as const, 'leaky_relu' as const),
  beta: fc.constantFrom(0, 0.5),
});

describe('layer breakdown from the GN diagonal blocks', () => {
  test.prop([blockNet], { numRuns: 60, seed: 182 })(
    'rank, λmax, λ⁺min and κ of every block match eig(J_lᵀJ_l/n) of the brute-force J',
    (r) => {
      const config = explicitConfig({ ...r, alpha: 0.2 });
      const rows = blockRows(explain(config).layers);
      const n = config.X!.length;
      const J = bruteJacobian({ ...config, weights: config.weights! }, config.X!);
      const columns = layerColumns([config.d, ...config.m, config.k], false);
      rows.forEach((row, i) => {
        expect('skipped' in row).toBe(false);
        if ('skipped' in row) return;
        const block = bruteBlock(J, n, columns[i]!, config.rtol);
        expect(row.params).toBe(columns[i]!.length);
        expect(row.maxRank).toBe(Math.min(n * config.k, row.params));
        expect(row.rank).toBe(block.rank);
        if (block.rank === 0) return;
        // eigenvalues of a Gram are accurate to about ε·λmax (both sides), so λ⁺min and 1/κ are
        // compared with an absolute tolerance of 1e-12·λmax
        const top = block.kept[0]!;
        expectAllClose(row.lambdaMax, top, { rtol: 1e-9 });
        expectAllClose(row.lambdaMin, block.kept[block.rank - 1]!, {
          rtol: 1e-9,
          atol: 1e-12 * top,
        });
        expectAllClose(1 / row.kappa, 1 / block.kappa, { rtol: 1e-9, atol: 1e-12 });
      });
    },
  );

  it('biases: each block holds the layer’s weights and its bias (forward-mode J)', () => {
    const base = explicitConfig({ widths: [3, 4, 4, 2], n: 7, seed: 11, activation: 'relu' });
    const biases = [
      [0.1, -0.2, 0.3, 0],
      [0.2, 0.1, -0.1, 0.05],
      [0.3, -0.3],
    ];
    const config = normalizeConfig({ ...base, bias: true, biases }).config;
    const rows = blockRows(explain(config).layers);
    const W = effective(config).map((w) => w.to2DArray());
    const J = forwardModeJacobian({ W, b: biases, activation: 'relu', alpha: 0 }, config.X!);
    const columns = layerColumns([3, 4, 4, 2], true);
    rows.forEach((row, i) => {
      if ('skipped' in row) throw new Error('no block is skipped at this size');
      const block = bruteBlock(J, 7, columns[i]!, config.rtol);
      expect([row.params, row.rank]).toEqual([columns[i]!.length, block.rank]);
      expectAllClose(1 / row.kappa, 1 / block.kappa, { rtol: 1e-9, atol: 1e-12 });
    });
  });

  it('pruning: the blocks hold the kept weights only', () => {
    const config = {
      ...explicitConfig({ widths: [4, 5, 3], n: 9, seed: 12, activation: 'leaky_relu' }),
      prune: 0.3,
    };
    const masks = pruneMasks(networkWeights(config), 0.3);
    const pruned = networkWeights(config).map((w, l) =>
      toRows({ ...w, data: w.data.map((v, t) => (masks[l]![t] ? v : 0)) }),
    );
    const rows = blockRows(explain(config).layers);
    const J = bruteJacobian({ ...config, weights: pruned }, config.X!);
    let offset = 0;
    rows.forEach((row, l) => {
      const columns: number[] = [];
      masks[l]!.forEach((keep, t) => {
        if (keep) columns.push(offset + t);
      });
      offset += masks[l]!.length;
      if ('skipped' in row) throw new Error('no block is skipped at this size');
      const block = bruteBlock(J, 9, columns, config.rtol);
      expect([row.params, row.rank]).toEqual([columns.length, block.rank]);
      expectAllClose(1 / row.kappa, 1 / block.kappa, { rtol: 1e-9, atol: 1e-12 });
    });
  });

  it('on a linear net the propagation path agrees with the Kronecker path (A_l ⊗ B_l)', () => {
    const config = explicitConfig({ widths: [3, 5, 4, 2], n: 8, seed: 13, beta: 0.4 });
    const viaKron = linearRows(explain(config).layers);
    const eff = effectiveWeights(config, networkWeights(config));
    const net = { activation: 'linear' as const, alpha: 0, rtol: config.rtol };
    const viaBlocks = layerBlocks(eff, fromRows(config.X!), net, null, []);
    viaBlocks.forEach((block, i) => {
      if ('skipped' in block) throw new Error('no block is skipped at this size');
      expect(block.rank).toBe(viaKron[i]!.block.rank);
      expectAllClose(
        [block.lambdaMax, block.lambdaMin],
        [viaKron[i]!.block.lambdaMax, viaKron[i]!.block.lambdaMin],
        { rtol: 1e-9 },
      );
    });
  });

  it('names the worst block and counts dead inputs', () => {
    const config = explicitConfig({ widths: [3, 6, 6, 2], n: 10, seed: 14, activation: 'relu' });
    const b = explain(config).layers as LayerBreakdown & { family: 'blocks' };
    const computed = b.layers.filter((r) => !('skipped' in r)) as (BlockLayerRow & {
      kappa: number;
    })[];
    const worst = computed.reduce((a, x) => (x.kappa > a.kappa ? x : a));
    expect(b.dominant).toBe(worst.layer);
    expect(b.summary).toContain(`Layer ${worst.layer}'s diagonal block`);
    // dead inputs: hidden units with h = 0 on every sample, from a plain ReLU forward pass
    const W = effective(config);
    let H = new Matrix(config.X!);
    b.layers.forEach((row, l) => {
      let dead = 0;
      if (l > 0)
        for (let j = 0; j < H.columns; j++) if (H.getColumn(j).every((v) => v === 0)) dead++;
      expect(row.deadInputs).toBe(dead);
      H = new Matrix(
        H.mmul(W[l]!.transpose())
          .to2DArray()
          .map((r) => r.map((v) => Math.max(0, v))),
      );
    });
  });
});

describe('the sentence naming the worst block', () => {
  const config = normalizeConfig({ L: 2, d: 3, k: 2, m: [5], activation: 'relu' }).config;
  const block = (kappa: number, rank: number, maxRank: number, deadInputs: number) => ({
    params: 10,
    rank,
    lambdaMax: 1,
    lambdaMin: 1 / kappa,
    kappa,
    deadInputs,
    maxRank,
  });

  it('says when the rank is capped by the samples, not by the weights', () => {
    const b = blockBreakdown(config, [block(1e3, 6, 6, 0), block(10, 10, 10, 0)]);
    expect(b.dominant).toBe(1);
    expect(b.summary).toMatch(/κ = 1000\b.*smallest non-zero eigenvalue.*capped by the n·k = 6/);
  });

  it('says when the block is singular, and how many inputs are dead', () => {
    const b = blockBreakdown(config, [block(10, 10, 10, 0), block(1e6, 5, 10, 2)]);
    expect(b.dominant).toBe(2);
    expect(b.summary).toMatch(/κ = 1·10⁶.*singular: rank 5 of at most 10; 2 units are dead/);
  });
});

describe('no breakdown', () => {
  it('batch norm and the CNN say why', () => {
    const bn = normalizeConfig({ batchNorm: true, L: 2, d: 3, k: 2, m: [3] }).config;
    const cnn = normalizeConfig({ model: 'cnn1d', d: 8, k: 2 }).config;
    for (const config of [bn, cnn]) {
      const b = explain(config).layers;
      expect(b.family).toBe('none');
      expect(b.family === 'none' && b.reason.length).toBeGreaterThan(20);
    }
  });
});
