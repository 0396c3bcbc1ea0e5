/** Bound-versus-actual curves (test id `sweep-plot`) with the sweep's own controls. */
import { useMemo, useState } from 'react';
import { useElementWidth } from '../hooks/useElementWidth';
import { SERIES_STYLE } from '../plots/series';
import type { SeriesId } from '../plots/series';
import { SweepPlot, sweepSeriesInputs } from '../plots/SweepPlot';
import { selectParams, selectShownSweep, selectSweepSettings } from '../state/selectors';
import { sweepAxisNote, sweepAxisValue } from '../state/sweepPlan';
import {
  SWEEP_AXES,
  SWEEP_AXIS_ORDER,
  SWEEP_POINTS_RANGE,
  SWEEP_SEEDS_RANGE,
} from '../state/urlCodec';
import type { SpreadKind, SweepAxis } from '../state/urlCodec';
import { actions, useAppStore, useAppStoreShallow } from '../state/useAppStore';
import { NumberField } from './NumberField';
import { SelectField } from './SelectField';

const AXIS_OPTIONS = SWEEP_AXIS_ORDER.map((axis) => ({
  value: axis,
  label: SWEEP_AXES[axis].label,
}));
const SPREAD_OPTIONS: { value: SpreadKind; label: string }[] = [
  { value: 'range', label: 'min–max over seeds' },
  { value: 'sd', label: '±1 sd (log space)' },
];

const commit = () => actions.commitHistory();

