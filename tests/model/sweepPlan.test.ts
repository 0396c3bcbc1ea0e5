import { decodeUrlState, encodeUrlState } from '../../src/model/urlCodec';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config';
import {
  configAt,
  sweepAxisNote,
  sweepAxisValue,
  sweepPlan,
  sweepSeeds,
  sweepValues,
  widthsForDepth,
} from '../../src/model/sweepPlan';
import { defaultSweepSettings } from '../../src/model/urlCodec';
import { expectAllClose } from '../helpers/allclose';

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

describe('sweep plans with compare series', () => {
  const base = defaultConfig();

  it('lays configurations out series-major, then seed-major', () => {
    const settings = {
      ...defaultSweepSettings(),
      from: 1,
      to: 3,
      points: 3,
      seeds: 2,
      compare: { kind: 'm' as const, values: ['50', '200'] },
    };
    const plan = sweepPlan(base, settings);
    expect(plan.series).toEqual([
      { key: 'm:50', label: 'm = 50' },
      { key: 'm:200', label: 'm = 200' },
    ]);
    expect(plan.configs).toHaveLength(2 * 2 * 3);
    expect(plan.jobs).toBe(12);
    // (g * seeds + s) * xs + i: series 1, seed 1 (= 2), depth 3.
    const c = plan.configs[(1 * 2 + 1) * 3 + 2]!;
    expect([c.L, c.seed, c.m]).toEqual([3, 2, [200, 200]]);
    expect(plan.configs[0]!.m).toEqual([]);
    expect(plan.skipped.every((r) => r === null)).toBe(true);
  });

  it('evaluates β schedules and m = c·L at each depth', () => {
    const beta = sweepPlan(base, {
      ...defaultSweepSettings(),
      from: 2,
      to: 5,
      points: 4,
      seeds: 1,
      compare: { kind: 'beta', values: ['isqrt', 'inv'] },
    });
    expect(beta.configs.slice(0, 4).map((c) => c.beta)).toEqual([1, 0.707107, 0.57735, 0.5]);
    expect(beta.configs.slice(4).map((c) => c.beta)).toEqual([1, 0.5, 0.333333, 0.25]);
    const prop = sweepPlan(base, {
      ...defaultSweepSettings(),
      from: 2,
      to: 4,
      points: 3,
      seeds: 1,
      compare: { kind: 'mprop', values: ['5'] },
    });
    expect(prop.configs.map((c) => c.m)).toEqual([[10], [15, 15], [20, 20, 20]]);
  });

  it('changes its key with the comparison but not with the bound shown', () => {
    const settings = defaultSweepSettings();
    const withCompare = { ...settings, compare: { kind: 'bn' as const, values: ['0', '1'] } };
    expect(sweepPlan(base, withCompare).key).not.toBe(sweepPlan(base, settings).key);
    expect(sweepPlan(base, { ...withCompare, showBound: 'convex' }).key).toBe(
      sweepPlan(base, withCompare).key,
    );
  });

  it('skips impossible points and points the size guard refuses', () => {
    const cnn = { ...base, model: 'cnn1d' as const, d: 10 };
    const plan = sweepPlan(cnn, {
      ...defaultSweepSettings('kernel'),
      from: 1,
      to: 16,
      points: 16,
      seeds: 1,
    });
    // d = 10 allows K ≤ 10 with one convolution.
    expect(plan.skipped.slice(0, 10).every((r) => r === null)).toBe(true);
    expect(plan.skipped.slice(10).every((r) => r !== null && /not possible/.test(r))).toBe(true);
    expect(plan.jobs).toBe(10);
    const relu = { ...base, activation: 'relu' as const, data: { ...base.data, n: 2000 } };
    const big = sweepPlan(relu, { ...defaultSweepSettings(), seeds: 1 });
    expect(big.skipped[0]).toBeNull(); // L = 1 is linear regression: small
    expect(big.skipped[1]).toBeNull(); // L = 2: JᵀJ/n is 5900 × 5900, slow but computable
    // L ≥ 3: the smaller Gram is ≥ 15900 × 15900, beyond the memory limit.
    expect(big.skipped.slice(2).every((r) => r !== null && /too large/.test(r))).toBe(true);
    expect(big.estimateMs).toBeGreaterThan(0);
  });

  it('sums the cost estimate of the points it evaluates', () => {
    const one = sweepPlan(base, { ...defaultSweepSettings(), seeds: 1 });
    const three = sweepPlan(base, { ...defaultSweepSettings(), seeds: 3 });
    // the same per-point estimates summed three times: equal up to rounding of the sums
    expectAllClose(three.estimateMs, 3 * one.estimateMs, { rtol: 1e-12, atol: 0 });
  });

  it('sweeps the new axes', () => {
    const c = configAt(base, 'rtol', 1e-6, 1);
    expect(c.rtol).toBe(1e-6);
    expect(sweepAxisValue(configAt(base, 'alpha', 0.2, 1), 'alpha')).toBe(0.2);
    expect(sweepAxisValue(configAt(base, 'filters', 4, 1), 'filters')).toBe(4);
    expect(sweepAxisValue(configAt(base, 'kernel', 5, 1), 'kernel')).toBe(5);
    expect(sweepValues(defaultSweepSettings('rtol'))).toEqual([
      1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2,
    ]);
    const rtol = defaultSweepSettings('rtol');
    expect(sweepPlan({ ...base, rtol: 1e-3 }, rtol).key).toBe(sweepPlan(base, rtol).key);
  });

  it('says when an axis changes nothing', () => {
    expect(sweepAxisNote(base, 'filters')).toMatch(/CNN/);
    expect(sweepAxisNote({ ...base, model: 'cnn1d' }, 'filters')).toBeNull();
    expect(sweepAxisNote({ ...base, model: 'cnn1d' }, 'L')).toMatch(/CNN/);
    expect(sweepAxisNote(base, 'alpha')).toMatch(/leaky/);
    expect(sweepAxisNote({ ...base, activation: 'leaky_relu' }, 'alpha')).toBeNull();
    expect(
      sweepAxisNote(base, 'alpha', { kind: 'act', values: ['relu', 'leaky_relu'] }),
    ).toBeNull();
  });
});

