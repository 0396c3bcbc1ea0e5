/** Renders {@link sigmaLayout}: Σ's eigenvalues by index on a log axis, zero ones in a strip below. */
import { useMemo, useState } from 'react';
import { XAxis, YGrid } from './Axes';
import { formatNumber } from './format';
import { sigmaLayout, ZERO_STRIP_PX } from './sigmaLayout';

export interface SigmaPlotProps {
  eigenvalues: readonly number[];
  width: number;
  height: number;
}

export function SigmaPlot({ eigenvalues, width, height }: SigmaPlotProps) {
  const layout = useMemo(
    () => sigmaLayout({ eigenvalues, width, height }),
    [eigenvalues, width, height],
  );
  const [hovered, setHovered] = useState<number | null>(null);
  const { margin, innerWidth, innerHeight, logHeight } = layout;
  const hoveredPoint = hovered !== null ? layout.points[hovered] : undefined;
  const r = layout.points.length > 200 ? 1.8 : 2.6;

  return (
    <figure className="plot-figure">
      <svg
        className="plot sigma-svg"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        data-rank={layout.rank}
        data-zero={layout.zeroCount}
        aria-label={`Eigenvalues of the data matrix: rank ${layout.rank} of ${layout.points.length}, ${layout.zeroCount} zero`}
        onMouseLeave={() => setHovered(null)}
      >
        <g transform={`translate(${margin.left},${margin.top})`}>
          <YGrid ticks={layout.yTicks} innerWidth={innerWidth} />
          {layout.zeroCount > 0 ? (
            <g className="zero-strip">
              <rect y={logHeight} width={innerWidth} height={ZERO_STRIP_PX} />
              <text
                className="tick-label"
                x={-8}
                y={logHeight + ZERO_STRIP_PX / 2}
                dy="0.32em"
                textAnchor="end"
              >
                ≈ 0
              </text>
            </g>
          ) : null}
          {layout.path ? <path className="sigma-line" d={layout.path} /> : null}
          {layout.points.map((p, i) =>
            p.zero ? (
              <path
                key={i}
                className="sigma-zero"
                d={`M${p.x - 3},${p.y - 3}L${p.x + 3},${p.y + 3}M${p.x - 3},${p.y + 3}L${p.x + 3},${p.y - 3}`}
              />
            ) : (
              <circle key={i} className="sigma-dot" cx={p.x} cy={p.y} r={r} />
            ),
          )}
          {hoveredPoint ? (
            <circle className="sigma-hover" cx={hoveredPoint.x} cy={hoveredPoint.y} r={5} />
          ) : null}
          <XAxis ticks={layout.xTicks} innerWidth={innerWidth} innerHeight={innerHeight} />
          <text className="axis-title" x={innerWidth / 2} y={innerHeight + 38} textAnchor="middle">
            index i (eigenvalues of Σ = XᵀX/n, largest first)
          </text>
          <text
            className="axis-title"
            transform={`translate(${-margin.left + 12},${logHeight / 2}) rotate(-90)`}
            textAnchor="middle"
          >
            λᵢ(Σ) (log)
          </text>
          <rect
            className="hit"
            width={innerWidth}
            height={innerHeight}
            onMouseMove={(event) => {
              const box = event.currentTarget.getBoundingClientRect();
              const i = Math.round(layout.x.invert(event.clientX - box.left)) - 1;
              setHovered(Math.min(layout.points.length - 1, Math.max(0, i)));
            }}
          />
        </g>
      </svg>
      <figcaption className="plot-readout" aria-live="polite">
        {hoveredPoint
          ? `λ${hoveredPoint.index} = ${formatNumber(hoveredPoint.value, 4)}${hoveredPoint.zero ? ' (counted as zero)' : ''}`
          : 'Hover the plot to read an eigenvalue.'}
      </figcaption>
    </figure>
  );
}
