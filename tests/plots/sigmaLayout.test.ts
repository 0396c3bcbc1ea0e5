import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { SIGMA_ZERO_RTOL, sigmaLayout } from '../../src/plots/sigmaLayout';
import { ticksOverlap } from '../../src/plots/ticks';

describe('Σ spectrum layout', () => {
  it('counts and marks zero eigenvalues below 1e-12·λmax', () => {
    const layout = sigmaLayout({
      eigenvalues: [1e-20, 4, 0, 1, -1e-17, 0.25],
      width: 600,
      height: 260,
    });
    expect(layout.rank).toBe(3);
    expect(layout.zeroCount).toBe(3);
    expect(layout.kappaPlus).toBe(16);
    expect(layout.lambdaMax).toBe(4);
    expect(layout.lambdaMinPlus).toBe(0.25);
    expect(layout.points.map((p) => p.value)).toEqual([4, 1, 0.25, 1e-20, 0, -1e-17]);
    expect(layout.points.map((p) => p.zero)).toEqual([false, false, false, true, true, true]);
    // Zero eigenvalues sit in the strip below the log area, non-zero ones inside it.
    for (const p of layout.points) {
      if (p.zero) expect(p.y).toBeGreaterThan(layout.logHeight);
      else expect(p.y).toBeLessThanOrEqual(layout.logHeight);
    }
    expect(layout.path).not.toBeNull();
  });

  it('gives white data (all eigenvalues equal) a visible span', () => {
    const layout = sigmaLayout({ eigenvalues: Array(49).fill(1e-3), width: 500, height: 240 });
    const [lo, hi] = layout.y.domain() as [number, number];
    expect(lo).toBeLessThan(1e-3);
    expect(hi).toBeGreaterThan(1e-3);
    expect(layout.kappaPlus).toBe(1);
    expect(layout.zeroCount).toBe(0);
  });

  it('survives empty and all-zero spectra', () => {
    expect(sigmaLayout({ eigenvalues: [], width: 300, height: 200 }).rank).toBe(0);
    const zero = sigmaLayout({ eigenvalues: [0, 0], width: 300, height: 200 });
    expect(zero.rank).toBe(0);
    expect(zero.kappaPlus).toBe(Infinity);
  });

  propTest.prop([
    fc.array(
      fc.oneof(
        fc.double({ min: 1e-4, max: 1e6, noNaN: true }),
        fc.constantFrom(0, -1e-15, 1e-19, 5e-324),
      ),
      { minLength: 1, maxLength: 800 },
    ),
    fc.integer({ min: 240, max: 1400 }),
  ])('is consistent with the threshold and its ticks never overlap', (values, width) => {
    const layout = sigmaLayout({ eigenvalues: values, width, height: 240 });
    const max = Math.max(0, ...values);
    expect(layout.rank).toBe(values.filter((v) => max > 0 && v > SIGMA_ZERO_RTOL * max).length);
    expect(layout.rank + layout.zeroCount).toBe(values.length);
    expect(ticksOverlap(layout.xTicks, 'horizontal')).toBe(false);
    expect(ticksOverlap(layout.yTicks, 'vertical')).toBe(false);
  });
});
