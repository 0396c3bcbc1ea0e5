import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDuration,
  formatNumber,
  formatPowerOfTen,
} from '../../src/plots/format';
import { dropOverlapping, logTicks, ticksOverlap } from '../../src/plots/ticks';

describe('number formats', () => {
  it('writes powers of ten with superscripts', () => {
    expect(formatPowerOfTen(0)).toBe('1');
    expect(formatPowerOfTen(1)).toBe('10');
    expect(formatPowerOfTen(3)).toBe('10³');
    expect(formatPowerOfTen(-12)).toBe('10⁻¹²');
  });

  it('keeps mid-range numbers plain and the rest compact', () => {
    expect(formatNumber(22.98456)).toBe('22.98');
    expect(formatNumber(1000)).toBe('1000');
    expect(formatNumber(123456, 3)).toBe('1.23×10⁵');
    expect(formatNumber(1e-5)).toBe('10⁻⁵');
    expect(formatNumber(-0.5)).toBe('−0.5');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(0)).toBe('0');
  });

  it('formats counts and durations', () => {
    expect(formatCount(65410)).toBe('65\u2009410');
    expect(formatDuration(42.4)).toBe('42 ms');
    expect(formatDuration(1300)).toBe('1.3 s');
  });
});

describe('ticks', () => {
  it('thins decades so labels fit', () => {
    const position = (v: number) => (Math.log10(v) + 30) * 5; // 5 px per decade
    const ticks = logTicks(1e-30, 1e10, position, 200, 'horizontal');
    expect(ticksOverlap(ticks, 'horizontal')).toBe(false);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    const exponents = ticks.map((t) => Math.round(Math.log10(t.value)));
    const steps = new Set(exponents.slice(1).map((e, i) => e - exponents[i]!));
    expect(steps.size).toBe(1);
  });

  it('falls back to sub-decade ticks within one decade', () => {
    const position = (v: number) => ((Math.log10(v) - Math.log10(2)) / Math.log10(4)) * 400;
    const ticks = logTicks(2, 8, position, 400, 'horizontal');
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.every((t) => t.value >= 2 && t.value <= 8)).toBe(true);
  });

  it('drops a label that would overlap its neighbour', () => {
    const kept = dropOverlapping(
      [
        { value: 1, position: 0, label: '1000' },
        { value: 2, position: 10, label: '2000' },
        { value: 3, position: 100, label: '3000' },
      ],
      'horizontal',
    );
    expect(kept.map((t) => t.value)).toEqual([1, 3]);
  });
});
