/**
 * A legend entry's line sample: the 26 × 10 stroke drawn before its label, in the curve's colour,
 * width and dash (or styled by a class, e.g. the spectrum's prediction line).
 */
export function LegendSwatch(props: {
  stroke?: string;
  width?: number;
  dash?: string | null;
  className?: string;
}) {
  return (
    <svg width="26" height="10" aria-hidden="true">
      <line
        className={props.className}
        x1="1"
        y1="5"
        x2="25"
        y2="5"
        stroke={props.stroke}
        strokeWidth={props.width}
        strokeDasharray={props.dash ?? undefined}
      />
    </svg>
  );
}