export function SweepPanel() {
  const settings = useAppStore(selectSweepSettings);
  const params = useAppStore(selectParams);
  const { run, stale } = useAppStoreShallow(selectShownSweep);
  const latest = useAppStore((s) => s.sweep);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  // Which curves are switched off: a very loose bound (B3 at depth 10 is ~10³⁰) squashes the
  // rest, so the reader can take it out of the y range. Ephemeral: not in the URL.
  const [hidden, setHidden] = useState<ReadonlySet<SeriesId>>(() => new Set());
  const toggleSeries = (id: SeriesId) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const height = Math.round(Math.min(420, Math.max(280, width * 0.5)));
  const axisSpec = SWEEP_AXES[settings.axis];
  const axisRange = {
    min: axisSpec.min,
    max: axisSpec.max,
    integer: axisSpec.integer,
    digits: axisSpec.digits,
  };
  const note = sweepAxisNote(params, settings.axis);
  const shownSeries = useMemo(() => (run ? sweepSeriesInputs(run).map((s) => s.id) : []), [run]);
  const inapplicable = useMemo(() => {
    if (!run || run.done === 0) return [];
    const anySample = run.samples.find((s) => s !== null);
    if (!anySample) return [];
    return Object.keys(anySample.bounds).filter(
      (id) => !shownSeries.includes(id as keyof typeof SERIES_STYLE),
    ) as (keyof typeof SERIES_STYLE)[];
  }, [run, shownSeries]);
  const progress = latest && latest.total > 0 ? latest.done / latest.total : 0;
  const running = latest !== null && latest.status !== 'done';
  const sweepState = latest === null ? 'idle' : latest.status === 'done' ? 'done' : 'running';

  return (
    <section className="card" aria-labelledby="sweep-title">
      <div className="card-head">
        <h2 id="sweep-title">Bounds versus actual κ</h2>
        <p className="card-summary">
          mean over {settings.seeds} seed{settings.seeds === 1 ? '' : 's'} ({params.seed}
          {settings.seeds > 1 ? `…${params.seed + settings.seeds - 1}` : ''}), band ={' '}
          {settings.spread === 'range' ? 'min–max' : '±1 sd'}
        </p>
      </div>
      <form className="sweep-controls" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          id="sweep-axis"
          label="Sweep axis"
          value={settings.axis}
          options={AXIS_OPTIONS}
          onChoose={(axis: SweepAxis) => {
            actions.setSweepAxis(axis);
            commit();
          }}
        />
        <div className="field">
          <label htmlFor="sweep-from">From</label>
          <NumberField
            id="sweep-from"
            value={settings.from}
            range={axisRange}
            onValue={(from) => actions.updateSweepSettings({ from })}
            onCommit={commit}
          />
        </div>
        <div className="field">
          <label htmlFor="sweep-to">To</label>
          <NumberField
            id="sweep-to"
            value={settings.to}
            range={axisRange}
            onValue={(to) => actions.updateSweepSettings({ to })}
            onCommit={commit}
          />
        </div>
        <div className="field">
          <label htmlFor="sweep-points">Points</label>
          <NumberField
            id="sweep-points"
            value={settings.points}
            range={{ ...SWEEP_POINTS_RANGE, integer: true, digits: 2 }}
            onValue={(points) => actions.updateSweepSettings({ points })}
            onCommit={commit}
          />
        </div>
        <div className="field">
          <label htmlFor="sweep-runs">Runs per point</label>
          <NumberField
            id="sweep-runs"
            value={settings.seeds}
            range={{ ...SWEEP_SEEDS_RANGE, integer: true, digits: 2 }}
            onValue={(seeds) => actions.updateSweepSettings({ seeds })}
            onCommit={commit}
          />
        </div>
        <SelectField
          id="sweep-band"
          label="Band"
          value={settings.spread}
          options={SPREAD_OPTIONS}
          onChoose={(spread) => {
            actions.updateSweepSettings({ spread });
            commit();
          }}
        />
        {axisSpec.logChoice ? (
          <div className="field checkbox-field">
            <input
              id="sweep-logx"
              type="checkbox"
              checked={settings.logX}
              onChange={(event) => {
                actions.updateSweepSettings({ logX: event.target.checked });
                commit();
              }}
            />
            <label htmlFor="sweep-logx">Log-spaced</label>
          </div>
        ) : null}
      </form>
      {note ? <p className="plot-note">{note}</p> : null}
      <div className="sweep-progress" aria-hidden={!running}>
        <div
          className="progress-bar"
          role="progressbar"
          aria-label="Sweep progress"
          aria-valuemin={0}
          aria-valuemax={latest?.total ?? 0}
          aria-valuenow={latest?.done ?? 0}
        >
          <div className="progress-fill" style={{ width: `${Math.round(progress * 100)}%` }} />
        </div>
        <span className="progress-text">
          {latest
            ? latest.status === 'waiting'
              ? 'waiting for the current point…'
              : `${latest.done} / ${latest.total} evaluations`
            : ''}
        </span>
      </div>
      <div
        ref={ref}
        className={`plot-box${stale ? ' is-stale' : ''}`}
        data-testid="sweep-plot"
        data-state={sweepState}
        data-done={latest?.done ?? 0}
        data-total={latest?.total ?? 0}
        data-current-x={sweepAxisValue(params, settings.axis)}
      >
        {run && run.done - run.failed > 0 ? (
          <SweepPlot
            run={run}
            logX={settings.logX}
            integerX={axisSpec.integer}
            currentX={sweepAxisValue(params, settings.axis)}
            spread={settings.spread}
            hidden={hidden}
            xTitle={axisSpec.symbol}
            width={width}
            height={height}
          />
        ) : (
          <div className="plot-placeholder" style={{ height }}>
            {latest && latest.failed > 0 && latest.failed === latest.done && latest.done > 0
              ? 'Every evaluation of this sweep failed.'
              : 'The sweep starts once the current point is computed…'}
          </div>
        )}
      </div>
      {shownSeries.length > 0 ? (
        <ul className="legend" aria-label="Legend (click to show or hide a curve)">
          {shownSeries.map((id) => {
            const style = SERIES_STYLE[id];
            return (
              <li key={id}>
                <button
                  type="button"
                  className="legend-item"
                  aria-pressed={!hidden.has(id)}
                  title={hidden.has(id) ? 'Show this curve' : 'Hide this curve'}
                  onClick={() => toggleSeries(id)}
                >
                  <svg width="26" height="10" aria-hidden="true">
                    <line
                      x1="1"
                      y1="5"
                      x2="25"
                      y2="5"
                      stroke={style.color}
                      strokeWidth={id === 'kappa' ? 3.5 : 2.5}
                      strokeDasharray={style.dash ?? undefined}
                    />
                  </svg>
                  {style.label}
                </button>
              </li>
            );
          })}
          {inapplicable.length > 0 ? (
            <li className="legend-muted">
              not applicable: {inapplicable.map((id) => SERIES_STYLE[id].label).join(', ')}
            </li>
          ) : null}
        </ul>
      ) : null}
      {latest && latest.failed > 0 ? (
        <p className="plot-note warn">
          {latest.failed} of {latest.done} evaluations failed: {latest.firstError}
        </p>
      ) : null}
    </section>
  );
}
