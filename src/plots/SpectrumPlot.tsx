/** Renders {@link spectrumLayout}: the GN eigenvalue histogram on a log-λ axis. */
import { useMemo, useState } from 'react';
import type { SpectrumTheory } from '../core/explain/spectrumTheory';
import { XAxis, YGrid } from './Axes';
import { formatCount, formatNumber } from './format';
import { SPECTRUM_RULE_ROW_PX, spectrumLayout } from './spectrumLayout';
import type { SpectrumBin } from './spectrumLayout';

export interface SpectrumPlotProps {
  eigenvalues: readonly number[];
  discarded: readonly number[];
  rtol: number;
  width: number;
  height: number;
  /** the predicted spectrum drawn over the bars (docs/gn-math.md §12), when one applies */
  theory?: SpectrumTheory | null;
}

function describeBin(bin: SpectrumBin): string {
  const range = `λ ∈ [${formatNumber(bin.lo, 3)}, ${formatNumber(bin.hi, 3)}]`;
  const kept = `${formatCount(bin.count)} eigenvalue${bin.count === 1 ? '' : 's'}`;
  const faint = bin.discardedCount > 0 ? ` + ${formatCount(bin.discardedCount)} discarded` : '';
  return `${kept}${faint} in ${range}`;
}

export function SpectrumPlot(props: SpectrumPlotProps) {
  const { eigenvalues, discarded, rtol, width, height, theory } = props;
  const layout = useMemo(
    () => spectrumLayout({ eigenvalues, discarded, rtol, width, height, theory }),
    [eigenvalues, discarded, rtol, width, height, theory],
  );
  const [hovered, setHovered] = useState<number | null>(null);
  const { margin, innerWidth, innerHeight, bins } = layout;
  const hoveredBin = hovered !== null ? bins[hovered] : undefined;

  return (
    <figure className="plot-figure">
      <svg
        className="plot spectrum-svg"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Histogram of ${eigenvalues.length} non-zero GN eigenvalues on a log scale`}
        onMouseLeave={() => setHovered(null)}
      >
        <g transform={`translate(${margin.left},${margin.top})`}>
          <YGrid ticks={layout.yTicks} innerWidth={innerWidth} />
          {bins.map((bin, i) =>
            bin.count + bin.discardedCount === 0 ? null : (
              <g key={i} className={hovered === i ? 'bin is-hovered' : 'bin'}>
                {bin.discardedCount > 0 ? (
                  <rect
                    className="bar-discarded"
                    x={bin.x}
                    width={bin.width}
                    y={bin.discardedY}
                    height={Math.max(0, bin.y - bin.discardedY)}
                  />
                ) : null}
                {bin.count > 0 ? (
                  <rect
                    className="bar"
                    x={bin.x}
                    width={bin.width}
                    y={bin.y}
                    height={Math.max(0, innerHeight - bin.y)}
                  />
                ) : null}
              </g>
            ),
          )}
          {layout.theory ? (
            <path
              className={`theory-line theory-${layout.theory.shape}`}
              data-testid="spectrum-theory"
              d={layout.theory.d}
            >
              <title>{`Prediction (expected eigenvalues per bin): ${layout.theory.label}`}</title>
            </path>
          ) : null}
          {layout.rules.map((rule) => (
            <g key={rule.id} className={`rule rule-${rule.id}`}>
              <line
                x1={rule.x}
                x2={rule.x}
                y1={-(3 - rule.row) * SPECTRUM_RULE_ROW_PX + 4}
                y2={innerHeight}
              />
              <text
                x={rule.x + (rule.anchor === 'start' ? 4 : -4)}
                y={-(3 - rule.row) * SPECTRUM_RULE_ROW_PX + 12}
                textAnchor={rule.anchor}
              >
                {rule.label}
              </text>
            </g>
          ))}
          <XAxis ticks={layout.xTicks} innerWidth={innerWidth} innerHeight={innerHeight} />
          <text className="axis-title" x={innerWidth / 2} y={innerHeight + 38} textAnchor="middle">
            eigenvalue λ of JᵀJ/n (log scale)
          </text>
          <text
            className="axis-title"
            transform={`translate(${-margin.left + 14},${innerHeight / 2}) rotate(-90)`}
            textAnchor="middle"
          >
            count
          </text>
          {/* Full-height hover targets: thin bars are hard to hit. */}
          {bins.map((bin, i) =>
            bin.count + bin.discardedCount === 0 ? null : (
              <rect
                key={`hit${i}`}
                className="hit"
                x={bin.x - 0.5}
                width={bin.width + 1}
                y={0}
                height={innerHeight}
                onMouseEnter={() => setHovered(i)}
              >
                <title>{describeBin(bin)}</title>
              </rect>
            ),
          )}
        </g>
      </svg>
      <figcaption className="plot-readout" aria-live="polite">
        {hoveredBin ? describeBin(hoveredBin) : 'Hover a bar to read its bin.'}
      </figcaption>
    </figure>
  );
}
