/**
 * Training (issue "Training"): deterministic full-batch GD against an independent numpy
 * implementation over 100 steps (tests/fixtures/make_train_reference.py), the gradient against
 * finite differences, and mini-batch determinism.
 */
import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/train-reference.json';
import { normalizeConfig } from '../../../src/core/config';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import { lossAndGradient, train, trainingTargets } from '../../../src/core/gn/train';
import { fromRows } from '../../../src/core/linalg/matrix';
import { expectAllClose } from '../../helpers/allclose';
import { explicitConfig } from '../../helpers/configs';

describe('full-batch gradient descent', () => {
  it('has the fixture cases of tests/fixtures/make_train_reference.py', () => {
    expect(fixture.generator).toBe('tests/fixtures/make_train_reference.py');
    expect(fixture.cases.map((c) => c.name)).toStrictEqual([
      'linear_L3',
      'residual_L3_hidden',
      'leaky_L2',
    ]);
  });

  for (const c of fixture.cases) {
    it(`${c.name}: loss and κ agree with numpy for 100 steps (rtol 1e-9)`, () => {
      const { config } = normalizeConfig(c.config);
      const records = train(config, { epochs: c.steps, lr: c.lr, every: c.every });
      expect(records.map((r) => r.step)).toStrictEqual(c.expected.map((e) => e.step));
      expectAllClose(
        records.map((r) => r.loss),
        c.expected.map((e) => e.loss),
        { rtol: 1e-9 },
      );
      expectAllClose(
        records.map((r) => r.kappa),
        c.expected.map((e) => e.kappa),
        { rtol: 1e-9 },
      );
      expect(records.map((r) => r.rank)).toStrictEqual(c.expected.map((e) => e.rank));
    });
  }
});

describe('lossAndGradient', () => {
  it('is the gradient of (1/2b)Σ‖f − y‖² (central differences, h = 1e-6)', () => {
    const config = explicitConfig({
      widths: [3, 4, 2],
      n: 5,
      seed: 61,
      activation: 'leaky_relu',
      alpha: 0.2,
      beta: 0.3,
    });
    const X = fromRows(config.X!);
    const Y = trainingTargets(config, X, 0.1);
    const raw = networkWeights(config);
    const idx = [0, 2, 3];
    const { grads } = lossAndGradient(config, effectiveWeights(config, raw), X, Y, idx);
    const h = 1e-6;
    raw.forEach((w, l) => {
      for (let e = 0; e < w.data.length; e++) {
        const at = (delta: number) => {
          const moved = raw.map((m) => ({ ...m, data: m.data.slice() }));
          moved[l]!.data[e] = moved[l]!.data[e]! + delta;
          return lossAndGradient(config, effectiveWeights(config, moved), X, Y, idx).loss;
        };
        expectAllClose(grads[l]!.data[e]!, (at(h) - at(-h)) / (2 * h), { rtol: 1e-6, atol: 1e-9 });
      }
    });
  });
});

describe('mini-batch SGD', () => {
  it('is deterministic for a seed, differs across seeds, and lowers the loss', () => {
    const { config } = normalizeConfig({ L: 2, d: 5, k: 2, m: 8, data: { n: 40 }, seed: 3 });
    const a = train(config, { epochs: 5, lr: 0.1, every: 4, batch: 8 });
    const b = train(config, { epochs: 5, lr: 0.1, every: 4, batch: 8 });
    expect(a).toStrictEqual(b);
    expect(a.map((r) => r.step)).toStrictEqual([0, 4, 8, 12, 16, 20, 24]);
    const c = train({ ...config, seed: 4 }, { epochs: 5, lr: 0.1, every: 4, batch: 8 });
    expect(c[1]!.loss).not.toBe(a[1]!.loss);
    expect(a.at(-1)!.loss).toBeLessThan(a[0]!.loss);
  });

  it('reports divergence and bad settings clearly', () => {
    const { config } = normalizeConfig({ L: 2, d: 5, k: 2, m: 8, data: { n: 20 } });
    expect(() => train(config, { epochs: 200, lr: 1e3, every: 10 })).toThrow(
      /training diverged at step \d+ .*lower the learning rate/,
    );
    expect(() => train(config, { epochs: 1, lr: -1, every: 1 })).toThrow(
      /lr must be a positive number/,
    );
  });
});
