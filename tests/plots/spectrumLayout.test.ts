import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import {
  barsPath,
  binAt,
  binCount,
  binForKey,
  nextBin,
  placeRuleLabels,
  spectrumLayout,
} from '../../src/plots/spectrumLayout';
import { labelExtent, ticksOverlap } from '../../src/plots/ticks';
import { expectAllClose } from '../helpers/allclose';
import { logUniformSpectrum } from '../helpers/matrices';

/** Log-uniform eigenvalues between 10^lo and 10^hi, descending (seeded). */
const spectrum = (count: number, lo: number, hi: number, seed = 1): number[] =>
  logUniformSpectrum(count, lo, hi, seed);

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('spectrum layout', () => {
  it('counts every eigenvalue exactly once', () => {
    const eigenvalues = spectrum(490, -1, 2.3);
    const layout = spectrumLayout({
      eigenvalues,
      discarded: [],
      rtol: 1e-10,
      width: 800,
      height: 300,
    });
    expect(sum(layout.bins.map((b) => b.count))).toBe(490);
    expect(sum(layout.bins.map((b) => b.discardedCount))).toBe(0);
  });

  it('bins in log10 λ that cover λ_min..λ_max, contiguous and equal in log width', () => {
    const eigenvalues = spectrum(300, -3, 4);
    const { bins } = spectrumLayout({
      eigenvalues,
      discarded: [],
      rtol: 1e-10,
      width: 700,
      height: 300,
    });
    const lambdaMax = eigenvalues[0]!;
    const lambdaMin = eigenvalues.at(-1)!;
    // λ_min ≈ 1e-3 goes through log10 and 10^x: relative tolerance, a few ulps
    expectAllClose(bins[0]!.lo, lambdaMin, { rtol: 1e-13, atol: 0 });
    expect(bins.at(-1)!.hi).toBe(lambdaMax);
    // 628 px inner width, 300 values: min(80, ⌊628/9⌋, ⌈2√300⌉ + 10) = 45 bins to compare
    expect(bins).toHaveLength(45);
    const logWidths = bins.map((b) => Math.log10(b.hi / b.lo));
    for (let i = 1; i < bins.length; i++) {
      expectAllClose(bins[i]!.lo, bins[i - 1]!.hi, { rtol: 1e-13, atol: 0 });
      // widths ≈ 0.1 decade; logLo + i·step rounds to ~1e-15 absolute
      expectAllClose(logWidths[i]!, logWidths[0]!, { rtol: 1e-11, atol: 0 });
    }
    // λ_min falls in the first bin and λ_max in the last.
    expect(bins[0]!.count).toBeGreaterThan(0);
    expect(bins.at(-1)!.count).toBeGreaterThan(0);
  });

  it('stacks positive discarded eigenvalues faintly and counts the non-positive ones', () => {
    const eigenvalues = spectrum(50, 0, 1);
    const discarded = [1e-14, 3e-15, 0, -1e-17];
    const layout = spectrumLayout({ eigenvalues, discarded, rtol: 1e-10, width: 600, height: 300 });
    expect(sum(layout.bins.map((b) => b.discardedCount))).toBe(2);
    expect(layout.nonPositiveDiscarded).toBe(2);
    expect(layout.rules.map((r) => r.id)).toEqual(['max', 'min', 'cutoff']);
    const cutoff = layout.rules.find((r) => r.id === 'cutoff')!;
    expectAllClose(cutoff.value, 1e-10 * eigenvalues[0]!, { rtol: 1e-15, atol: 0 });
  });

  it('gives equal eigenvalues (κ = 1) a visible span and one rule', () => {
    const layout = spectrumLayout({
      eigenvalues: [2, 2, 2],
      discarded: [],
      rtol: 1e-10,
      width: 500,
      height: 260,
    });
    const [lo, hi] = layout.x.domain() as [number, number];
    expect(lo).toBeLessThan(2);
    expect(hi).toBeGreaterThan(2);
    expect(sum(layout.bins.map((b) => b.count))).toBe(3);
    expect(layout.rules.map((r) => r.id)).toEqual(['max']);
  });

  it('draws nothing but axes for an empty spectrum', () => {
    const layout = spectrumLayout({
      eigenvalues: [],
      discarded: [],
      rtol: 1e-10,
      width: 500,
      height: 260,
    });
    expect(layout.empty).toBe(true);
    expect(layout.rules).toEqual([]);
  });

  it('handles 10⁵ eigenvalues (no argument spreading)', () => {
    const eigenvalues = spectrum(100_000, -2, 2);
    const layout = spectrumLayout({
      eigenvalues,
      discarded: [],
      rtol: 1e-10,
      width: 900,
      height: 300,
    });
    expect(sum(layout.bins.map((b) => b.count))).toBe(100_000);
  });

  propTest.prop([
    fc.integer({ min: 220, max: 1600 }),
    fc.integer({ min: -16, max: 2 }),
    fc.integer({ min: 0, max: 30 }),
  ])('x ticks never overlap, at any width and spread', (width, lo, decades) => {
    const eigenvalues = spectrum(200, lo, lo + decades + 0.01, width);
    const layout = spectrumLayout({ eigenvalues, discarded: [], rtol: 1e-10, width, height: 280 });
    expect(layout.xTicks.length).toBeGreaterThanOrEqual(1);
    expect(ticksOverlap(layout.xTicks, 'horizontal')).toBe(false);
    expect(ticksOverlap(layout.yTicks, 'vertical')).toBe(false);
    for (const t of layout.xTicks) {
      expect(t.position).toBeGreaterThanOrEqual(-1e-6);
      expect(t.position).toBeLessThanOrEqual(layout.innerWidth + 1e-6);
    }
  });

  it('uses fewer bins for few eigenvalues and narrow plots', () => {
    expect(binCount(800, 4)).toBe(14);
    expect(binCount(100, 10_000)).toBe(11);
    expect(binCount(2000, 10_000)).toBe(80);
  });

  it('puts overlapping rule labels on separate rows, inside the plot', () => {
    const rules = placeRuleLabels(
      [
        { id: 'max', value: 2, x: 300, label: 'λmax = 2' },
        { id: 'min', value: 1.9, x: 290, label: 'λ⁺min = 1.9' },
        { id: 'cutoff', value: 1e-9, x: 10, label: 'cut-off 1e-10·λmax' },
      ],
      320,
      12,
    );
    expect(rules.map((r) => r.row)).toEqual([0, 1, 0]);
    for (const r of rules) {
      const w = labelExtent(r.label, 'horizontal', 12);
      const start = r.anchor === 'start' ? r.x + 4 : r.x - 4 - w;
      expect(start).toBeGreaterThanOrEqual(0);
      expect(start + w).toBeLessThanOrEqual(320);
    }
  });
});

