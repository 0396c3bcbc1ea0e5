/**
 * Which layer limits κ (test id `layer-breakdown`, one row with `data-layer` per layer;
 * docs/gn-math.md §16): the per-layer chart, the sentence naming the dominant layer and why, and
 * the numbers per layer. Shown for the configuration the page shows, from the worker's `explain`.
 */
import type { BlockLayerRow, LayerBreakdown, LinearLayerRow } from '../core/explain/explain';
import { ExplainLink } from '../classroom/ExplainLink';
import { useElementWidth } from '../hooks/useElementWidth';
import { formatCount, formatNumber } from '../plots/format';
import { LayerPlot } from '../plots/LayerPlot';
import { LAYER_SERIES, type LayerSeriesId } from '../plots/layerLayout';
import { selectCurrent, shownExplanation } from '../state/selectors';
import { useAppStore } from '../state/useAppStore';
import { LegendSwatch } from './LegendSwatch';
import { useHeldFor } from './useHeldFor';

function num(x: number): string {
  return Number.isFinite(x) ? formatNumber(x, 3) : '∞';
}

function LinearTable({ rows, dominant }: { rows: readonly LinearLayerRow[]; dominant: number }) {
  return (
    <table className="layer-table">
      <thead>
        <tr>
          <th scope="col">l</th>
          <th scope="col">σ₁(Pₗ)</th>
          <th scope="col">σ_k(Pₗ)</th>
          <th scope="col">σ₁(Qₗ)</th>
          <th scope="col">σ_d(Qₗ)</th>
          <th scope="col">κ(Pₗ)κ(Qₗ)</th>
          <th scope="col">γₗ</th>
          <th scope="col">κ(block)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.layer}
            data-layer={r.layer}
            className={r.layer === dominant ? 'is-dominant' : undefined}
          >
            <td>{r.layer}</td>
            <td>{num(r.sigmaMaxP)}</td>
            <td>{num(r.sigmaMinP)}</td>
            <td>{num(r.sigmaMaxQ)}</td>
            <td>{num(r.sigmaMinQ)}</td>
            <td>{num(r.kappaPQ)}</td>
            <td>{formatNumber(r.gamma, 3)}</td>
            <td>{num(r.block.kappa)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BlockTable({
  rows,
  dominant,
}: {
  rows: readonly BlockLayerRow[];
  dominant: number | null;
}) {
  return (
    <table className="layer-table">
      <thead>
        <tr>
          <th scope="col">l</th>
          <th scope="col">pₗ</th>
          <th scope="col">rank</th>
          <th scope="col">λmax</th>
          <th scope="col">λ⁺min</th>
          <th scope="col">κ(block)</th>
          <th scope="col">dead inputs</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.layer}
            data-layer={r.layer}
            className={r.layer === dominant ? 'is-dominant' : undefined}
          >
            <td>{r.layer}</td>
            <td>{formatCount(r.params)}</td>
            {'skipped' in r ? (
              <td colSpan={4} title={r.skipped}>
                not computed: {r.skipped}
              </td>
            ) : (
              <>
                <td>{formatCount(r.rank)}</td>
                <td>{num(r.lambdaMax)}</td>
                <td>{num(r.lambdaMin)}</td>
                <td>{num(r.kappa)}</td>
              </>
            )}
            <td>{formatCount(r.deadInputs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Legend({ ids, gamma }: { ids: readonly LayerSeriesId[]; gamma: boolean }) {
  return (
    <ul className="legend" aria-label="Legend">
      {ids.map((id) => (
        <li key={id}>
          <LegendSwatch stroke={LAYER_SERIES[id].color} width={2.5} dash={LAYER_SERIES[id].dash} />
          {LAYER_SERIES[id].label}
        </li>
      ))}
      {gamma ? (
        <li>
          <span className="legend-swatch" style={{ background: 'var(--okabe-green)' }} />
          γₗ, weight in the convex bound
        </li>
      ) : null}
    </ul>
  );
}

function Breakdown({ breakdown, stale }: { breakdown: LayerBreakdown; stale: boolean }) {
  const dimmed = useHeldFor(stale);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  if (breakdown.family === 'none') return <p className="plot-note">{breakdown.reason}</p>;
  const linear = breakdown.family === 'linear';
  const height = Math.round(Math.min(300, Math.max(220, width * 0.36))) + (linear ? 40 : 0);
  return (
    <>
      <p className="layer-summary">{breakdown.summary}</p>
      <div ref={ref} className={`plot-box${dimmed ? ' is-stale' : ''}`} data-testid="layer-plot">
        <LayerPlot breakdown={breakdown} width={width} height={height} />
      </div>
      <Legend ids={linear ? ['kappaPQ', 'kappaP', 'kappaQ', 'block'] : ['block']} gamma={linear} />
      {/* scrolls on narrow screens and for deep nets: keyboard users must reach it (axe) */}
      <div
        className="table-scroll layer-table-wrap"
        tabIndex={0}
        role="region"
        aria-label="The numbers per layer"
      >
        {breakdown.family === 'linear' ? (
          <LinearTable rows={breakdown.layers} dominant={breakdown.dominant} />
        ) : (
          <BlockTable rows={breakdown.layers} dominant={breakdown.dominant} />
        )}
      </div>
    </>
  );
}

export function LayerBreakdownPanel() {
  const current = useAppStore(selectCurrent);
  const explanation = useAppStore((s) => s.explanation);
  const shown = current.status === 'error' || current.guard ? null : current.resultKey;
  const fresh = useAppStore(shownExplanation);
  // The last view stays, dimmed, while the next point's computes: a drag does not flash the
  // placeholder (and remount the plot) on every step.
  const result = fresh ?? (shown ? explanation.result : null);
  const stale = fresh === null || current.status === 'computing';
  return (
    <section
      className="card"
      aria-labelledby="layers-title"
      data-testid="layer-breakdown"
      data-family={result ? result.layers.family : ''}
      data-stale={result && stale ? 'true' : undefined}
    >
      <div className="card-head">
        <h2 id="layers-title">Which layer limits κ</h2>
        <p className="card-summary">
          <ExplainLink id="layers">What these numbers are</ExplainLink>
        </p>
      </div>
      {explanation.status === 'error' && explanation.key === current.requestKey ? (
        <p className="plot-note">Could not explain this configuration: {explanation.error}</p>
      ) : result ? (
        <Breakdown breakdown={result.layers} stale={stale} />
      ) : (
        <p className="plot-placeholder">
          {shown ? 'Computing the per-layer view…' : 'No result to explain yet.'}
        </p>
      )}
    </section>
  );
}
