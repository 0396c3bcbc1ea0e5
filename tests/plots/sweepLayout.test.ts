import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { pointStats, sweepLayout } from '../../src/plots/sweepLayout';
import type { SweepLayoutInput } from '../../src/plots/sweepLayout';
import { ticksOverlap } from '../../src/plots/ticks';
import { expectAllClose } from '../helpers/allclose';

const base: SweepLayoutInput = {
  xs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  series: [
    { id: 'kappa', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((L) => [10 ** L, 2 * 10 ** L]) },
    {
      id: 'max',
      values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((L) => (L === 5 ? [] : [10 ** (2 * L)])),
    },
  ],
  logX: false,
  integerX: true,
  currentX: 3,
  spread: 'range',
  width: 800,
  height: 400,
};

describe('point statistics', () => {
  it('uses the geometric mean and the min–max range', () => {
    const s = pointStats([1, 100], 'range')!;
    expectAllClose(s.mean, 10, { rtol: 1e-15, atol: 0 });
    expect([s.lo, s.hi, s.n]).toEqual([1, 100, 2]);
  });

  it('uses ±1 sample sd of log10 values', () => {
    const s = pointStats([1, 100], 'sd')!;
    // log10 values 0 and 2: mean 1, sample sd √2.
    // 10^(1 ∓ √2) ≈ 0.0385 and 260: relative tolerance (a few ulps through log10 and 10^x).
    expectAllClose(s.lo, 10 ** (1 - Math.SQRT2), { rtol: 1e-14, atol: 0 });
    expectAllClose(s.hi, 10 ** (1 + Math.SQRT2), { rtol: 1e-14, atol: 0 });
  });

  it('ignores non-positive and non-finite values', () => {
    expect(pointStats([0, -1, Infinity, NaN], 'range')).toBeNull();
    expect(pointStats([0, 10], 'range')!.mean).toBe(10);
  });
});

describe('sweep layout', () => {
  it('spans every value on a log y axis and maps x linearly', () => {
    const layout = sweepLayout(base);
    const [lo, hi] = layout.y.domain() as [number, number];
    expect(lo).toBeLessThanOrEqual(10);
    expect(hi).toBeGreaterThanOrEqual(1e20);
    expect(layout.x(1)).toBe(0);
    expect(layout.x(10)).toBe(layout.innerWidth);
    expect(layout.xTicks.every((t) => Number.isInteger(t.value))).toBe(true);
  });

  it('draws a band where seeds disagree, a gap where a bound is missing', () => {
    const layout = sweepLayout(base);
    const kappa = layout.series.find((s) => s.id === 'kappa')!;
    const max = layout.series.find((s) => s.id === 'max')!;
    expect(kappa.band).not.toBeNull();
    expect(max.band).toBeNull(); // one value per point: nothing to spread
    expect(max.points.map((p) => p.index)).not.toContain(4);
    // d3.line starts a new subpath after an undefined point.
    expect(max.line!.match(/M/g)!.length).toBe(2);
  });

  it('marks the current value only inside the swept range', () => {
    const layout = sweepLayout(base);
    expect(layout.markerX).not.toBeNull();
    expectAllClose(layout.markerX!, layout.x(3), { rtol: 1e-12, atol: 0 });
    expect(sweepLayout({ ...base, currentX: 12 }).markerX).toBeNull();
    expect(sweepLayout({ ...base, currentX: null }).markerX).toBeNull();
  });

  it('uses a log x axis for κ(Σ)', () => {
    const xs = [1, 10, 100, 1000, 1e4, 1e5, 1e6];
    const layout = sweepLayout({
      ...base,
      xs,
      logX: true,
      integerX: false,
      currentX: 100,
      series: [{ id: 'kappa', values: xs.map((x) => [x * 3]) }],
    });
    // pixels (~240): relative, a log scale rounds in log10
    expectAllClose(layout.x(100), layout.innerWidth / 3, { rtol: 1e-12, atol: 0 });
    expect(layout.xTicks.map((t) => t.label)).toContain('10³');
  });

  it('is empty but valid without data', () => {
    const layout = sweepLayout({ ...base, series: [] });
    expect(layout.empty).toBe(true);
    expect(layout.yTicks.length).toBeGreaterThan(0);
  });

  propTest.prop([
    fc.integer({ min: 240, max: 1600 }),
    fc.integer({ min: 200, max: 600 }),
    fc.integer({ min: 0, max: 60 }),
    fc.constantFrom('L', 'm', 'kx', 'beta'),
  ])('ticks never overlap', (width, height, decades, axis) => {
    const xs =
      axis === 'L'
        ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 32]
        : axis === 'm'
          ? [10, 17, 30, 53, 93, 163, 286, 500]
          : axis === 'kx'
            ? [1, 1e2, 1e4, 1e6, 1e8, 1e10, 1e12]
            : [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4];
    const layout = sweepLayout({
      ...base,
      xs,
      logX: axis === 'm' || axis === 'kx',
      integerX: axis === 'L' || axis === 'm',
      width,
      height,
      series: [{ id: 'kappa', values: xs.map((_, i) => [10 ** ((decades * i) / xs.length) + 1]) }],
    });
    expect(ticksOverlap(layout.xTicks, 'horizontal')).toBe(false);
    expect(ticksOverlap(layout.yTicks, 'vertical')).toBe(false);
    expect(layout.xTicks.length).toBeGreaterThanOrEqual(2);
    expect(layout.yTicks.length).toBeGreaterThanOrEqual(1);
  });
});

