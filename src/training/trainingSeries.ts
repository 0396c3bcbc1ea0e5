/**
 * The curves of the training plots, from the runs' records. One run: the loss, and κ(G_t) with
 * every bound that applies in the bound colours of the sweep plot and bounds table. Compared
 * runs: one curve per run (loss; κ) in the run colours. Pure.
 */
import type { BoundId } from '../core/types';
import { BOUND_ORDER, SERIES_STYLE } from '../plots/series';
import type { TrajectorySeries } from './TrajectoryPlot';
import type { TrainingRun } from '../state/slices/trainingSlice';

/** Run colours (Okabe–Ito, as the bound colours; κ's near-black first). */
export const RUN_COLORS: readonly string[] = [
  'var(--series-kappa)',
  'var(--okabe-blue)',
  'var(--okabe-vermillion)',
  'var(--okabe-green)',
  'var(--okabe-purple)',
  'var(--okabe-orange)',
];

export const LOSS_COLOR = 'var(--accent)';

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length]!;
}

/** Whether the runs are compared (legend per run) rather than one run (legend per bound). */
export function isComparison(runs: readonly TrainingRun[]): boolean {
  return runs.length > 1 || (runs.length === 1 && runs[0]!.label !== '');
}

export function lossSeries(runs: readonly TrainingRun[]): TrajectorySeries[] {
  if (!isComparison(runs)) {
    const run = runs[0];
    if (!run) return [];
    return [
      {
        id: 'loss',
        label: 'loss',
        color: LOSS_COLOR,
        dash: null,
        primary: true,
        points: run.records.map((r) => ({ step: r.step, value: r.loss })),
      },
    ];
  }
  return runs.map((run, i) => ({
    id: run.key,
    label: run.label,
    color: runColor(i),
    dash: null,
    primary: true,
    points: run.records.map((r) => ({ step: r.step, value: r.loss })),
  }));
}

/** Bound ids with at least one finite positive value in the run, in the fixed order. */
export function appliedBounds(run: TrainingRun): BoundId[] {
  return BOUND_ORDER.filter((id) =>
    run.records.some((r) => {
      const v = r.bounds[id];
      return v !== null && v !== undefined && Number.isFinite(v) && v > 0;
    }),
  );
}

/** Bound ids the run reports but never with a value (they do not apply to this network). */
export function inapplicableBounds(run: TrainingRun): BoundId[] {
  const applied = appliedBounds(run);
  const first = run.records[0];
  if (!first) return [];
  return BOUND_ORDER.filter((id) => id in first.bounds && !applied.includes(id));
}

export function kappaSeries(runs: readonly TrainingRun[]): TrajectorySeries[] {
  if (!isComparison(runs)) {
    const run = runs[0];
    if (!run) return [];
    const kappa: TrajectorySeries = {
      id: 'kappa',
      label: 'κ(G)',
      color: SERIES_STYLE.kappa.color,
      dash: null,
      primary: true,
      points: run.records.map((r) => ({ step: r.step, value: r.kappa })),
    };
    const bounds = appliedBounds(run).map((id): TrajectorySeries => ({
      id,
      label: SERIES_STYLE[id].label,
      color: SERIES_STYLE[id].color,
      dash: SERIES_STYLE[id].dash,
      points: run.records.flatMap((r) => {
        const v = r.bounds[id];
        return v !== null && v !== undefined ? [{ step: r.step, value: v }] : [];
      }),
    }));
    // κ last, so it is drawn over the bounds it sits between.
    return [...bounds, kappa];
  }
  return runs.map((run, i) => ({
    id: run.key,
    label: run.label,
    color: runColor(i),
    dash: null,
    primary: true,
    points: run.records.map((r) => ({ step: r.step, value: r.kappa })),
  }));
}
