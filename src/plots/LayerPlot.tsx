/** Renders {@link layerLayout}: condition numbers against the layer, and the weights γ_l. */
import { useMemo } from 'react';
import type { LayerBreakdown } from '../core/explain/explain';
import { XAxis, YGrid } from './Axes';
import { formatNumber } from './format';
import { LAYER_SERIES, layerLayout } from './layerLayout';

export interface LayerPlotProps {
  breakdown: LayerBreakdown & { family: 'linear' | 'blocks' };
  width: number;
  height: number;
}

export function LayerPlot({ breakdown, width, height }: LayerPlotProps) {
  const layout = useMemo(
    () => layerLayout({ breakdown, width, height }),
    [breakdown, width, height],
  );
  const { margin, innerWidth, innerHeight, logHeight, gamma } = layout;
  return (
    <svg
      className="plot layer-svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Condition numbers of each of the ${breakdown.layers.length} layers`}
    >
      <g transform={`translate(${margin.left},${margin.top})`}>
        {layout.band ? (
          <rect
            className="layer-band"
            x={layout.band.x}
            width={layout.band.width}
            y={0}
            height={innerHeight}
          />
        ) : null}
        <YGrid ticks={layout.yTicks} innerWidth={innerWidth} />
        {layout.series.map((s) => {
          const style = LAYER_SERIES[s.id];
          return (
            <g key={s.id} className={`layer-series layer-${s.id}`}>
              {s.path ? (
                <path
                  className="layer-line"
                  d={s.path}
                  stroke={style.color}
                  strokeDasharray={style.dash ?? undefined}
                />
              ) : null}
              {s.points.map((p) =>
                p.infinite ? (
                  <text
                    key={p.layer}
                    className="layer-infinite"
                    x={p.x}
                    y={p.y + 10}
                    textAnchor="middle"
                    fill={style.color}
                  >
                    ∞<title>{`${style.label} at layer ${p.layer}: ∞`}</title>
                  </text>
                ) : (
                  <circle key={p.layer} cx={p.x} cy={p.y} r={3.5} fill={style.color}>
                    <title>{`${style.label} at layer ${p.layer}: ${formatNumber(p.value, 4)}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
        {gamma ? (
          <g className="gamma-strip">
            <line
              className="axis-line"
              x2={innerWidth}
              y1={gamma.top + gamma.height}
              y2={gamma.top + gamma.height}
            />
            {gamma.ticks.map((t) => (
              <text
                key={t.value}
                className="tick-label"
                x={-8}
                y={t.position}
                dy="0.32em"
                textAnchor="end"
              >
                {t.label}
              </text>
            ))}
            <text
              className="axis-title"
              x={-margin.left + 4}
              y={gamma.top + gamma.height / 2}
              dy="0.32em"
            >
              γₗ
            </text>
            {gamma.bars.map((b) => (
              <rect
                key={b.layer}
                className="gamma-bar"
                x={b.x}
                width={b.width}
                y={b.y}
                height={Math.max(0, b.height)}
              >
                <title>{`γ_${b.layer} = ${formatNumber(b.value, 3)} (weight in the convex bound)`}</title>
              </rect>
            ))}
          </g>
        ) : null}
        <XAxis ticks={layout.xTicks} innerWidth={innerWidth} innerHeight={innerHeight} />
        <text className="axis-title" x={innerWidth / 2} y={innerHeight + 34} textAnchor="middle">
          layer l
        </text>
        <text
          className="axis-title"
          transform={`translate(${-margin.left + 14},${logHeight / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          κ (log scale)
        </text>
      </g>
    </svg>
  );
}
