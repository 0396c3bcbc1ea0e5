/**
 * The training panel (test id `training-panel`): settings, play / pause / step / reset, the loss
 * and κ(G_t) with its bounds against the step (one run, or several compared runs side by side),
 * the eigenvalue histogram of the scrubbed record, and the paper's observation next to them.
 */
import { useMemo } from 'react';
import type { MouseEvent } from 'react';
import { useElementWidth } from '../hooks/useElementWidth';
import { formatNumber } from '../plots/format';
import { SERIES_STYLE } from '../plots/series';
import { SpectrumPlot } from '../plots/SpectrumPlot';
import './training.css';
import { TrainingForm } from './TrainingForm';
import { plannedRuns, targetsText, trainingEstimate, trainingSupport } from '../model/trainingPlan';
import type { TrainingEstimate } from '../model/trainingPlan';
import {
  LOSS_COLOR,
  inapplicableBounds,
  isComparison,
  kappaSeries,
  lossSeries,
  runColor,
} from './trainingSeries';
import { scrubbedRecord } from '../state/slices/trainingSlice';
import type { TrainingRun, TrainingState } from '../state/slices/trainingSlice';
import { TRAINING_PRESETS } from '../model/trainingPresets';
import { TrainingTable } from './TrainingTable';
import { TrainingTransport } from './TrainingTransport';
import { TrajectoryPlot } from './TrajectoryPlot';
import type { TrajectoryPlotProps } from './TrajectoryPlot';
import { trainingActions, useTraining } from './useTraining';

const NO_DISCARDED: readonly number[] = [];
/** Two charts side by side from this width of the card's content on. */
const TWO_COLUMNS_PX = 720;
const CHART_GAP_PX = 20;

