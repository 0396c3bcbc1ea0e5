/** Renders {@link sweepLayout}: κ and every applicable bound (or compare series) against the swept parameter. */
import { useId, useMemo, useState } from 'react';
import { XAxis, YGrid } from './Axes';
import type { MouseEvent } from 'react';
import { formatNumber } from './format';
import { OFF_SCALE_ROW_PX, sweepLayout } from './sweepLayout';
import type { OffScaleMark, Spread, SweepLayout, SweepSeriesLayout } from './sweepLayout';
import type { PlotSeries } from './sweepSeries';

export interface SweepPlotProps {
  xs: readonly number[];
  /** the curves to draw (hidden ones already left out: they leave the y range too) */
  series: readonly PlotSeries[];
  logX: boolean;
  integerX: boolean;
  currentX: number | null;
  spread: Spread;
  /** decades above the κ curves where the y axis ends (null: the full range) */
  clipDecades: number | null;
  xTitle: string;
  width: number;
  height: number;
}

/** The series' styles by id (hidden series are absent). */
type StyleById = ReadonlyMap<string, PlotSeries>;

export function SweepPlot(props: SweepPlotProps) {
  const { xs, series, logX, integerX, currentX, spread, clipDecades, xTitle, width, height } =
    props;
  const layout = useMemo(
    () => sweepLayout({ xs, series, logX, integerX, currentX, spread, width, height, clipDecades }),
    [xs, series, logX, integerX, currentX, spread, width, height, clipDecades],
  );
  const byId = useMemo(() => new Map(series.map((s) => [s.id, s])), [series]);
  const [hovered, setHovered] = useState<number | null>(null);
  const clipId = useId();
  const { margin, innerWidth, innerHeight } = layout;

  const onMove = (event: MouseEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - box.left;
    let best = 0;
    xs.forEach((x, i) => {
      if (Math.abs(layout.x(x) - px) < Math.abs(layout.x(xs[best]!) - px)) best = i;
    });
    setHovered(best);
  };
  const hoveredX = hovered !== null ? xs[hovered] : undefined;

  return (
    <figure className="plot-figure">
      <svg
        className="plot sweep-svg"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        data-clipped={layout.clipped ? 'true' : 'false'}
        // Names of controls (Depth, Width, Seed, …) are kept out of this label: tests find controls
        // by those words.
        aria-label="Sweep plot: κ and its bounds against the swept parameter"
      >
        <defs>
          <clipPath id={clipId}>
            {/* a little room above the frame so a point on the top edge keeps its round cap */}
            <rect x={-6} y={-4} width={innerWidth + 12} height={innerHeight + 8} />
          </clipPath>
        </defs>
        <g transform={`translate(${margin.left},${margin.top})`}>
          <YGrid ticks={layout.yTicks} innerWidth={innerWidth} />
          <g clipPath={`url(#${clipId})`}>
            <SweepBands series={layout.series} byId={byId} />
          </g>
          <CurrentMarker layout={layout} />
          <g clipPath={`url(#${clipId})`}>
            <SweepCurves series={layout.series} byId={byId} />
          </g>
          <OffScaleMarks marks={layout.offScale} byId={byId} />
          {hovered !== null ? (
            <line
              className="hover-guide"
              x1={layout.x(xs[hovered]!)}
              x2={layout.x(xs[hovered]!)}
              y2={innerHeight}
            />
          ) : null}
          <XAxis ticks={layout.xTicks} innerWidth={innerWidth} innerHeight={innerHeight} />
          <AxisTitles layout={layout} xTitle={xTitle} logX={logX} />
          <rect
            className="hit"
            width={innerWidth}
            height={innerHeight}
            onMouseMove={onMove}
            onMouseLeave={() => setHovered(null)}
          />
        </g>
      </svg>
      <figcaption className="plot-readout" aria-live="polite">
        {hovered !== null && hoveredX !== undefined ? (
          <SweepReadout index={hovered} x={hoveredX} series={layout.series} byId={byId} />
        ) : (
          'Hover the plot to read the values at a point (geometric mean [spread] over seeds).'
        )}
      </figcaption>
    </figure>
  );
}

