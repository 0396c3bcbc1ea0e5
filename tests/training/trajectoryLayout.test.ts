import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { ticksOverlap } from '../../src/plots/ticks';
import { nearestIndex, trajectoryLayout } from '../../src/training/trajectoryLayout';
import type { TrajectoryLayoutInput } from '../../src/training/trajectoryLayout';
import { expectAllClose } from '../helpers/allclose';

const steps = Array.from({ length: 11 }, (_, i) => i * 10);
const base: TrajectoryLayoutInput = {
  series: [
    { id: 'loss', points: steps.map((step) => ({ step, value: 10 ** (-step / 20) })) },
    { id: 'kappa', points: steps.map((step) => ({ step, value: 20 + step / 10 })) },
  ],
  maxStep: 200,
  markerStep: 50,
  width: 600,
  height: 300,
};

describe('trajectory layout', () => {
  it('spans the planned steps on x and every value on a log y axis', () => {
    const l = trajectoryLayout(base);
    expect(l.innerWidth).toBe(600 - l.margin.left - l.margin.right);
    expect(l.x.domain()).toEqual([0, 200]);
    const [lo, hi] = l.y.domain() as [number, number];
    expect(lo).toBeLessThan(1e-5);
    expect(hi).toBeGreaterThan(30);
    const loss = l.series[0]!;
    expect(loss.points).toHaveLength(11);
    expect(loss.points[0]!.x).toBe(0);
    expectAllClose(loss.points[10]!.x, l.innerWidth / 2, { rtol: 1e-12, atol: 0 });
    // Falling loss: y (down is larger) increases along the run.
    expect(loss.points[10]!.y).toBeGreaterThan(loss.points[0]!.y);
    expect(loss.path).toMatch(/^M0,/);
    expect(l.markerX).not.toBeNull();
    expectAllClose(l.markerX!, l.innerWidth / 4, { rtol: 1e-12, atol: 0 });
    expect(l.empty).toBe(false);
  });

  it('marks points only while they stay apart', () => {
    expect(trajectoryLayout(base).series[0]!.dots).toBe(true);
    const dense = Array.from({ length: 400 }, (_, step) => ({ step, value: 1 + step }));
    const l = trajectoryLayout({ ...base, maxStep: 400, series: [{ id: 'k', points: dense }] });
    expect(l.series[0]!.dots).toBe(false);
    expect(l.series[0]!.path).not.toBeNull();
  });

  it('extends the axis when the data go past the planned end', () => {
    const l = trajectoryLayout({ ...base, maxStep: 50 });
    expect(l.x.domain()).toEqual([0, 100]);
  });

  it('leaves out values a log axis cannot show', () => {
    const l = trajectoryLayout({
      ...base,
      series: [
        {
          id: 'kappa',
          points: [
            { step: 0, value: 5 },
            { step: 1, value: Infinity },
            { step: 2, value: 0 },
            { step: 3, value: NaN },
            { step: 4, value: 7 },
          ],
        },
      ],
    });
    expect(l.series[0]!.points.map((p) => p.step)).toEqual([0, 4]);
  });

  it('draws an empty frame without data, and a flat series with some span', () => {
    const empty = trajectoryLayout({ ...base, series: [{ id: 'x', points: [] }] });
    expect(empty.empty).toBe(true);
    expect(empty.series[0]!.path).toBeNull();
    const flat = trajectoryLayout({
      ...base,
      series: [{ id: 'k', points: steps.map((step) => ({ step, value: 1 })) }],
    });
    const [lo, hi] = flat.y.domain() as [number, number];
    expect(hi / lo).toBeGreaterThan(1.5);
    expect(flat.yTicks.length).toBeGreaterThanOrEqual(2);
  });

  it('hides the marker outside the axis', () => {
    expect(trajectoryLayout({ ...base, markerStep: null }).markerX).toBeNull();
    expect(trajectoryLayout({ ...base, markerStep: 500 }).markerX).toBeNull();
  });

  propTest.prop([
    fc.integer({ min: 180, max: 1400 }),
    fc.integer({ min: 1, max: 100000 }),
    fc.double({ min: -12, max: 12, noNaN: true }),
    fc.double({ min: 0, max: 20, noNaN: true }),
  ])('tick labels never overlap', (width, maxStep, logLo, decades) => {
    const l = trajectoryLayout({
      series: [
        {
          id: 'a',
          points: [
            { step: 0, value: 10 ** logLo },
            { step: maxStep, value: 10 ** (logLo + decades) },
          ],
        },
      ],
      maxStep,
      markerStep: null,
      width,
      height: 260,
    });
    expect(ticksOverlap(l.xTicks, 'horizontal')).toBe(false);
    expect(ticksOverlap(l.yTicks, 'vertical')).toBe(false);
    expect(l.xTicks.length).toBeGreaterThanOrEqual(2);
    expect(l.xTicks.every((t) => Number.isInteger(t.value))).toBe(true);
  });
});

describe('nearest recorded step', () => {
  it('finds the nearest of ascending steps', () => {
    expect(nearestIndex([], 3)).toBe(-1);
    expect(nearestIndex([0, 10, 20], -5)).toBe(0);
    expect(nearestIndex([0, 10, 20], 4)).toBe(0);
    expect(nearestIndex([0, 10, 20], 6)).toBe(1);
    expect(nearestIndex([0, 10, 20], 99)).toBe(2);
  });
});
