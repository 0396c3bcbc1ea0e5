/**
 * The explanation views' layouts: the per-layer chart (src/plots/layerLayout.ts) and the
 * predicted spectrum over the histogram (src/plots/spectrumLayout.ts, `theory`), on the results
 * of real small configurations.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { normalizeConfig } from '../../src/core/config';
import { explain } from '../../src/core/explain/explain';
import { theoryMass } from '../../src/core/explain/spectrumTheory';
import { evaluate } from '../../src/core/gn/evaluate';
import { GAMMA_STRIP_PX, layerLayout } from '../../src/plots/layerLayout';
import { spectrumLayout } from '../../src/plots/spectrumLayout';
import { ticksOverlap } from '../../src/plots/ticks';
import type { GnConfig } from '../../src/core/types';
import { expectAllClose } from '../helpers/allclose';

/** The (x, y) vertices of an SVG path made of M/L commands. */
function vertices(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,](-?[\d.e+-]+)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

function spectrumOf(config: GnConfig, width = 760) {
  const result = evaluate(config);
  const theory = explain(config).theory;
  const layout = spectrumLayout({
    eigenvalues: result.eigenvalues,
    discarded: result.discarded,
    rtol: config.rtol,
    width,
    height: 300,
    theory,
  });
  return { result, theory, layout };
}

describe('predicted spectrum over the histogram', () => {
  test.prop(
    [
      fc.record({
        d: fc.integer({ min: 1, max: 12 }),
        k: fc.integer({ min: 1, max: 5 }),
        // κ(Σ) = 1 gives d equal eigenvalues, which rounding can split across a bin edge: that
        // case is checked on the totals below
        kappa: fc.constantFrom(30, 1e4),
        seed: fc.integer({ min: 1, max: 1e5 }),
      }),
    ],
    { numRuns: 25, seed: 185 },
  )('L = 1: the step line is the bars (the prediction is exact)', (r) => {
    const config = normalizeConfig({ ...r, L: 1, m: [], data: { n: 20, kappa: r.kappa } }).config;
    const { layout, theory } = spectrumOf(config);
    const path = layout.theory!;
    expect(path.shape).toBe('steps');
    if (theory.kind !== 'atoms') throw new Error('L = 1 is predicted exactly');
    const points = vertices(path.d);
    expect(points).toHaveLength(2 * layout.bins.length);
    // Geometric Σ spectra put eigenvalues on bin edges (equal log spacing): there rounding
    // decides the bin, for the bars and the prediction alike, so a bin may differ by the
    // multiplicity of an atom within 1e-9 of one of its edges, and the totals agree.
    const nearEdge = (v: number, edge: number) => Math.abs(v / edge - 1) < 1e-9;
    let drawn = 0;
    layout.bins.forEach((bin, i) => {
      const predicted = layout.y.invert(points[2 * i]![1]);
      const slack = theory.atoms
        .filter((a) => nearEdge(a.value, bin.lo) || nearEdge(a.value, bin.hi))
        .reduce((sum, a) => sum + a.count, 0);
      expect(Math.abs(predicted - (bin.count + bin.discardedCount))).toBeLessThanOrEqual(
        slack + 1e-3,
      );
      drawn += predicted;
    });
    expectAllClose(drawn, config.k * config.d, { rtol: 1e-4 });
  });

  it('L = 1, white data: the steps hold every eigenvalue (d·k at λ = 1)', () => {
    const config = normalizeConfig({ L: 1, d: 7, k: 3, m: [], data: { n: 20, kappa: 1 } }).config;
    const { layout } = spectrumOf(config);
    const points = vertices(layout.theory!.d);
    const total = layout.bins.reduce((sum, _, i) => sum + layout.y.invert(points[2 * i]![1]), 0);
    expectAllClose(total, 21, { rtol: 1e-4 });
  });

  it('L = 2, white data: the curve is N·P(bin) at each bin centre, within the plot', () => {
    const config = normalizeConfig({
      L: 2,
      d: 30,
      k: 8,
      m: [60],
      data: { n: 40, kappa: 1 },
    }).config;
    const { layout, theory } = spectrumOf(config);
    expect(theory.kind).toBe('mp-sum');
    const path = layout.theory!;
    expect(path.shape).toBe('curve');
    expect(path.label).toMatch(/Marchenko–Pastur.*k\/m = 0.133, d\/m = 0.5/);
    const points = vertices(path.d);
    for (const [px, py] of points) {
      expect(px).toBeGreaterThanOrEqual(-1e-6);
      expect(px).toBeLessThanOrEqual(layout.innerWidth + 1e-6);
      expect(py).toBeGreaterThanOrEqual(-1e-6);
      expect(py).toBeLessThanOrEqual(layout.innerHeight + 1e-6);
    }
    // the y axis reaches the curve's peak
    expect(layout.y.domain()[1]!).toBeGreaterThanOrEqual(path.peak);
    // every 4th sample sits at a bin's left edge; half a bin later is the bin centre
    const mass = theoryMass(theory);
    layout.bins.forEach((bin, i) => {
      const [cx, cy] = points[4 * i + 2]!;
      // d3 writes path coordinates to 3 decimals: compare in pixels
      expectAllClose(cx, layout.x(Math.sqrt(bin.lo * bin.hi)), { rtol: 0, atol: 1e-3 });
      expectAllClose(cy, layout.y(mass(bin.lo, bin.hi)), { rtol: 0, atol: 1e-3 });
    });
    // the prediction accounts for every eigenvalue drawn, up to finite-width fluctuations
    const drawn = layout.bins.reduce((s, b) => s + b.count + b.discardedCount, 0);
    const predicted = layout.bins.reduce((s, b) => s + mass(b.lo, b.hi), 0);
    expect(Math.abs(predicted - drawn) / drawn).toBeLessThan(0.05);
  });

  it('no prediction (ReLU): no path', () => {
    const config = normalizeConfig({
      L: 2,
      d: 6,
      k: 2,
      m: [8],
      activation: 'relu',
      data: { n: 10 },
    }).config;
    const { layout, theory } = spectrumOf(config);
    expect(theory.kind).toBe('none');
    expect(layout.theory).toBeNull();
  });
});

