/**
 * The curves of the sweep plot for a run: without a comparison κ (with the CNN's dense-equivalent
 * κ or κ without batch norm when present) and every bound; with one, κ per compare series (and
 * the chosen bound, dashed, in the same colour). Pure.
 */
import type { BoundId } from '../core/types';
import type { SweepRun, SweepSample } from '../state/slices/resultsSlice';
import { COMPARE_BOUND_DASH, COMPARE_COLORS, SERIES_ORDER, SERIES_STYLE } from './series';
import type { SeriesId } from './series';
import type { SweepSeriesInput } from './sweepLayout';

export interface PlotSeries extends SweepSeriesInput {
  label: string;
  color: string;
  dash: string | null;
  /** a κ curve (thicker; the y range is clipped relative to these) */
  reference: boolean;
  /** legend entry it belongs to (hiding it hides every curve of the group) */
  group: string;
}

export interface LegendEntry {
  group: string;
  label: string;
  color: string;
  dash: string | null;
  thick: boolean;
}

function sampleValue(sample: SweepSample, id: SeriesId): number | null | undefined {
  if (id === 'kappa') return sample.kappa;
  if (id === 'kappaDense') return sample.kappaDense;
  if (id === 'kappaNoBn') return sample.kappaNoBn;
  return sample.bounds[id];
}

/** values[i] over the seeds of series g that have finished (finite, positive). */
function valuesOf(run: SweepRun, g: number, id: SeriesId): number[][] {
  const n = run.xs.length;
  const seeds = run.seeds.length;
  return run.xs.map((_, i) =>
    run.seeds.flatMap((_seed, s) => {
      const sample = run.samples[(g * seeds + s) * n + i];
      const v = sample ? sampleValue(sample, id) : null;
      return v !== null && v !== undefined && Number.isFinite(v) && v > 0 ? [v] : [];
    }),
  );
}

/** Whether the run draws compare series. */
export function isCompareRun(run: SweepRun): boolean {
  return run.series.length > 1 || (run.series[0] !== undefined && run.series[0].key !== 'all');
}

/** Every curve with data, in drawing order. */
export function sweepPlotSeries(run: SweepRun, showBound: BoundId | null): PlotSeries[] {
  if (!isCompareRun(run)) {
    return SERIES_ORDER.flatMap((id) => {
      const values = valuesOf(run, 0, id);
      if (!values.some((v) => v.length > 0)) return [];
      const style = SERIES_STYLE[id];
      const reference = id === 'kappa' || id === 'kappaDense' || id === 'kappaNoBn';
      return [
        {
          id,
          group: id,
          values,
          label: style.label,
          color: style.color,
          dash: style.dash,
          reference,
        },
      ];
    });
  }
  return run.series.flatMap((series, g) => {
    const color = COMPARE_COLORS[g % COMPARE_COLORS.length]!;
    const out: PlotSeries[] = [];
    const kappa = valuesOf(run, g, 'kappa');
    if (kappa.some((v) => v.length > 0)) {
      out.push({
        id: `${series.key}|kappa`,
        group: series.key,
        values: kappa,
        label: `κ, ${series.label}`,
        color,
        dash: null,
        reference: true,
      });
    }
    // The CNN's dense-equivalent κ (gn-math.md §7) goes with every series, dashed, unless a
    // bound takes the dashed line.
    const dense = showBound ? [] : valuesOf(run, g, 'kappaDense');
    if (dense.some((v) => v.length > 0)) {
      out.push({
        id: `${series.key}|kappaDense`,
        group: series.key,
        values: dense,
        label: `${SERIES_STYLE.kappaDense.label}, ${series.label}`,
        color,
        dash: COMPARE_BOUND_DASH,
        reference: false,
      });
    }
    if (showBound) {
      const bound = valuesOf(run, g, showBound);
      if (bound.some((v) => v.length > 0)) {
        out.push({
          id: `${series.key}|${showBound}`,
          group: series.key,
          values: bound,
          label: `${SERIES_STYLE[showBound].label}, ${series.label}`,
          color,
          dash: COMPARE_BOUND_DASH,
          reference: false,
        });
      }
    }
    return out;
  });
}

/** Legend entries: one per curve without a comparison, one per compare series with one. */
export function sweepLegend(run: SweepRun, series: readonly PlotSeries[]): LegendEntry[] {
  if (!isCompareRun(run)) {
    return series.map((s) => ({
      group: s.group,
      label: s.label,
      color: s.color,
      dash: s.dash,
      thick: s.id === 'kappa',
    }));
  }
  return run.series.map((s, g) => ({
    group: s.key,
    label: s.label,
    color: COMPARE_COLORS[g % COMPARE_COLORS.length]!,
    dash: null,
    thick: true,
  }));
}

/** Bounds that a run reports but never as a number (not applicable anywhere). */
export function inapplicableBounds(run: SweepRun, series: readonly PlotSeries[]): BoundId[] {
  if (isCompareRun(run)) return [];
  const anySample = run.samples.find((s) => s !== null);
  if (!anySample) return [];
  const drawn = new Set(series.map((s) => s.id));
  return (Object.keys(anySample.bounds) as BoundId[]).filter((id) => !drawn.has(id));
}
