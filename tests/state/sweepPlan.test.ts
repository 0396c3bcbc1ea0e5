import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config';
import {
  configAt,
  sweepAxisValue,
  sweepPlan,
  sweepSeeds,
  sweepValues,
  widthsForDepth,
} from '../../src/state/sweepPlan';
import { defaultSweepSettings } from '../../src/state/urlCodec';

describe('sweep plan', () => {
  it('sweeps depth 1..10 over 3 seeds by default, seed-major', () => {
    const plan = sweepPlan(defaultConfig(), defaultSweepSettings());
    expect(plan.xs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(plan.seeds).toEqual([1, 2, 3]);
    expect(plan.configs).toHaveLength(30);
    expect(plan.configs[12]!.L).toBe(3);
    expect(plan.configs[12]!.seed).toBe(2);
    expect(plan.configs[12]!.m).toEqual([100, 100]);
    expect(plan.configs[0]!.m).toEqual([]);
  });

  it('rounds and de-duplicates integer values', () => {
    expect(sweepValues({ ...defaultSweepSettings(), from: 1, to: 3, points: 10 })).toEqual([
      1, 2, 3,
    ]);
  });

  it('log-spaces κ(Σ) with the codec digits', () => {
    expect(sweepValues(defaultSweepSettings('kx'))).toEqual([1, 10, 100, 1000, 1e4, 1e5, 1e6]);
    const widths = sweepValues(defaultSweepSettings('m'));
    expect(widths[0]).toBe(10);
    expect(widths.at(-1)).toBe(500);
    expect(widths.every(Number.isInteger)).toBe(true);
  });

  it('keeps its key when only the swept parameter changes', () => {
    const base = defaultConfig();
    const deeper = { ...base, L: 5, m: widthsForDepth(base.m, 5) };
    const settings = defaultSweepSettings();
    expect(sweepPlan(deeper, settings).key).toBe(sweepPlan(base, settings).key);
    expect(sweepPlan({ ...base, seed: 2 }, settings).key).not.toBe(sweepPlan(base, settings).key);
    expect(sweepPlan({ ...base, m: [50, 50] }, settings).key).not.toBe(
      sweepPlan(base, settings).key,
    );
    const beta = defaultSweepSettings('beta');
    expect(sweepPlan({ ...base, beta: 2 }, beta).key).toBe(sweepPlan(base, beta).key);
  });

  it('builds point configurations without touching the base', () => {
    const base = defaultConfig();
    const copy = structuredClone(base);
    const c = configAt(base, 'kx', 1000, 9);
    expect(c.data.kappa).toBe(1000);
    expect(c.seed).toBe(9);
    expect(configAt(base, 'm', 64, 1).m).toEqual([64, 64]);
    expect(base).toEqual(copy);
    expect(sweepAxisValue(c, 'kx')).toBe(1000);
  });

  it('wraps seeds at the top of the seed range', () => {
    expect(sweepSeeds(4294967295, 2)).toEqual([4294967295, 0]);
  });

  it('extends or cuts widths for a new depth', () => {
    expect(widthsForDepth([10, 20], 5)).toEqual([10, 20, 20, 20]);
    expect(widthsForDepth([10, 20], 2)).toEqual([10]);
    expect(widthsForDepth([], 3, 7)).toEqual([7, 7]);
  });
});