/** The spread bands over seeds, under everything else. */
function SweepBands({ series, byId }: { series: readonly SweepSeriesLayout[]; byId: StyleById }) {
  return series.map((s) =>
    s.band ? (
      <path
        key={`band-${s.id}`}
        className="band"
        d={s.band}
        style={{ fill: byId.get(s.id)?.color }}
      />
    ) : null,
  );
}

/** The "current" rule at the configuration's own value, its label kept inside the plot. */
function CurrentMarker({ layout }: { layout: SweepLayout }) {
  const { markerX, innerWidth, innerHeight } = layout;
  if (markerX === null) return null;
  const nearRight = markerX > innerWidth - 80;
  return (
    <g className="current-marker">
      <line x1={markerX} x2={markerX} y2={innerHeight} />
      <text x={markerX + (nearRight ? -5 : 5)} y={12} textAnchor={nearRight ? 'end' : 'start'}>
        current
      </text>
    </g>
  );
}

/** Each curve: its line and a dot per swept value (bigger for the reference curves). */
function SweepCurves({ series, byId }: { series: readonly SweepSeriesLayout[]; byId: StyleById }) {
  return series.map((s) => {
    const style = byId.get(s.id);
    if (!style) return null;
    return (
      <g key={s.id} className="series" data-series={s.id}>
        {s.line ? (
          <path
            className={`series-line${style.reference ? ' is-reference' : ''}`}
            d={s.line}
            style={{ stroke: style.color }}
            strokeDasharray={style.dash ?? undefined}
          />
        ) : null}
        {s.points.map((p) => (
          <circle
            key={p.index}
            cx={p.x}
            cy={p.y}
            r={style.reference ? 3.5 : 2.5}
            style={{ fill: style.color }}
          />
        ))}
      </g>
    );
  });
}

/** Curves that leave the top of the clipped range: an arrow where they exit and their maximum. */
function OffScaleMarks({ marks, byId }: { marks: readonly OffScaleMark[]; byId: StyleById }) {
  return marks.map((mark) => {
    const color = byId.get(mark.id)?.color;
    // Below the "current" label, which sits in the top row.
    const y = 30 + mark.row * OFF_SCALE_ROW_PX;
    return (
      <g key={`off-${mark.id}`} className="off-scale" data-series={mark.id}>
        <path d={`M${mark.x - 5},6 L${mark.x},0 L${mark.x + 5},6 Z`} style={{ fill: color }} />
        <text x={mark.textX} y={y} textAnchor="start" style={{ fill: color }}>
          {mark.text}
        </text>
      </g>
    );
  });
}

/** The swept parameter under the x axis, the condition number along the y axis. */
function AxisTitles(props: { layout: SweepLayout; xTitle: string; logX: boolean }) {
  const { layout, xTitle, logX } = props;
  const { margin, innerWidth, innerHeight } = layout;
  return (
    <>
      <text className="axis-title" x={innerWidth / 2} y={innerHeight + 40} textAnchor="middle">
        {xTitle}
        {logX ? ' (log scale)' : ''}
      </text>
      <text
        className="axis-title"
        transform={`translate(${-margin.left + 14},${innerHeight / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        condition number (log scale)
      </text>
    </>
  );
}

/** The values of every curve at the hovered swept value, with their spread over seeds. */
function SweepReadout(props: {
  index: number;
  x: number;
  series: readonly SweepSeriesLayout[];
  byId: StyleById;
}) {
  const { index, x, series, byId } = props;
  return (
    <>
      <strong>{formatNumber(x, 4)}</strong>
      {series.map((s) => {
        const p = s.points.find((q) => q.index === index);
        const style = byId.get(s.id);
        return p && style ? (
          <span key={s.id} className="readout-item">
            <span className="readout-dot" style={{ background: style.color }} />
            {style.label} {formatNumber(p.value, 3)}
            {p.stats.n > 1
              ? ` [${formatNumber(p.stats.lo, 3)}–${formatNumber(p.stats.hi, 3)}]`
              : ''}
          </span>
        ) : null;
      })}
    </>
  );
}
