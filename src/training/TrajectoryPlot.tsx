/** Renders {@link trajectoryLayout}: loss or κ(G_t) against the training step, log y. */
import { useMemo, useState } from 'react';
import { XAxis, YGrid } from '../plots/Axes';
import type { MouseEvent } from 'react';
import { formatCount, formatNumber } from '../plots/format';
import { nearestIndex, trajectoryLayout } from './trajectoryLayout';
import type { TrajectoryLayout, TrajectoryPoint, TrajectorySeriesLayout } from './trajectoryLayout';

export interface TrajectorySeries {
  id: string;
  label: string;
  /** CSS colour */
  color: string;
  /** SVG stroke-dasharray, null for solid */
  dash: string | null;
  /** drawn thicker (κ, or the loss) */
  primary?: boolean;
  points: readonly TrajectoryPoint[];
}

export interface TrajectoryPlotProps {
  series: readonly TrajectorySeries[];
  maxStep: number;
  markerStep: number | null;
  yTitle: string;
  /** the image's accessible name */
  ariaLabel: string;
  width: number;
  height: number;
  /** a click on the plot picks the recorded step nearest to it (scrub) */
  onPick?: (step: number) => void;
}

/** The series' styles and points by id. */
type SeriesById = ReadonlyMap<string, TrajectorySeries>;

export function TrajectoryPlot(props: TrajectoryPlotProps) {
  const { series, maxStep, markerStep, yTitle, ariaLabel, width, height, onPick } = props;
  const layout = useMemo(
    () =>
      trajectoryLayout({
        series: series.map((s) => ({ id: s.id, points: s.points })),
        maxStep,
        markerStep,
        width,
        height,
      }),
    [series, maxStep, markerStep, width, height],
  );
  const [hoverStep, setHoverStep] = useState<number | null>(null);
  const { margin, innerWidth, innerHeight } = layout;
  const styleOf = new Map(series.map((s) => [s.id, s]));
  // The recorded steps (every series is recorded at the same steps; the longest one decides).
  const steps = useMemo(() => {
    let longest: readonly TrajectoryPoint[] = [];
    for (const s of series) if (s.points.length > longest.length) longest = s.points;
    return longest.map((p) => p.step);
  }, [series]);

  const stepAt = (event: MouseEvent<SVGRectElement>): number | null => {
    const box = event.currentTarget.getBoundingClientRect();
    const i = nearestIndex(steps, layout.x.invert(event.clientX - box.left));
    return i < 0 ? null : steps[i]!;
  };

  return (
    <figure className="plot-figure">
      <svg
        className="plot trajectory-svg"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={ariaLabel}
      >
        <g transform={`translate(${margin.left},${margin.top})`}>
          <YGrid ticks={layout.yTicks} innerWidth={innerWidth} />
          <TrajectoryCurves series={layout.series} styleOf={styleOf} />
          {layout.markerX !== null ? (
            <line
              className="scrub-marker"
              x1={layout.markerX}
              x2={layout.markerX}
              y2={innerHeight}
            />
          ) : null}
          {hoverStep !== null ? (
            <line
              className="hover-guide"
              x1={layout.x(hoverStep)}
              x2={layout.x(hoverStep)}
              y2={innerHeight}
            />
          ) : null}
          <XAxis ticks={layout.xTicks} innerWidth={innerWidth} innerHeight={innerHeight} />
          <AxisTitles layout={layout} yTitle={yTitle} />
          <rect
            className="hit"
            width={innerWidth}
            height={innerHeight}
            style={{ cursor: onPick ? 'pointer' : undefined }}
            onMouseMove={(event) => setHoverStep(stepAt(event))}
            onMouseLeave={() => setHoverStep(null)}
            onClick={(event) => {
              const step = stepAt(event);
              if (step !== null) onPick?.(step);
            }}
          />
        </g>
      </svg>
      <figcaption className="plot-readout" aria-live="off">
        {hoverStep !== null ? (
          <TrajectoryReadout step={hoverStep} series={series} styleOf={styleOf} />
        ) : layout.empty ? (
          'No values yet.'
        ) : (
          `Hover to read a step${onPick ? '; click to show it below' : ''}.`
        )}
      </figcaption>
    </figure>
  );
}

/** Each series: its line, and a dot per record while the records stay apart. */
function TrajectoryCurves(props: {
  series: readonly TrajectorySeriesLayout[];
  styleOf: SeriesById;
}) {
  const { series, styleOf } = props;
  return series.map((s) => {
    const style = styleOf.get(s.id)!;
    return (
      <g
        key={s.id}
        className={`series trajectory-series${style.primary ? ' is-primary' : ''}`}
        data-series={s.id}
        data-points={s.points.length}
      >
        {s.path ? (
          <path
            className="series-line"
            d={s.path}
            style={{ stroke: style.color }}
            strokeDasharray={style.dash ?? undefined}
          />
        ) : null}
        {s.dots
          ? s.points.map((p) => (
              <circle
                key={p.step}
                className="point"
                cx={p.x}
                cy={p.y}
                r={style.primary ? 3 : 2.25}
                style={{ fill: style.color }}
              />
            ))
          : null}
      </g>
    );
  });
}

/** The training step under the x axis, the plotted quantity along the y axis. */
function AxisTitles({ layout, yTitle }: { layout: TrajectoryLayout; yTitle: string }) {
  const { margin, innerWidth, innerHeight } = layout;
  return (
    <>
      <text className="axis-title" x={innerWidth / 2} y={innerHeight + 38} textAnchor="middle">
        training step t
      </text>
      <text
        className="axis-title"
        transform={`translate(${-margin.left + 14},${innerHeight / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {yTitle}
      </text>
    </>
  );
}

/** Every series' value at the hovered step (series not recorded there are left out). */
function TrajectoryReadout(props: {
  step: number;
  series: readonly TrajectorySeries[];
  styleOf: SeriesById;
}) {
  const { step, series, styleOf } = props;
  const valueAt = (id: string): number | undefined =>
    styleOf.get(id)?.points.find((p) => p.step === step)?.value;
  return (
    <>
      <strong>step {formatCount(step)}</strong>
      {series.map((s) => {
        const v = valueAt(s.id);
        return v !== undefined ? (
          <span key={s.id} className="readout-item">
            <span className="readout-dot" style={{ background: s.color }} />
            {s.label} {formatNumber(v, 4)}
          </span>
        ) : null;
      })}
    </>
  );
}
