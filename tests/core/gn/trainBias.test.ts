/**
 * Training with biases (docs/gn-math.md §11, §15): the bias gradients against central finite
 * differences, one full-batch GD step against a finite-difference gradient step on the loss, the
 * loss decreasing under GD and SGD, and the recorded κ being the evaluation with the biases.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/gn/evaluate';
import { effectiveWeights, networkBiases, networkWeights } from '../../../src/core/gn/init';
import { lossAndGradient, train, Trainer, trainingTargets } from '../../../src/core/gn/train';
import { fromRows, type Mat } from '../../../src/core/linalg/matrix';
import type { GnConfig } from '../../../src/core/types';
import { expectAllClose } from '../../helpers/allclose';
import { explicitConfig, gaussianRows } from '../../helpers/configs';

function withBiases(config: GnConfig, seed: number): GnConfig {
  const sizes = [config.d, ...config.m, config.k];
  const biases = sizes.slice(1).map((m, l) => gaussianRows(1, m, seed + l, 0.3)[0]!);
  return { ...config, bias: true, biases };
}

const small = (activation: 'linear' | 'relu' | 'leaky_relu', beta = 0): GnConfig =>
  withBiases(
    explicitConfig({ widths: [3, 4, 3, 2], n: 6, seed: 71, activation, alpha: 0.2, beta }),
    700,
  );

/** The full-data loss at weights `raw` and biases `b`. */
function lossAt(config: GnConfig, raw: Mat[], b: Float64Array[], X: Mat, Y: Mat): number {
  const all = Array.from({ length: X.rows }, (_, i) => i);
  return lossAndGradient(config, effectiveWeights(config, raw), X, Y, all, b).loss;
}

/** Central-difference gradient (h = 1e-6) of the full-data loss w.r.t. every weight and bias. */
function fdGradient(config: GnConfig, X: Mat, Y: Mat): { gW: Float64Array[]; gb: Float64Array[] } {
  const raw = networkWeights(config);
  const b = networkBiases(config);
  const h = 1e-6;
  const gW = raw.map((w, l) =>
    w.data.map((_, e) => {
      const at = (delta: number) => {
        const moved = raw.map((m) => ({ ...m, data: m.data.slice() }));
        moved[l]!.data[e] = moved[l]!.data[e]! + delta;
        return lossAt(config, moved, b, X, Y);
      };
      return (at(h) - at(-h)) / (2 * h);
    }),
  );
  const gb = b.map((v, l) =>
    v.map((_, i) => {
      const at = (delta: number) => {
        const moved = b.map((x) => x.slice());
        moved[l]![i] = moved[l]![i]! + delta;
        return lossAt(config, raw, moved, X, Y);
      };
      return (at(h) - at(-h)) / (2 * h);
    }),
  );
  return { gW, gb };
}

describe('training with biases', () => {
  for (const act of ['linear', 'relu', 'leaky_relu'] as const) {
    it(`the bias and weight gradients are those of the loss (central differences, ${act}, skips)`, () => {
      const config = small(act, 0.3);
      const X = fromRows(config.X!);
      const Y = trainingTargets(config, X, 0.1);
      const all = Array.from({ length: X.rows }, (_, i) => i);
      const { grads, biasGrads } = lossAndGradient(
        config,
        effectiveWeights(config, networkWeights(config)),
        X,
        Y,
        all,
        networkBiases(config),
      );
      const fd = fdGradient(config, X, Y);
      expect(biasGrads.length).toBe(3);
      grads.forEach((g, l) => expectAllClose(g.data, fd.gW[l]!, { rtol: 1e-6, atol: 1e-9 }));
      biasGrads.forEach((g, l) => expectAllClose(g, fd.gb[l]!, { rtol: 1e-6, atol: 1e-9 }));
    });

    it(`one full-batch GD step = θ − η·(finite-difference gradient) to 1e-7 (${act})`, () => {
      const config = small(act);
      const X = fromRows(config.X!);
      const Y = trainingTargets(config, X, 0);
      const lr = 0.1;
      const trainer = new Trainer(config, { epochs: 1, lr, every: 1 });
      trainer.advance(1);
      expect(trainer.step).toBe(1);
      const fd = fdGradient(config, X, Y);
      const W0 = networkWeights(config);
      const b0 = networkBiases(config);
      expectAllClose(
        trainer.weights().flat(2),
        W0.flatMap((w, l) => Array.from(w.data, (v, e) => v - lr * fd.gW[l]![e]!)),
        { rtol: 0, atol: 1e-7 },
      );
      expectAllClose(
        trainer.biases().flat(),
        b0.flatMap((b, l) => Array.from(b, (v, i) => v - lr * fd.gb[l]![i]!)),
        { rtol: 0, atol: 1e-7 },
      );
      // the biases moved: their gradient is not zero
      expect(trainer.biases().flat()).not.toStrictEqual(b0.flatMap((b) => Array.from(b)));
    });
  }

  it('GD and SGD lower the loss; the recorded κ is the evaluation with the current biases', () => {
    const config = small('relu');
    for (const batch of [undefined, 2]) {
      const trainer = new Trainer(config, {
        epochs: 20,
        lr: 0.05,
        every: 10,
        ...(batch ? { batch } : {}),
      });
      while (!trainer.done) trainer.advance(100);
      const recs = trainer.records;
      expect(recs.at(-1)!.loss).toBeLessThan(recs[0]!.loss);
      const last = evaluate({ ...config, weights: trainer.weights(), biases: trainer.biases() });
      const lastRec = recs.at(-1)!;
      expect(lastRec.step).toBe(trainer.step);
      expect(lastRec.kappa).toBe(last.kappa);
      expect(lastRec.rank).toBe(last.rank);
    }
  });

  it('learns a constant offset that a bias-free net cannot fit (linear, L = 1)', () => {
    const base = explicitConfig({ widths: [3, 2], n: 10, seed: 73 });
    const X = base.X!;
    // targets y = x·T + 1: affine, so only the bias can remove the offset
    const Y = X.map((x) => [x[0]! + 1, x[1]! - x[2]! + 1]);
    const settings = { epochs: 400, lr: 0.2, every: 400 };
    const plain = train({ ...base, Y }, settings);
    const biased = train({ ...base, Y, bias: true }, settings);
    expect(biased.at(-1)!.loss).toBeLessThan(1e-6);
    expect(plain.at(-1)!.loss).toBeGreaterThan(0.1);
  });

  it('without biases the gradient has no bias part and the weights train as before', () => {
    const config = explicitConfig({ widths: [3, 4, 2], n: 5, seed: 72, activation: 'relu' });
    const X = fromRows(config.X!);
    const Y = trainingTargets(config, X, 0);
    const eff = effectiveWeights(config, networkWeights(config));
    const a = lossAndGradient(config, eff, X, Y, [0, 1, 2, 3, 4]);
    const b = lossAndGradient(config, eff, X, Y, [0, 1, 2, 3, 4], []);
    expect(a.biasGrads).toStrictEqual([]);
    expect(b).toStrictEqual(a);
    const t = new Trainer(config, { epochs: 3, lr: 0.1, every: 1 });
    t.advance(3);
    expect(t.biases()).toStrictEqual([]);
    expect(t.step).toBe(3);
  });
});
