/**
 * Layout of a training trajectory plot: one or more series of (step, value) on a linear step
 * axis and a log value axis (loss, κ(G_t), bounds), a marker at the scrubbed step. Pure: data
 * and size in, scales, SVG paths and ticks out. The step axis spans the whole planned run from
 * the first record, so curves grow from left to right instead of rescaling with every chunk.
 */
import { line, scaleLinear, scaleLog } from 'd3';
import type { ScaleContinuousNumeric } from 'd3';
import { linearTicks, logTicks } from '../plots/ticks';
import type { Tick } from '../plots/ticks';

export interface TrajectoryPoint {
  step: number;
  value: number;
}

export interface TrajectorySeriesInput {
  /** any stable id (κ, a bound id, a run key) */
  id: string;
  /** in step order; values that are not finite and positive are left out (log axis) */
  points: readonly TrajectoryPoint[];
}

export interface TrajectoryLayoutInput {
  series: readonly TrajectorySeriesInput[];
  /** the last planned step (the axis' end); the data extend it if larger */
  maxStep: number;
  /** step of the marker (the scrubbed record), or null */
  markerStep: number | null;
  width: number;
  height: number;
}

export interface TrajectorySeriesLayout {
  id: string;
  /** SVG path; null without a drawable point */
  path: string | null;
  points: { x: number; y: number; step: number; value: number }[];
  /** whether to mark each point: only while neighbours stay {@link MIN_DOT_GAP_PX} apart */
  dots: boolean;
}

export interface TrajectoryLayout {
  margin: { top: number; right: number; bottom: number; left: number };
  innerWidth: number;
  innerHeight: number;
  x: ScaleContinuousNumeric<number, number>;
  y: ScaleContinuousNumeric<number, number>;
  xTicks: Tick[];
  yTicks: Tick[];
  series: TrajectorySeriesLayout[];
  markerX: number | null;
  /** no drawable value */
  empty: boolean;
}

/** Points closer than this on x are drawn as a line only (dots would merge into a smear). */
export const MIN_DOT_GAP_PX = 6;

function drawable(p: TrajectoryPoint): boolean {
  return p.value > 0 && Number.isFinite(p.value) && Number.isFinite(p.step);
}

export function trajectoryLayout(input: TrajectoryLayoutInput): TrajectoryLayout {
  const margin = { top: 10, right: 16, bottom: 46, left: 62 };
  const innerWidth = Math.max(40, input.width - margin.left - margin.right);
  const innerHeight = Math.max(40, input.height - margin.top - margin.bottom);

  let yLo = Infinity;
  let yHi = -Infinity;
  let lastStep = 0;
  const kept = input.series.map((s) => ({ id: s.id, points: s.points.filter(drawable) }));
  for (const s of kept) {
    for (const p of s.points) {
      if (p.value < yLo) yLo = p.value;
      if (p.value > yHi) yHi = p.value;
      if (p.step > lastStep) lastStep = p.step;
    }
  }
  const empty = !Number.isFinite(yLo);
  if (empty) {
    yLo = 1;
    yHi = 10;
  }
  // Headroom of 5% of the decades (at least a tenth of one) so lines never touch the frame; a
  // flat series (κ = 1 throughout) still gets a visible span.
  const pad = Math.max(0.1, 0.05 * Math.log10(yHi / yLo));
  yLo = 10 ** (Math.log10(yLo) - pad);
  yHi = 10 ** (Math.log10(yHi) + pad);
  const y = scaleLog().domain([yLo, yHi]).range([innerHeight, 0]);

  const xHi = Math.max(1, input.maxStep, lastStep);
  const x = scaleLinear().domain([0, xHi]).range([0, innerWidth]);

  const series: TrajectorySeriesLayout[] = kept.map(({ id, points }) => {
    const placed = points.map((p) => ({
      x: x(p.step),
      y: y(p.value),
      step: p.step,
      value: p.value,
    }));
    const path =
      placed.length > 0
        ? line<(typeof placed)[number]>()
            .x((p) => p.x)
            .y((p) => p.y)(placed)
        : null;
    let gap = Infinity;
    for (let i = 1; i < placed.length; i++) gap = Math.min(gap, placed[i]!.x - placed[i - 1]!.x);
    return { id, path, points: placed, dots: gap >= MIN_DOT_GAP_PX };
  });

  const m = input.markerStep;
  const markerX = m !== null && m >= 0 && m <= xHi ? x(m) : null;

  return {
    margin,
    innerWidth,
    innerHeight,
    x,
    y,
    xTicks: linearTicks(0, xHi, x, innerWidth, 'horizontal', true),
    yTicks: logTicks(yLo, yHi, y, innerHeight, 'vertical'),
    series,
    markerX,
    empty,
  };
}

/** Index of the point of `steps` (ascending) nearest to `step`; -1 for an empty list. */
export function nearestIndex(steps: readonly number[], step: number): number {
  if (steps.length === 0) return -1;
  let lo = 0;
  let hi = steps.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]! <= step) lo = mid;
    else hi = mid;
  }
  return Math.abs(steps[hi]! - step) < Math.abs(steps[lo]! - step) ? hi : lo;
}