describe('sweep over the pruned fraction (issue "Pruning")', () => {
  it('plans f = 0 … 0.9 from the link and round-trips the axis', () => {
    const { config, view, notices } = decodeUrlState('?v=1&sweep=prune&pts=4&seeds=1');
    expect(notices).toStrictEqual([]);
    const plan = sweepPlan(config, view);
    expect(plan.xs).toStrictEqual([0, 0.3, 0.6, 0.9]);
    expect(plan.configs.map((c) => c.prune)).toStrictEqual([0, 0.3, 0.6, 0.9]);
    expect(decodeUrlState(encodeUrlState(config, view)).view).toStrictEqual(view);
  });

  it('skips the points that imported matrices fix, with the reason', () => {
    const base = defaultConfig();
    const withWeights = {
      ...base,
      L: 2,
      d: 3,
      k: 2,
      m: [4],
      weights: [
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
          [1, 1, 1],
        ],
        [
          [1, 0, 1, 0],
          [0, 1, 0, 1],
        ],
      ],
    };
    const plan = sweepPlan(withWeights, {
      ...defaultSweepSettings('L'),
      from: 1,
      to: 4,
      points: 4,
      seeds: 1,
    });
    expect(plan.skipped).toStrictEqual([
      'at depth L = 1: the architecture is fixed by your imported weights',
      null,
      'at depth L = 3: the architecture is fixed by your imported weights',
      'at depth L = 4: the architecture is fixed by your imported weights',
    ]);
    const withX = {
      ...base,
      d: 2,
      X: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    };
    withX.data = { ...withX.data, n: 3 };
    const kx = sweepPlan(withX, { ...defaultSweepSettings('kx'), seeds: 1 });
    expect(kx.skipped.every((s) => s === null || /fixed by your imported X/.test(s))).toBe(true);
    expect(kx.skipped.some((s) => s !== null)).toBe(true);
    // each evaluated point carries its estimate (its job's time limit), skipped ones 0
    expect(plan.pointMs).toHaveLength(plan.configs.length);
    plan.pointMs.forEach((ms, i) => expect(ms > 0).toBe(plan.skipped[i] === null));
  });
});
