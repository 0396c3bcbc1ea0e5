/** The eigenvalue histogram with its summary (test id `spectrum-plot`). */
import { ExplainLink } from '../classroom/ExplainLink';
import { useElementWidth } from '../hooks/useElementWidth';
import { useDashboard } from '../hooks/useMediaQuery';
import { formatCount, formatNumber } from '../plots/format';
import { SpectrumPlot } from '../plots/SpectrumPlot';
import { selectCurrent, selectParams, shownExplanation } from '../state/selectors';
import type { SpectrumTheory } from '../core/explain/spectrumTheory';
import { useAppStore } from '../state/useAppStore';
import { LegendSwatch } from './LegendSwatch';
import { useHeldFor } from './useHeldFor';

export function SpectrumPanel() {
  const current = useAppStore(selectCurrent);
  const params = useAppStore(selectParams);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const result = current.status === 'error' || current.guard ? null : current.result;
  // On the projector dashboard the histogram shares the first screen with the headline.
  const dashboard = useDashboard();
  const height = Math.round(Math.min(dashboard ? 240 : 340, Math.max(240, width * 0.42)));
  // the prediction belongs to the configuration the bars show, never to an older one
  const theory = useAppStore(shownExplanation)?.theory ?? null;
  const faint = result ? result.discarded.filter((v) => v > 0).length : 0;
  const nonPositive = result ? result.discarded.length - faint : 0;
  const dimmed = useHeldFor(current.status === 'computing');

  return (
    <section className="card" aria-labelledby="spectrum-title">
      <div className="card-head">
        <h2 id="spectrum-title">GN eigenvalue spectrum</h2>
        {result ? (
          <p className="card-summary">
            rank <strong>{formatCount(result.rank)}</strong> of p = {formatCount(result.params)} ·{' '}
            <strong>{formatCount(result.zeroCount)}</strong> zero eigenvalues (p − rank)
          </p>
        ) : null}
      </div>
      <div
        ref={ref}
        className={`plot-box${dimmed ? ' is-stale' : ''}`}
        data-testid="spectrum-plot"
        data-rank={result?.rank ?? ''}
        data-kappa={result ? String(result.kappa) : ''}
      >
        {result ? (
          <SpectrumPlot
            eigenvalues={result.eigenvalues}
            discarded={result.discarded}
            rtol={params.rtol}
            width={width}
            height={height}
            theory={theory}
          />
        ) : (
          <div className="plot-placeholder" style={{ height }}>
            {current.status === 'error'
              ? 'No spectrum: see the error above.'
              : current.guard
                ? 'Not computed: see the size guard above.'
                : 'Computing…'}
          </div>
        )}
      </div>
      {result && theory ? <TheoryNote theory={theory} /> : null}
      {result && result.discarded.length > 0 ? (
        <p className="plot-note">
          Faint bars: {formatCount(result.discarded.length)} eigenvalues of the{' '}
          {formatCount(result.size)}² matrix at or below the cut-off rtol·λmax ={' '}
          {formatNumber(params.rtol * (result.eigenvalues[0] ?? 0), 3)}, counted as zero
          {nonPositive > 0 ? ` (${formatCount(nonPositive)} of them ≤ 0, not drawn)` : ''}.
        </p>
      ) : null}
    </section>
  );
}

/** The prediction's legend entry (what the curve assumes), or why nothing is drawn. */
function TheoryNote({ theory }: { theory: SpectrumTheory }) {
  if (theory.kind === 'none')
    return (
      <p className="plot-note" data-testid="spectrum-theory-none">
        {theory.reason}
      </p>
    );
  return (
    <ul className="legend theory-legend" aria-label="Prediction drawn over the bars">
      <li>
        <LegendSwatch className="theory-line" />
        <span>
          <ExplainLink id="theory">Prediction</ExplainLink>, expected eigenvalues per bin (
          {theory.kind === 'atoms' ? 'exact' : 'limit'}): {theory.label}
        </span>
      </li>
    </ul>
  );
}
