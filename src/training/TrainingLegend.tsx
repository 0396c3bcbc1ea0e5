/**
 * The training charts' legend: one entry per run when runs are compared; otherwise the loss, κ(G)
 * and the bounds drawn, and the bounds that do not apply to this network.
 */
import { LegendSwatch } from '../components/LegendSwatch';
import { SERIES_STYLE } from '../plots/series';
import type { TrainingRun } from '../state/slices/trainingSlice';
import { LOSS_COLOR, inapplicableBounds, kappaSeries, runColor } from './trainingSeries';

export function TrainingLegend({
  runs,
  comparison,
}: {
  runs: readonly TrainingRun[];
  comparison: boolean;
}) {
  if (runs.length === 0) return null;
  if (comparison) {
    return (
      <ul className="legend" aria-label="Runs">
        {runs.map((run, i) => (
          <li key={run.key} className="legend-entry">
            <LegendSwatch stroke={runColor(i)} width={3} />
            {run.label}
            {run.error ? <span className="legend-muted"> (stopped)</span> : null}
          </li>
        ))}
      </ul>
    );
  }
  const run = runs[0]!;
  const series = kappaSeries(runs);
  const missing = inapplicableBounds(run);
  return (
    <ul className="legend" aria-label="Curves">
      <li className="legend-entry">
        <LegendSwatch stroke={LOSS_COLOR} width={3} />
        loss
      </li>
      {series
        .slice()
        .reverse()
        .map((s) => (
          <li key={s.id} className="legend-entry">
            <LegendSwatch stroke={s.color} width={s.primary ? 3.5 : 2.5} dash={s.dash} />
            {s.id === 'kappa' ? 'κ(G) actual' : s.label}
          </li>
        ))}
      {missing.length > 0 ? (
        <li className="legend-muted">
          not applicable: {missing.map((id) => SERIES_STYLE[id].label).join(', ')}
        </li>
      ) : null}
    </ul>
  );
}
