/**
 * Layout of the bound-versus-actual plot: for each series (κ and each bound) the geometric mean
 * over seeds as a line and the spread over seeds as a band, on a log y axis; x linear or log.
 * Pure: data and size in, scales, SVG paths and ticks out.
 *
 * Readable by default: a loose bound (the layer-wise B3 reaches 10³⁹ at depth 10) would squash
 * every other curve into a few pixels. With `clipDecades`, the y range ends that many decades
 * above the highest reference (κ) curve; curves beyond it leave through the top edge and get an
 * off-scale mark (an arrow where they leave, with their largest value).
 */
import { area, line, scaleLinear, scaleLog } from 'd3';
import type { ScaleContinuousNumeric } from 'd3';
import { formatNumber } from './format';
import { labelExtent, linearTicks, logTicks } from './ticks';
import type { Tick } from './ticks';

export type Spread = 'range' | 'sd';

export interface SweepSeriesInput {
  /** any stable id (κ, a bound id, or a compare series' curve) */
  id: string;
  /** values[i]: the finite positive values at point i, one per seed that has finished */
  values: readonly (readonly number[])[];
  /** a κ curve: the y range is clipped relative to these (see `clipDecades`) */
  reference?: boolean;
  /** name used in the off-scale mark */
  label?: string;
}

export interface SweepLayoutInput {
  xs: readonly number[];
  series: readonly SweepSeriesInput[];
  logX: boolean;
  integerX: boolean;
  currentX: number | null;
  spread: Spread;
  width: number;
  height: number;
  /** end the y axis this many decades above the reference curves (null/absent: show all) */
  clipDecades?: number | null;
}

/** A curve that leaves the top of the plot: an arrow at its exit and a label with its maximum. */
export interface OffScaleMark {
  id: string;
  /** x of the first point above the y range (inner coordinates) */
  x: number;
  /** the series' largest value */
  max: number;
  text: string;
  /** where the label starts (inner coordinates, text-anchor start): kept inside the plot */
  textX: number;
  /** the label's estimated width (px) */
  textWidth: number;
  /** label row from the top (rows keep labels apart) */
  row: number;
}

/** Vertical distance between off-scale label rows. */
export const OFF_SCALE_ROW_PX = 15;
const OFF_SCALE_FONT_PX = 12;
/** The off-scale labels are bold: wider than labelExtent's regular-weight estimate. */
const OFF_SCALE_BOLD = 1.12;

export interface PointStats {
  /** geometric mean (mean of log10) */
  mean: number;
  /** band: min–max, or 10^(mean ± sd) of log10 values */
  lo: number;
  hi: number;
  n: number;
}

export interface SweepSeriesLayout {
  id: string;
  line: string | null;
  band: string | null;
  points: { x: number; y: number; value: number; index: number; stats: PointStats }[];
}

export interface SweepLayout {
  margin: { top: number; right: number; bottom: number; left: number };
  innerWidth: number;
  innerHeight: number;
  x: ScaleContinuousNumeric<number, number>;
  y: ScaleContinuousNumeric<number, number>;
  xTicks: Tick[];
  yTicks: Tick[];
  series: SweepSeriesLayout[];
  /** x of the "you are here" rule, null when the current value is outside the swept range */
  markerX: number | null;
  /** whether any value was drawn */
  empty: boolean;
  /** curves beyond the top of the y range (only when clipping) */
  offScale: OffScaleMark[];
  /** the y range was cut below the largest value */
  clipped: boolean;
}

/** Mean and spread of positive values in log space; null when there are none. */
export function pointStats(values: readonly number[], spread: Spread): PointStats | null {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return null;
  const meanLog = logs.reduce((a, b) => a + b, 0) / logs.length;
  if (spread === 'range') {
    return {
      mean: 10 ** meanLog,
      lo: 10 ** Math.min(...logs),
      hi: 10 ** Math.max(...logs),
      n: logs.length,
    };
  }
  // Sample standard deviation (n − 1): with 3 seeds the population sd would understate it.
  const variance =
    logs.length > 1 ? logs.reduce((a, b) => a + (b - meanLog) ** 2, 0) / (logs.length - 1) : 0;
  const sd = Math.sqrt(variance);
  return {
    mean: 10 ** meanLog,
    lo: 10 ** (meanLog - sd),
    hi: 10 ** (meanLog + sd),
    n: logs.length,
  };
}

