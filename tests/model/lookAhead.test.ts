import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { defaultConfig } from '../../src/core/config';
import { configKey } from '../../src/compute/orchestrator';
import type { GnConfig } from '../../src/core/types';
import { continueMove, lookAheadConfigs, sliderMove } from '../../src/model/lookAhead';
import { createAppStore } from '../../src/state/store';
import type { AppStore } from '../../src/state/store';
import type { ParamsPatch } from '../../src/model/paramEdits';
import { BranchCounter } from '../helpers/present';

function storeWith(config: GnConfig): AppStore {
  const store = createAppStore();
  store.getState().replaceParams(config);
  return store;
}

describe('look-ahead: which configuration comes next', () => {
  it('continues a depth step with the widths the store will give it', () => {
    const store = storeWith(defaultConfig());
    const before = store.getState().params;
    store.getState().updateParams({ L: 4 });
    const after = store.getState().params;
    expect(sliderMove(before, after)).toStrictEqual({ kind: 'param', field: 'L', from: 3, to: 4 });
    const [ahead, back] = lookAheadConfigs(before, after);
    store.getState().updateParams({ L: 5 });
    expect(configKey(ahead!)).toBe(configKey(store.getState().params));
    expect(ahead!.m).toStrictEqual([100, 100, 100, 100]);
    expect(configKey(back!)).toBe(configKey(before));
  });

  it('continues a log slider multiplicatively and a width step on every width', () => {
    const base = defaultConfig();
    const kx = { ...base, data: { ...base.data, kappa: 10 } };
    const kx2 = { ...base, data: { ...base.data, kappa: 100 } };
    expect(continueMove(kx2, sliderMove(kx, kx2)!)!.data.kappa).toBe(1000);
    const wide = { ...base, m: [120, 120] };
    const move = sliderMove(base, wide);
    expect(move).toStrictEqual({ kind: 'width', from: 100, to: 120 });
    expect(continueMove(wide, move!)!.m).toStrictEqual([140, 140]);
  });

  it('predicts nothing for a change that is not one slider step', () => {
    const base = defaultConfig();
    expect(sliderMove(base, { ...base, activation: 'relu' })).toBeNull();
    expect(sliderMove(base, { ...base, seed: 7 })).toBeNull();
    expect(sliderMove(base, { ...base, beta: 1, prune: 0.5 })).toBeNull();
    expect(sliderMove(base, { ...base, m: [100, 50] })).toBeNull();
    expect(lookAheadConfigs(base, { ...base, init: 'orthogonal' })).toStrictEqual([]);
    // at the end of a range there is nothing further
    const top = { ...base, beta: 100 };
    expect(continueMove(top, sliderMove({ ...base, beta: 99 }, top)!)).toBeNull();
  });

  it('starts a fresh page with the depth neighbours', () => {
    const base = defaultConfig();
    expect(lookAheadConfigs(null, base).map((c) => c.L)).toStrictEqual([4, 2]);
    const one = { ...base, L: 1, m: [] };
    expect(lookAheadConfigs(null, one).map((c) => c.L)).toStrictEqual([2]);
  });

  // Every slider, from random starting points: two equal steps in the store, and the prediction
  // made after the first is exactly (same key) what the store holds after the second.
  const sliders = [
    { patch: (v: number) => ({ L: v }), get: (c: GnConfig) => c.L, step: 1 },
    { patch: (v: number) => ({ beta: v }), get: (c: GnConfig) => c.beta, step: 0.01 },
    { patch: (v: number) => ({ prune: v }), get: (c: GnConfig) => c.prune, step: 0.01 },
    { patch: (v: number) => ({ d: v }), get: (c: GnConfig) => c.d, step: 1 },
    { patch: (v: number) => ({ k: v }), get: (c: GnConfig) => c.k, step: 1 },
    { patch: (v: number) => ({ data: { n: v } }), get: (c: GnConfig) => c.data.n, step: 10 },
  ] as const;
  const guesses = new BranchCounter<'moved' | 'stopped' | 'end'>();
  propTest.prop(
    [
      fc.integer({ min: 0, max: sliders.length - 1 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 300 }),
      fc.constantFrom(1, -1),
    ],
    { seed: 20261128, numRuns: 150 },
  )('a correct guess has the key the store produces', (which, L, width, direction) => {
    const slider = sliders[which]!;
    const start = defaultConfig();
    start.L = L;
    start.m = Array.from({ length: L - 1 }, () => width);
    const store = storeWith(start);
    const step = (s: AppStore) => {
      const v = slider.get(s.getState().params) + direction * slider.step;
      s.getState().updateParams(slider.patch(v) as ParamsPatch);
    };
    const before = store.getState().params;
    step(store);
    const after = store.getState().params;
    const predicted = lookAheadConfigs(before, after);
    step(store);
    const next = store.getState().params;
    if (configKey(after) === configKey(before)) {
      guesses.hit('end'); // already at an end: nothing moved
      return;
    }
    if (configKey(next) === configKey(after)) {
      guesses.hit('stopped');
      expect(predicted.map(configKey)).not.toContain(configKey(after));
      return;
    }
    guesses.hit('moved');
    expect(configKey(predicted[0]!)).toBe(configKey(next));
  });
  it('compared most guesses with a real second step above', () => {
    expect(guesses.count('moved')).toBeGreaterThanOrEqual(100);
  });

  it('a width drag in the store is predicted the same way', () => {
    const store = storeWith(defaultConfig());
    const before = store.getState().params;
    store.getState().setWidth(101);
    const after = store.getState().params;
    const [ahead] = lookAheadConfigs(before, after);
    store.getState().setWidth(102);
    expect(configKey(ahead!)).toBe(configKey(store.getState().params));
  });
});