describe('readable y range', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const clippedInput: SweepLayoutInput = {
    ...base,
    xs,
    clipDecades: 3,
    series: [
      { id: 'kappa', reference: true, label: 'κ', values: xs.map((L) => [10 * L]) },
      { id: 'convex', label: 'B1', values: xs.map((L) => [20 * L]) },
      { id: 'max', label: 'Max B2', values: xs.map((L) => [10 ** (L / 2)]) },
      { id: 'layerwise', label: 'Layer-wise B3', values: xs.map((L) => [10 ** (4 * L)]) },
    ],
  };

  it('ends the y axis a few decades above κ and marks the curves that leave it', () => {
    const layout = sweepLayout(clippedInput);
    const [, hi] = layout.y.domain() as [number, number];
    // κ reaches 100: the axis ends at 10⁵ (plus headroom), far below B3's 10⁴⁰.
    expect(hi).toBeGreaterThanOrEqual(1e5);
    expect(hi).toBeLessThan(1e6);
    expect(layout.clipped).toBe(true);
    const ids = layout.offScale.map((m) => m.id);
    expect(ids).toEqual(['layerwise']);
    const mark = layout.offScale[0]!;
    // B3 first exceeds 10⁵ at L = 2 (10⁸).
    expectAllClose(mark.x, layout.x(2), { rtol: 1e-12, atol: 0 });
    expect(mark.max).toBe(1e40);
    expect(mark.text).toContain('Layer-wise B3');
    expect(mark.text).toContain('10⁴⁰');
  });

  it('keeps the full range without clipping or when everything fits', () => {
    expect(sweepLayout({ ...clippedInput, clipDecades: null }).clipped).toBe(false);
    const fits = sweepLayout({ ...clippedInput, series: clippedInput.series.slice(0, 3) });
    expect(fits.clipped).toBe(false);
    expect(fits.offScale).toEqual([]);
  });

  propTest.prop([fc.integer({ min: 240, max: 1600 }), fc.integer({ min: 1, max: 8 })], {
    seed: 2411,
    numRuns: 200,
  })('off-scale labels in one row never overlap and stay inside the plot', (width, count) => {
    const layout = sweepLayout({
      ...clippedInput,
      width,
      series: [
        clippedInput.series[0]!,
        ...Array.from({ length: count }, (_, k) => ({
          id: `b${k}`,
          label: `Bound number ${k}`,
          values: xs.map((L) => [10 ** (5 + L + k)]),
        })),
      ],
    });
    expect(layout.offScale).toHaveLength(count);
    const rows = new Map<number, [number, number][]>();
    for (const m of layout.offScale) {
      const w = m.textWidth;
      const start = m.textX;
      expect(w).toBeGreaterThanOrEqual(m.text.length * 12 * 0.6);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(start + w).toBeLessThanOrEqual(layout.innerWidth + 1e-9);
      for (const [a, b] of rows.get(m.row) ?? []) {
        expect(start >= b || start + w <= a).toBe(true);
      }
      rows.set(m.row, [...(rows.get(m.row) ?? []), [start, start + w]]);
    }
  });
});