describe('histogram bars as paths, and the bin under the pointer', () => {
  const layoutOf = (seed: number) =>
    spectrumLayout({
      eigenvalues: spectrum(200, -2, 3, seed),
      discarded: spectrum(40, -14, -9, seed + 1),
      rtol: 1e-6,
      width: 700,
      height: 300,
    });

  /** The rectangles of a bars path: [x, top, width, bottom] per `M x,top h w V bottom h -w Z`. */
  const rectsOf = (d: string): number[][] =>
    [...d.matchAll(/M([-\d.]+),([-\d.]+)h([-\d.]+)V([-\d.]+)h([-\d.]+)Z/g)].map((m) => {
      expect(Number(m[5])).toBe(-Number(m[3]));
      return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    });

  it('draws one rectangle per non-empty bin of each kind, where the bin says', () => {
    const layout = layoutOf(3);
    const kept = rectsOf(barsPath(layout, 'kept'));
    const faint = rectsOf(barsPath(layout, 'discarded'));
    const keptBins = layout.bins.filter((b) => b.count > 0);
    const faintBins = layout.bins.filter((b) => b.discardedCount > 0);
    expect(kept).toHaveLength(keptBins.length);
    expect(faint).toHaveLength(faintBins.length);
    expect(faintBins.length).toBeGreaterThan(0);
    // rounded to hundredths of a pixel
    expectAllClose(
      kept.flat(),
      keptBins.flatMap((b) => [b.x, b.y, b.width, layout.innerHeight]),
      { rtol: 0, atol: 0.005 },
    );
    expectAllClose(
      faint.flat(),
      faintBins.flatMap((b) => [b.x, b.discardedY, b.width, b.y]),
      { rtol: 0, atol: 0.005 },
    );
  });

  propTest.prop([
    fc.integer({ min: 1, max: 10_000 }),
    fc.double({ min: -5, max: 700, noNaN: true }),
  ])('binAt finds the non-empty bin whose target (bar ± ½ px) holds x, else null', (seed, x) => {
    const { bins } = layoutOf(seed);
    const found = binAt(bins, x);
    const holds = (i: number) => {
      const b = bins[i]!;
      return b.count + b.discardedCount > 0 && x >= b.x - 0.5 && x <= b.x + b.width + 0.5;
    };
    if (found === null) expect(bins.some((_, i) => holds(i))).toBe(false);
    else {
      expect(holds(found)).toBe(true);
      expect(bins.slice(0, found).some((_, i) => holds(i))).toBe(false);
    }
  });

  it('nextBin walks the non-empty bins in order and stops at the ends', () => {
    const { bins } = layoutOf(5);
    const nonEmpty = bins.flatMap((b, i) => (b.count + b.discardedCount > 0 ? [i] : []));
    const walked: number[] = [];
    let at: number | null = null;
    for (let k = 0; k < nonEmpty.length + 3; k++) {
      at = nextBin(bins, at, 1);
      if (walked.at(-1) !== at) walked.push(at!);
    }
    expect(walked).toEqual(nonEmpty);
    expect(nextBin(bins, null, -1)).toBe(nonEmpty.at(-1));
    expect(nextBin(bins, nonEmpty[0]!, -1)).toBe(nonEmpty[0]);
    // the keys of the focused histogram
    expect(binForKey(bins, null, 'Home')).toBe(nonEmpty[0]);
    expect(binForKey(bins, nonEmpty[1]!, 'End')).toBe(nonEmpty.at(-1));
    expect(binForKey(bins, nonEmpty[1]!, 'ArrowLeft')).toBe(nonEmpty[0]);
    expect(binForKey(bins, nonEmpty[1]!, 'ArrowRight')).toBe(nonEmpty[2]);
    expect(binForKey(bins, nonEmpty[1]!, 'Escape')).toBeNull();
    expect(binForKey(bins, nonEmpty[1]!, 'a')).toBeUndefined();
  });
});
