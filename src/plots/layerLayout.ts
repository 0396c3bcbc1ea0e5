/**
 * Layout of the per-layer view (docs/gn-math.md §16): condition numbers against the layer l on a
 * log y axis — κ(P_l), κ(Q_l), κ(P_l)·κ(Q_l) and the block κ for (residual) linear nets, the block
 * κ for the others — and, for linear nets, the convex bound's weights γ_l as bars in a strip
 * under it (0 to 1). An infinite value (a width bottleneck) sits on the top edge, marked ∞. The
 * dominant layer gets a band behind its column. Pure: data and size in, geometry out.
 */
import { line, scaleLinear, scaleLog } from 'd3';
import type { ScaleLinear, ScaleLogarithmic } from 'd3';
import type { LayerBreakdown } from '../core/explain/explain';
import { linearTicks, logTicks } from './ticks';
import type { Tick } from './ticks';

export type LayerSeriesId = 'kappaP' | 'kappaQ' | 'kappaPQ' | 'block';

export const LAYER_SERIES: Readonly<
  Record<LayerSeriesId, { label: string; color: string; dash: string | null }>
> = {
  kappaPQ: { label: 'κ(Pₗ)·κ(Qₗ)', color: 'var(--okabe-vermillion)', dash: null },
  kappaP: { label: 'κ(Pₗ), layers above', color: 'var(--okabe-blue)', dash: '6 3' },
  kappaQ: { label: 'κ(Qₗ), layers below', color: 'var(--okabe-green)', dash: '2 3' },
  block: { label: 'κ of the layer’s GN block', color: 'var(--series-kappa)', dash: null },
};

export interface LayerPoint {
  layer: number;
  value: number;
  x: number;
  y: number;
  /** the value is ∞ (drawn on the top edge) */
  infinite: boolean;
}

export interface LayerSeries {
  id: LayerSeriesId;
  points: LayerPoint[];
  /** line through the finite points (null with fewer than two) */
  path: string | null;
}

export interface GammaBar {
  layer: number;
  value: number;
  x: number;
  width: number;
  y: number;
  height: number;
}

export interface LayerLayoutInput {
  breakdown: LayerBreakdown & { family: 'linear' | 'blocks' };
  width: number;
  height: number;
}

export interface LayerLayout {
  margin: { top: number; right: number; bottom: number; left: number };
  innerWidth: number;
  /** height of the log area; the γ strip (linear nets) lies below it */
  logHeight: number;
  innerHeight: number;
  x: ScaleLinear<number, number>;
  y: ScaleLogarithmic<number, number>;
  series: LayerSeries[];
  gamma: { bars: GammaBar[]; top: number; height: number; ticks: Tick[] } | null;
  xTicks: Tick[];
  yTicks: Tick[];
  /** the dominant layer's band (null when none is named) */
  band: { x: number; width: number } | null;
}

/** Height of the γ_l strip and the gap above it. */
export const GAMMA_STRIP_PX = 46;
const GAMMA_GAP_PX = 24;
/** Horizontal spacing of the ∞ marks of different series at one layer. */
const INFINITE_SPACING_PX = 11;

function seriesValues(b: LayerLayoutInput['breakdown']): { id: LayerSeriesId; values: number[] }[] {
  if (b.family === 'linear')
    return [
      { id: 'kappaPQ', values: b.layers.map((r) => r.kappaPQ) },
      { id: 'kappaP', values: b.layers.map((r) => r.kappaP) },
      { id: 'kappaQ', values: b.layers.map((r) => r.kappaQ) },
      { id: 'block', values: b.layers.map((r) => r.block.kappa) },
    ];
  // skipped blocks have no value: NaN, left out of the line
  return [{ id: 'block', values: b.layers.map((r) => ('skipped' in r ? NaN : r.kappa)) }];
}

/** [lo, hi] of the finite positive values, padded; half a decade each side for equal values. */
function logDomain(values: readonly number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  let lo = finite.length > 0 ? Math.min(...finite) : 1;
  let hi = finite.length > 0 ? Math.max(...finite) : 10;
  if (hi / lo < 1.0001) {
    lo /= Math.sqrt(10);
    hi *= Math.sqrt(10);
  } else {
    const pad = Math.max(0.1, 0.06 * Math.log10(hi / lo));
    lo = 10 ** (Math.log10(lo) - pad);
    hi = 10 ** (Math.log10(hi) + pad);
  }
  return [Math.max(lo, 1e-300), Math.min(hi, 1e300)];
}

export function layerLayout(input: LayerLayoutInput): LayerLayout {
  const { breakdown } = input;
  const margin = { top: 14, right: 16, bottom: 40, left: 60 };
  const innerWidth = Math.max(40, input.width - margin.left - margin.right);
  const innerHeight = Math.max(90, input.height - margin.top - margin.bottom);
  const linear = breakdown.family === 'linear';
  const logHeight = innerHeight - (linear ? GAMMA_STRIP_PX + GAMMA_GAP_PX : 0);
  const L = breakdown.layers.length;
  const x = scaleLinear()
    .domain([0.5, L + 0.5])
    .range([0, innerWidth]);
  const raw = seriesValues(breakdown);
  const [lo, hi] = logDomain(raw.flatMap((s) => s.values));
  const y = scaleLog().domain([lo, hi]).range([logHeight, 0]).clamp(true);
  // ∞ marks of different series at one layer sit side by side, not on top of each other
  const infiniteOffset = (s: number) => (s - (raw.length - 1) / 2) * INFINITE_SPACING_PX;
  const series: LayerSeries[] = raw.map(({ id, values }, s) => {
    const points = values.flatMap((value, i): LayerPoint[] =>
      Number.isNaN(value)
        ? []
        : [
            {
              layer: i + 1,
              value,
              x: x(i + 1) + (value === Infinity ? infiniteOffset(s) : 0),
              y: value === Infinity ? 0 : y(value),
              infinite: value === Infinity,
            },
          ],
    );
    const finite = points.filter((p) => !p.infinite);
    const path =
      finite.length > 1
        ? line<LayerPoint>()
            .x((p) => p.x)
            .y((p) => p.y)(finite)
        : null;
    return { id, points, path };
  });
  const column = innerWidth / Math.max(1, L);
  const band =
    breakdown.dominant !== null ? { x: x(breakdown.dominant) - column / 2, width: column } : null;
  const gammaTop = logHeight + GAMMA_GAP_PX;
  const gy = scaleLinear()
    .domain([0, 1])
    .range([gammaTop + GAMMA_STRIP_PX, gammaTop]);
  const barWidth = Math.max(2, Math.min(28, column * 0.5));
  const gamma =
    breakdown.family === 'linear'
      ? {
          top: gammaTop,
          height: GAMMA_STRIP_PX,
          bars: breakdown.layers.map((r) => ({
            layer: r.layer,
            value: r.gamma,
            x: x(r.layer) - barWidth / 2,
            width: barWidth,
            y: gy(r.gamma),
            height: gy(0) - gy(r.gamma),
          })),
          ticks: [0, 1].map((v) => ({ value: v, position: gy(v), label: String(v) })),
        }
      : null;
  return {
    margin,
    innerWidth,
    logHeight,
    innerHeight,
    x,
    y,
    series,
    gamma,
    xTicks: linearTicks(1, L, x, innerWidth, 'horizontal', true),
    yTicks: logTicks(lo, hi, y, logHeight, 'vertical'),
    band,
  };
}
