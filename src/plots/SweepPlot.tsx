/** Renders {@link sweepLayout}: κ and every applicable bound against the swept parameter. */
import { useMemo, useState } from 'react';
import type { MouseEvent } from 'react';
import type { SweepRun } from '../state/slices/resultsSlice';
import { formatNumber } from './format';
import { SERIES_ORDER, SERIES_STYLE } from './series';
import type { SeriesId } from './series';
import { sweepLayout } from './sweepLayout';
import type { Spread, SweepSeriesInput } from './sweepLayout';

export interface SweepPlotProps {
  run: SweepRun;
  logX: boolean;
  integerX: boolean;
  currentX: number | null;
  spread: Spread;
  /** series the user switched off in the legend (they leave the y range too) */
  hidden: ReadonlySet<SeriesId>;
  xTitle: string;
  width: number;
  height: number;
}

/** Per-series, per-point values over the seeds that have finished; series with no value dropped. */
export function sweepSeriesInputs(run: SweepRun): SweepSeriesInput[] {
  const n = run.xs.length;
  return SERIES_ORDER.flatMap((id: SeriesId) => {
    const values = run.xs.map((_, i) =>
      run.seeds.flatMap((_seed, s) => {
        const sample = run.samples[s * n + i];
        const v = sample ? (id === 'kappa' ? sample.kappa : sample.bounds[id]) : null;
        return v !== null && v !== undefined && Number.isFinite(v) && v > 0 ? [v] : [];
      }),
    );
    return values.some((v) => v.length > 0) ? [{ id, values }] : [];
  });
}

export function SweepPlot(props: SweepPlotProps) {
  const { run, logX, integerX, currentX, spread, hidden, xTitle, width, height } = props;
  const series = useMemo(
    () => sweepSeriesInputs(run).filter((s) => !hidden.has(s.id)),
    [run, hidden],
  );
  const layout = useMemo(
    () => sweepLayout({ xs: run.xs, series, logX, integerX, currentX, spread, width, height }),
    [run.xs, series, logX, integerX, currentX, spread, width, height],
  );
  const [hovered, setHovered] = useState<number | null>(null);
  const { margin, innerWidth, innerHeight } = layout;

  const onMove = (event: MouseEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - box.left;
    let best = 0;
    run.xs.forEach((x, i) => {
      if (Math.abs(layout.x(x) - px) < Math.abs(layout.x(run.xs[best]!) - px)) best = i;
    });
    setHovered(best);
  };
  const hoveredX = hovered !== null ? run.xs[hovered] : undefined;

  return (
    <figure className="plot-figure">
      <svg
        className="plot sweep-svg"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        // Names of controls (Depth, Width, Seed, …) are kept out of this label: tests find controls
        // by those words.
        aria-label="Sweep plot: κ and its bounds against the swept parameter"
      >
        <g transform={`translate(${margin.left},${margin.top})`}>
          {layout.yTicks.map((t) => (
            <g key={`y${t.value}`} transform={`translate(0,${t.position})`}>
              <line className="grid" x2={innerWidth} />
              <text className="tick-label" x={-8} dy="0.32em" textAnchor="end">
                {t.label}
              </text>
            </g>
          ))}
          {layout.series.map((s) =>
            s.band ? (
              <path
                key={`band-${s.id}`}
                className="band"
                d={s.band}
                style={{ fill: SERIES_STYLE[s.id].color }}
              />
            ) : null,
          )}
          {layout.markerX !== null ? (
            <g className="current-marker">
              <line x1={layout.markerX} x2={layout.markerX} y2={innerHeight} />
              <text
                x={layout.markerX + (layout.markerX > innerWidth - 80 ? -5 : 5)}
                y={12}
                textAnchor={layout.markerX > innerWidth - 80 ? 'end' : 'start'}
              >
                current
              </text>
            </g>
          ) : null}
          {layout.series.map((s) => {
            const style = SERIES_STYLE[s.id];
            return (
              <g key={s.id} className={`series series-${s.id}`}>
                {s.line ? (
                  <path
                    className="series-line"
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
                    r={s.id === 'kappa' ? 3.5 : 2.5}
                    style={{ fill: style.color }}
                  />
                ))}
              </g>
            );
          })}
          {hovered !== null ? (
            <line
              className="hover-guide"
              x1={layout.x(run.xs[hovered]!)}
              x2={layout.x(run.xs[hovered]!)}
              y2={innerHeight}
            />
          ) : null}
          <line className="axis-line" y1={innerHeight} y2={innerHeight} x2={innerWidth} />
          {layout.xTicks.map((t) => (
            <g key={`x${t.value}`} transform={`translate(${t.position},${innerHeight})`}>
              <line className="tick" y2={5} />
              <text className="tick-label" y={18} textAnchor="middle">
                {t.label}
              </text>
            </g>
          ))}
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
          <>
            <strong>{formatNumber(hoveredX, 4)}</strong>
            {layout.series.map((s) => {
              const p = s.points.find((q) => q.index === hovered);
              return p ? (
                <span key={s.id} className="readout-item">
                  <span className="readout-dot" style={{ background: SERIES_STYLE[s.id].color }} />
                  {SERIES_STYLE[s.id].label} {formatNumber(p.value, 3)}
                  {p.stats.n > 1
                    ? ` [${formatNumber(p.stats.lo, 3)}–${formatNumber(p.stats.hi, 3)}]`
                    : ''}
                </span>
              ) : null;
            })}
          </>
        ) : (
          'Hover the plot to read the values at a point (geometric mean [spread] over seeds).'
        )}
      </figcaption>
    </figure>
  );
}