describe('per-layer chart', () => {
  test.prop(
    [
      fc.record({
        widths: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 9 }),
        seed: fc.integer({ min: 1, max: 1e5 }),
        relu: fc.boolean(),
        width: fc.constantFrom(340, 760),
      }),
    ],
    { numRuns: 30, seed: 186 },
  )('one point per layer and series, ∞ on the top edge, γ bars summing to the strip', (r) => {
    const sizes = r.widths;
    const config = normalizeConfig({
      L: sizes.length - 1,
      d: sizes[0],
      k: sizes.at(-1),
      m: sizes.slice(1, -1),
      activation: r.relu ? 'relu' : 'linear',
      seed: r.seed,
      data: { n: 12 },
    }).config;
    const breakdown = explain(config).layers;
    if (breakdown.family === 'none') throw new Error('every MLP here has a breakdown');
    const layout = layerLayout({ breakdown, width: r.width, height: 280 });
    const L = config.L;
    for (const s of layout.series) {
      expect(s.points.map((p) => p.layer)).toEqual(Array.from({ length: L }, (_, i) => i + 1));
      for (const p of s.points) {
        if (p.infinite) {
          // on the top edge, beside the ∞ marks of the other series
          expect(p.y).toBe(0);
          expect(Math.abs(p.x - layout.x(p.layer))).toBeLessThanOrEqual(2 * 11);
        } else {
          expectAllClose(p.x, layout.x(p.layer));
          expect(p.y).toBeGreaterThanOrEqual(0);
          expect(p.y).toBeLessThanOrEqual(layout.logHeight);
        }
      }
    }
    // the ∞ marks of one layer never sit on top of each other
    const marks = layout.series.flatMap((s) => s.points.filter((p) => p.infinite));
    for (let layer = 1; layer <= L; layer++) {
      const xs = marks.filter((p) => p.layer === layer).map((p) => p.x);
      expect(new Set(xs).size).toBe(xs.length);
    }
    expect(ticksOverlap(layout.xTicks, 'horizontal')).toBe(false);
    expect(ticksOverlap(layout.yTicks, 'vertical')).toBe(false);
    if (breakdown.family === 'linear') {
      const gamma = layout.gamma!;
      const total = gamma.bars.reduce((s, b) => s + b.height, 0);
      const anyWeight = breakdown.layers.some((row) => row.gamma > 0);
      expectAllClose(total, anyWeight ? GAMMA_STRIP_PX : 0, { rtol: 1e-9, atol: 1e-9 });
      expect(gamma.top).toBeGreaterThan(layout.logHeight);
    } else expect(layout.gamma).toBeNull();
    if (breakdown.dominant !== null) {
      const band = layout.band!;
      expectAllClose(band.x + band.width / 2, layout.x(breakdown.dominant));
    }
  });
});