function Legend({ runs, comparison }: { runs: readonly TrainingRun[]; comparison: boolean }) {
  if (runs.length === 0) return null;
  if (comparison) {
    return (
      <ul className="legend" aria-label="Runs">
        {runs.map((run, i) => (
          <li key={run.key} className="legend-entry">
            <svg width="26" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="25" y2="5" stroke={runColor(i)} strokeWidth={3} />
            </svg>
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
        <svg width="26" height="10" aria-hidden="true">
          <line x1="1" y1="5" x2="25" y2="5" stroke={LOSS_COLOR} strokeWidth={3} />
        </svg>
        loss
      </li>
      {series
        .slice()
        .reverse()
        .map((s) => (
          <li key={s.id} className="legend-entry">
            <svg width="26" height="10" aria-hidden="true">
              <line
                x1="1"
                y1="5"
                x2="25"
                y2="5"
                stroke={s.color}
                strokeWidth={s.primary ? 3.5 : 2.5}
                strokeDasharray={s.dash ?? undefined}
              />
            </svg>
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

/** The paper's statement, and how this run compares with it. */
function Observation({ training, linear }: { training: TrainingState; linear: boolean }) {
  const run = training.runs[training.focusRun] ?? training.runs[0];
  const first = run?.records[0];
  const last = run ? scrubbedRecord(training, training.runs.indexOf(run)) : null;
  let here: string | null = null;
  if (run && first && last && last !== first) {
    const who = run.label ? ` (${run.label})` : '';
    const ratio = last.kappa / first.kappa;
    const b1 = last.bounds.convex;
    const tight =
      b1 !== null && b1 !== undefined && Number.isFinite(b1)
        ? `; B1/κ = ${formatNumber(b1 / last.kappa, 3)}`
        : run.config.activation !== 'linear'
          ? '; B1 is a bound for linear networks'
          : run.config.prune > 0
            ? '; B1 does not apply to pruned layers (the separation bounds do)'
            : '; B1 does not apply to this network';
    here = `This run${who}: κ = ${formatNumber(first.kappa, 4)} at step 0 and ${formatNumber(last.kappa, 4)} at step ${last.step} (×${formatNumber(ratio, 3)})${tight}.`;
  }
  return (
    <aside className="training-observation" aria-label="The paper's observation">
      <p>
        <strong>The paper’s observation.</strong> In deep linear networks κ(G) stays near its value
        at initialisation during training, and the convex-combination bound B1 stays tight (Zhao,
        Singh &amp; Lucchi, NeurIPS 2024).
        {linear ? '' : ' This network is not linear, so the statement is not about it.'}
      </p>
      {here ? <p className="training-here">{here}</p> : null}
    </aside>
  );
}

/** Loads a link in place (a history entry, then the URL sync's popstate path), as the gallery does. */
function followInPlace(event: MouseEvent<HTMLAnchorElement>, query: string): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  window.history.pushState(null, '', query);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function TrainingPresets() {
  return (
    <details className="training-presets">
      <summary>Examples: the paper’s training experiment, and pruning</summary>
      <ul>
        {TRAINING_PRESETS.map((preset) => (
          <li key={preset.id} data-testid={`training-preset-${preset.id}`}>
            <a href={preset.query} onClick={(event) => followInPlace(event, preset.query)}>
              {preset.title}
            </a>{' '}
            (then press Play). {preset.lookAt} <span className="muted">{preset.scaled}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function combinedEstimate(estimates: readonly TrainingEstimate[]): TrainingEstimate | null {
  const first = estimates[0];
  if (!first) return null;
  return { ...first, totalMs: estimates.reduce((a, e) => a + e.totalMs, 0) };
}

export function TrainingPanel() {
  const training = useTraining((s) => s.training);
  const params = useTraining((s) => s.params);
  const { view, runs } = training;
  const planned = useMemo(() => plannedRuns(params, view), [params, view]);
  const estimates = useMemo(
    () => planned.map((r) => trainingEstimate(r.config, view.settings)),
    [planned, view.settings],
  );
  const blocked = useMemo(() => {
    for (let i = 0; i < planned.length; i++) {
      const who = planned[i]!.label ? `${planned[i]!.label}: ` : '';
      const why = trainingSupport(planned[i]!.config);
      if (why) return `${who}${why}`;
      if (estimates[i]!.level === 'refuse') return `${who}${estimates[i]!.reason ?? ''}`;
    }
    return null;
  }, [planned, estimates]);
  const estimate = combinedEstimate(estimates);
  const comparison = isComparison(runs) || planned.length > 1 || view.compare !== null;
  const focusIndex = Math.min(training.focusRun, Math.max(0, runs.length - 1));
  const focus = runs[focusIndex];
  const record = scrubbedRecord(training, focusIndex);
  const markerStep = training.scrub !== null && record ? record.step : null;
  const maxStep = focus?.totalSteps ?? estimate?.totalSteps ?? 1;

  const loss = useMemo(() => lossSeries(runs), [runs]);
  const kappa = useMemo(() => kappaSeries(runs), [runs]);
  const [chartsRef, chartsWidth] = useElementWidth<HTMLDivElement>();
  const two = chartsWidth >= TWO_COLUMNS_PX;
  const chartWidth = two ? Math.floor((chartsWidth - CHART_GAP_PX) / 2) : chartsWidth;
  const chartHeight = Math.round(Math.min(320, Math.max(230, chartWidth * 0.62)));
  const [histRef, histWidth] = useElementWidth<HTMLDivElement>();
  const histHeight = Math.round(Math.min(300, Math.max(220, histWidth * 0.32)));
  const linear = params.activation === 'linear';

  const pick = (step: number) => {
    const i = focus?.records.findIndex((r) => r.step === step) ?? -1;
    if (i >= 0) trainingActions.setTrainingScrub(i);
  };
  const chartProps = { maxStep, markerStep, width: chartWidth, height: chartHeight, onPick: pick };
  const focusLabel = focus?.label ? ` (${focus.label})` : '';
  const hasRecords = runs.some((r) => r.records.length > 0);

  return (
    <section
      className="card training"
      aria-labelledby="training-title"
      data-testid="training-panel"
      data-state={training.status}
      data-runs={runs.length}
      data-step={focus?.step ?? 0}
      data-records={focus?.records.length ?? 0}
      data-generation={training.generation}
    >
      <div className="card-head">
        <h2 id="training-title">Training: loss and κ(G) along gradient descent</h2>
        <p className="card-summary">
          MSE loss (1/2n) Σ‖f(x) − y‖²,{' '}
          {view.settings.batch === null
            ? 'full-batch gradient descent'
            : `SGD with batches of ${view.settings.batch}`}
          ; the exact GN every {view.settings.every} step{view.settings.every === 1 ? '' : 's'}
        </p>
      </div>
      <TrainingPresets />
      <TrainingForm view={view} params={params} />
      <p className="plot-note">
        Targets: {targetsText(params, view.settings.noise)}. Runs in a background worker; the page
        stays usable.
      </p>
      <TrainingTransport training={training} estimate={estimate} blocked={blocked} />
      <div
        ref={chartsRef}
        className={`training-charts${two ? ' is-two' : ''}`}
        style={{ gap: `${CHART_GAP_PX}px` }}
      >
        <TrainingChart
          testId="training-loss-plot"
          title={`Training loss${comparison ? ' per run' : ''}`}
          placeholder="The loss appears here once training starts."
          plot={
            hasRecords
              ? {
                  series: loss,
                  yTitle: 'loss (log scale)',
                  ariaLabel: 'Training loss against the step, log scale',
                }
              : null
          }
          {...chartProps}
        />
        <TrainingChart
          testId="training-kappa-plot"
          title={comparison ? 'κ(G) per run' : 'κ(G) and the bounds that apply'}
          placeholder="κ(G) and its bounds appear here, one point per record."
          plot={
            hasRecords
              ? {
                  series: kappa,
                  yTitle: 'condition number (log scale)',
                  ariaLabel: 'Condition number of the GN matrix against the step, log scale',
                }
              : null
          }
          {...chartProps}
        />
      </div>
      <Legend runs={runs} comparison={comparison} />
      <Observation training={training} linear={linear} />
      <div className="training-histogram">
        <div className="training-histogram-head">
          <h3 className="training-chart-title">
            GN eigenvalues at step {record ? record.step : '—'}
            {focusLabel}
          </h3>
          {runs.length > 1 ? (
            <label className="training-focus">
              Run shown{' '}
              <select
                value={focusIndex}
                onChange={(event) =>
                  trainingActions.setTrainingFocusRun(Number(event.target.value))
                }
              >
                {runs.map((run, i) => (
                  <option key={run.key} value={i}>
                    {run.label}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
        <div ref={histRef} className="plot-box" data-testid="training-spectrum-plot">
          {record && record.eigenvalues.length > 0 ? (
            <SpectrumPlot
              eigenvalues={record.eigenvalues}
              discarded={NO_DISCARDED}
              rtol={focus?.config.rtol ?? params.rtol}
              width={histWidth}
              height={histHeight}
            />
          ) : (
            <div className="plot-placeholder" style={{ height: histHeight }}>
              The histogram of the recorded step appears here.
            </div>
          )}
        </div>
        {record ? (
          <p className="plot-note">
            rank {record.rank} · κ(G) = {formatNumber(record.kappa, 5)} · loss ={' '}
            {formatNumber(record.loss, 5)} · epoch {record.epoch}
          </p>
        ) : null}
      </div>
      {focus && focus.records.length > 0 ? <TrainingTable run={focus} /> : null}
    </section>
  );
}

/** One of the two training charts, or its placeholder before the first record. */
function TrainingChart(
  props: Omit<TrajectoryPlotProps, 'series' | 'yTitle' | 'ariaLabel'> & {
    testId: string;
    title: string;
    placeholder: string;
    plot: Pick<TrajectoryPlotProps, 'series' | 'yTitle' | 'ariaLabel'> | null;
  },
) {
  const { testId, title, placeholder, plot, ...common } = props;
  return (
    <div className="plot-box" data-testid={testId}>
      <h3 className="training-chart-title">{title}</h3>
      {plot ? (
        <TrajectoryPlot {...plot} {...common} />
      ) : (
        <div className="plot-placeholder" style={{ height: common.height }}>
          {placeholder}
        </div>
      )}
    </div>
  );
}