export function sweepLayout(input: SweepLayoutInput): SweepLayout {
  const margin = { top: 12, right: 20, bottom: 48, left: 64 };
  const innerWidth = Math.max(40, input.width - margin.left - margin.right);
  const innerHeight = Math.max(40, input.height - margin.top - margin.bottom);

  const xLo = input.xs[0] ?? 1;
  let xHi = input.xs.at(-1) ?? 10;
  const logX = input.logX && xLo > 0;
  if (xHi <= xLo) {
    xHi = logX ? xLo * 10 : xLo + 1;
  }
  const x = (logX ? scaleLog() : scaleLinear()).domain([xLo, xHi]).range([0, innerWidth]);

  const stats = input.series.map((s) => ({
    id: s.id,
    stats: input.xs.map((_, i) => pointStats(s.values[i] ?? [], input.spread)),
  }));
  let yLo = Infinity;
  let yHi = -Infinity;
  let refHi = -Infinity;
  for (const [k, s] of stats.entries()) {
    for (const p of s.stats) {
      if (!p) continue;
      yLo = Math.min(yLo, p.lo, p.mean);
      yHi = Math.max(yHi, p.hi, p.mean);
      if (input.series[k]!.reference) refHi = Math.max(refHi, p.hi, p.mean);
    }
  }
  const empty = !Number.isFinite(yLo);
  if (empty) {
    yLo = 1;
    yHi = 10;
  }
  const clipDecades = input.clipDecades ?? null;
  const cap = clipDecades !== null && Number.isFinite(refHi) ? refHi * 10 ** clipDecades : Infinity;
  const clipped = yHi > cap;
  if (clipped) yHi = cap;
  // A little headroom (5% of the decades, at least a tenth of a decade) so lines never touch the frame.
  const pad = Math.max(0.1, 0.05 * Math.log10(yHi / yLo));
  yLo = 10 ** (Math.log10(yLo) - pad);
  yHi = 10 ** (Math.log10(yHi) + pad);
  const y = scaleLog().domain([yLo, yHi]).range([innerHeight, 0]);

  const series: SweepSeriesLayout[] = stats.map(({ id, stats: perPoint }) => {
    const points = perPoint.flatMap((p, index) =>
      p ? [{ x: x(input.xs[index]!), y: y(p.mean), value: p.mean, index, stats: p }] : [],
    );
    const rows = perPoint.map((p, index) => ({ p, xValue: input.xs[index]! }));
    const linePath = line<(typeof rows)[number]>()
      .defined((r) => r.p !== null)
      .x((r) => x(r.xValue))
      .y((r) => y(r.p!.mean))(rows);
    const hasSpread = perPoint.some((p) => p && p.n > 1 && p.hi > p.lo * (1 + 1e-9));
    const bandPath = hasSpread
      ? area<(typeof rows)[number]>()
          .defined((r) => r.p !== null)
          .x((r) => x(r.xValue))
          .y0((r) => y(r.p!.lo))
          .y1((r) => y(r.p!.hi))(rows)
      : null;
    return { id, line: points.length > 0 ? linePath : null, band: bandPath, points };
  });

  const offScale = clipped ? placeOffScale(stats, input, x, cap, innerWidth) : [];

  const current = input.currentX;
  const markerX =
    current !== null && current >= xLo && current <= xHi && (!logX || current > 0)
      ? x(current)
      : null;

  return {
    margin,
    innerWidth,
    innerHeight,
    x,
    y,
    xTicks: logX
      ? logTicks(xLo, xHi, x, innerWidth, 'horizontal')
      : linearTicks(xLo, xHi, x, innerWidth, 'horizontal', input.integerX),
    yTicks: logTicks(yLo, yHi, y, innerHeight, 'vertical'),
    series,
    markerX,
    empty,
    offScale,
    clipped,
  };
}

/** Off-scale marks for the series whose mean goes above `cap`, labels in non-overlapping rows. */
function placeOffScale(
  stats: { id: string; stats: (PointStats | null)[] }[],
  input: SweepLayoutInput,
  x: (v: number) => number,
  cap: number,
  innerWidth: number,
): OffScaleMark[] {
  const rows: [number, number][][] = [];
  const marks: OffScaleMark[] = [];
  stats.forEach(({ id, stats: perPoint }, k) => {
    const exit = perPoint.findIndex((p) => p !== null && p.mean > cap);
    if (exit < 0) return;
    const max = Math.max(...perPoint.map((p) => (p ? p.mean : 0)));
    const label = input.series[k]!.label ?? id;
    const px = x(input.xs[exit]!);
    // Beside the arrow, right of it if it fits, else left; on a narrow plot a shorter wording,
    // and as a last resort shifted into the plot (never cut at its edge).
    const widthOf = (t: string) => OFF_SCALE_BOLD * labelExtent(t, 'horizontal', OFF_SCALE_FONT_PX);
    const placements = [
      `↑ ${label} up to ${formatNumber(max, 2)}`,
      `↑ ${label} ${formatNumber(max, 2)}`,
      `↑ ${formatNumber(max, 2)}`, // the colour says which series
    ];
    let text = placements[0]!;
    let start = NaN;
    for (const candidate of placements) {
      const w = widthOf(candidate);
      text = candidate;
      if (px + 6 + w <= innerWidth) start = px + 6;
      else if (px - 6 - w >= 0) start = px - 6 - w;
      if (Number.isFinite(start)) break;
    }
    const width = widthOf(text);
    if (!Number.isFinite(start)) start = Math.max(0, innerWidth - width);
    const end = start + width;
    let row = 0;
    while ((rows[row] ?? []).some(([a, b]) => start < b + 8 && end > a - 8)) row++;
    (rows[row] ??= []).push([start, end]);
    marks.push({ id, x: px, max, text, textX: start, textWidth: width, row });
  });
  return marks;
}
