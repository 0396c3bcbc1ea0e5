/** Renders {@link spectrumLayout}: the GN eigenvalue histogram on a log-λ axis. */
import { useMemo, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import type { SpectrumTheory } from '../core/explain/spectrumTheory';
import { XAxis, YGrid } from './Axes';
import { formatCount, formatNumber } from './format';
import {
  barSpan,
  barsPath,
  binAt,
  binForKey,
  binHolds,
  SPECTRUM_RULE_ROW_PX,
  spectrumLayout,
} from './spectrumLayout';
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

/** The hovered bin's bar (its kept part, or its faint part when all its eigenvalues were cut). */
function HoveredBar({ bin, innerHeight }: { bin: SpectrumBin; innerHeight: number }) {
  const [top, bottom] = barSpan(bin, bin.count > 0 ? 'kept' : 'discarded', innerHeight);
  return (
    <rect
      className="bar-hovered"
      x={bin.x}
      width={bin.width}
      y={top}
      height={Math.max(0, bottom - top)}
    />
  );
}

export function SpectrumPlot(props: SpectrumPlotProps) {
  const { eigenvalues, discarded, rtol, width, height, theory } = props;
  const layout = useMemo(
    () => spectrumLayout({ eigenvalues, discarded, rtol, width, height, theory }),
    [eigenvalues, discarded, rtol, width, height, theory],
  );
  const keptPath = useMemo(() => barsPath(layout, 'kept'), [layout]);
  const discardedPath = useMemo(() => barsPath(layout, 'discarded'), [layout]);
  const [hovered, setHovered] = useState<number | null>(null);
  const { margin, innerWidth, innerHeight, bins } = layout;
  // The index outlives a change of spectrum: it reads only a bin that still holds eigenvalues.
  const candidate = hovered !== null ? bins[hovered] : undefined;
  const hoveredBin = candidate && binHolds(candidate) ? candidate : undefined;

  // One hover target over the plot area instead of one per bin (a slider step then updates two
  // path attributes, not hundreds of rectangles); the bin comes from the pointer's x.
  const onPointerMove = (event: PointerEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width <= 0) return;
    setHovered(binAt(bins, ((event.clientX - box.left) * innerWidth) / box.width));
  };
  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const next = binForKey(bins, hoveredBin ? hovered : null, event.key);
    if (next === undefined) return;
    setHovered(next);
    event.preventDefault();
  };

  return (
    <figure className="plot-figure">
      <svg
        className="plot spectrum-svg"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Histogram of ${eigenvalues.length} non-zero GN eigenvalues on a log scale; arrow keys read the bins`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onBlur={() => setHovered(null)}
        onMouseLeave={() => setHovered(null)}
      >
        <g transform={`translate(${margin.left},${margin.top})`}>
          <YGrid ticks={layout.yTicks} innerWidth={innerWidth} />
          {discardedPath ? (
            <path
              className="bar-discarded"
              data-testid="spectrum-bars-discarded"
              d={discardedPath}
            />
          ) : null}
          {keptPath ? <path className="bar" data-testid="spectrum-bars" d={keptPath} /> : null}
          {hoveredBin ? <HoveredBar bin={hoveredBin} innerHeight={innerHeight} /> : null}
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
          {/* Full-height hover target: thin bars are hard to hit. */}
          <rect
            className="hit"
            data-testid="spectrum-hit"
            x={-0.5}
            width={innerWidth + 1}
            y={0}
            height={innerHeight}
            onPointerMove={onPointerMove}
          />
        </g>
      </svg>
      <figcaption className="plot-readout" aria-live="polite">
        {hoveredBin
          ? describeBin(hoveredBin)
          : 'Hover a bar (or focus the plot and press ←/→) to read its bin.'}
      </figcaption>
    </figure>
  );
}
