import { describe, expect, it } from 'vitest';
import type { SweepRun, SweepSample } from '../../src/state/slices/resultsSlice';
import {
  inapplicableBounds,
  isCompareRun,
  sweepLegend,
  sweepPlotSeries,
} from '../../src/plots/sweepSeries';

function run(series: SweepRun['series'], samples: (SweepSample | null)[]): SweepRun {
  return {
    key: 'k',
    axis: 'L',
    xs: [1, 2],
    seeds: [1, 2],
    series,
    samples,
    skipped: samples.map(() => null),
    done: samples.length,
    failed: 0,
    firstError: null,
    total: samples.length,
    estimateMs: 0,
    status: 'done',
  };
}

const sample = (kappa: number, extra: Partial<SweepSample> = {}): SweepSample => ({
  kappa,
  bounds: { convex: 2 * kappa, max: null },
  ...extra,
});

describe('sweep plot series', () => {
  it('gives every compare series of a CNN its dense-equivalent κ, dashed, unless a bound is shown', () => {
    const series = [
      { key: 'kernel:7', label: 'K = 7' },
      { key: 'kernel:9', label: 'K = 9' },
    ];
    const samples = Array.from({ length: 8 }, (_, i) => sample(10 + i, { kappaDense: 5 + i }));
    const plain = sweepPlotSeries(run(series, samples), null);
    expect(plain.map((s) => s.id)).toEqual([
      'kernel:7|kappa',
      'kernel:7|kappaDense',
      'kernel:9|kappa',
      'kernel:9|kappaDense',
    ]);
    const dense = plain.filter((s) => s.id.endsWith('|kappaDense'));
    expect(dense.every((s) => s.dash !== null && !s.reference)).toBe(true);
    expect(dense[0]!.values).toEqual([
      [5, 7],
      [6, 8],
    ]);
    const withBound = sweepPlotSeries(run(series, samples), 'convex');
    expect(withBound.map((s) => s.id)).toEqual([
      'kernel:7|kappa',
      'kernel:7|convex',
      'kernel:9|kappa',
      'kernel:9|convex',
    ]);
  });

  it('draws κ, the CNN dense-equivalent κ and each bound without a comparison', () => {
    const r = run(
      [{ key: 'all', label: '' }],
      [sample(1, { kappaDense: 0.5 }), sample(2), sample(3), null],
    );
    expect(isCompareRun(r)).toBe(false);
    const series = sweepPlotSeries(r, null);
    expect(series.map((s) => s.id)).toEqual(['kappa', 'kappaDense', 'convex']);
    // Seed-major: point 0 has seeds 1 and 2 (samples 0 and 2).
    expect(series[0]!.values).toEqual([[1, 3], [2]]);
    expect(series.filter((s) => s.reference).map((s) => s.id)).toEqual(['kappa', 'kappaDense']);
    expect(inapplicableBounds(r, series)).toEqual(['max']);
    expect(sweepLegend(r, series).map((l) => l.group)).toEqual(['kappa', 'kappaDense', 'convex']);
  });

  it('draws κ per compare series and the chosen bound dashed in the same colour', () => {
    const r = run(
      [
        { key: 'm:50', label: 'm = 50' },
        { key: 'm:100', label: 'm = 100' },
      ],
      [sample(1), sample(2), sample(3), sample(4), sample(10), sample(20), sample(30), sample(40)],
    );
    expect(isCompareRun(r)).toBe(true);
    const plain = sweepPlotSeries(r, null);
    expect(plain.map((s) => s.id)).toEqual(['m:50|kappa', 'm:100|kappa']);
    expect(plain[1]!.values).toEqual([
      [10, 30],
      [20, 40],
    ]);
    const withBound = sweepPlotSeries(r, 'convex');
    expect(withBound.map((s) => s.id)).toEqual([
      'm:50|kappa',
      'm:50|convex',
      'm:100|kappa',
      'm:100|convex',
    ]);
    expect(withBound[0]!.color).toBe(withBound[1]!.color);
    expect(withBound[0]!.color).not.toBe(withBound[2]!.color);
    expect(withBound[1]!.dash).not.toBeNull();
    expect(withBound[1]!.group).toBe('m:50');
    expect(sweepLegend(r, withBound).map((l) => l.label)).toEqual(['m = 50', 'm = 100']);
    // A bound that never applies adds no curve.
    expect(sweepPlotSeries(r, 'max')).toHaveLength(2);
  });
});
