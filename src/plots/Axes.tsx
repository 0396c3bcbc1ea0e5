/**
 * The axis pieces every plot draws the same way (spectrum, sweep, Σ spectrum, training): the
 * horizontal grid with y tick labels, and the bottom axis line with x ticks. Layouts compute the
 * ticks (pure, tested); these only render them.
 */
import type { Tick } from './ticks';

/** Horizontal grid lines across the plot with their labels on the left. */
export function YGrid({ ticks, innerWidth }: { ticks: readonly Tick[]; innerWidth: number }) {
  return (
    <>
      {ticks.map((t) => (
        <g key={`y${t.value}`} transform={`translate(0,${t.position})`}>
          <line className="grid" x2={innerWidth} />
          <text className="tick-label" x={-8} dy="0.32em" textAnchor="end">
            {t.label}
          </text>
        </g>
      ))}
    </>
  );
}

/** The bottom axis line and its ticks with labels. */
export function XAxis({
  ticks,
  innerWidth,
  innerHeight,
}: {
  ticks: readonly Tick[];
  innerWidth: number;
  innerHeight: number;
}) {
  return (
    <>
      <line className="axis-line" y1={innerHeight} y2={innerHeight} x2={innerWidth} />
      {ticks.map((t) => (
        <g key={`x${t.value}`} transform={`translate(${t.position},${innerHeight})`}>
          <line className="tick" y2={5} />
          <text className="tick-label" y={18} textAnchor="middle">
            {t.label}
          </text>
        </g>
      ))}
    </>
  );
}
