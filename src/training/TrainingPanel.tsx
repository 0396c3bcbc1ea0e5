/**
 * The training panel (test id `training-panel`): settings, play / pause / step / reset, the loss
 * and κ(G_t) with its bounds against the step (one run, or several compared runs side by side),
 * the eigenvalue histogram of the scrubbed record, and the paper's observation next to them.
 */
import { useMemo } from 'react';
import type { MouseEvent } from 'react';
import type { GnConfig } from '../core/types';
import { formatNumber } from '../plots/format';
import './training.css';
import { TrainingForm } from './TrainingForm';
import { plannedRuns, targetsText, trainingEstimate, trainingSupport } from '../model/trainingPlan';
import type { TrainingEstimate } from '../model/trainingPlan';
import { isComparison, kappaSeries, lossSeries } from './trainingSeries';
import { scrubbedRecord } from '../state/slices/trainingSlice';
import type { TrainingState } from '../state/slices/trainingSlice';
import { TRAINING_PRESETS } from '../model/trainingPresets';
import { TrainingCharts } from './TrainingCharts';
import { TrainingHistogram } from './TrainingHistogram';
import { TrainingLegend } from './TrainingLegend';
import { TrainingTable } from './TrainingTable';
import { TrainingTransport } from './TrainingTransport';
import { trainingActions, useTraining } from './useTraining';

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

/** The runs the settings ask for, their estimates, and why they cannot start (null: they can). */
function useTrainingPlan(params: GnConfig, view: TrainingState['view']) {
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
  return { planned, estimate: combinedEstimate(estimates), blocked };
}

/** The title, and the loss and optimiser the runs use. */
function TrainingHead({ settings }: { settings: TrainingState['view']['settings'] }) {
  return (
    <div className="card-head">
      <h2 id="training-title">Training: loss and κ(G) along gradient descent</h2>
      <p className="card-summary">
        MSE loss (1/2n) Σ‖f(x) − y‖²,{' '}
        {settings.batch === null
          ? 'full-batch gradient descent'
          : `SGD with batches of ${settings.batch}`}
        ; the exact GN every {settings.every} step{settings.every === 1 ? '' : 's'}
      </p>
    </div>
  );
}

export function TrainingPanel() {
  const training = useTraining((s) => s.training);
  const params = useTraining((s) => s.params);
  const { view, runs } = training;
  const { planned, estimate, blocked } = useTrainingPlan(params, view);
  const comparison = isComparison(runs) || planned.length > 1 || view.compare !== null;
  const focusIndex = Math.min(training.focusRun, Math.max(0, runs.length - 1));
  const focus = runs[focusIndex];
  const record = scrubbedRecord(training, focusIndex);
  const markerStep = training.scrub !== null && record ? record.step : null;
  const maxStep = focus?.totalSteps ?? estimate?.totalSteps ?? 1;

  const loss = useMemo(() => lossSeries(runs), [runs]);
  const kappa = useMemo(() => kappaSeries(runs), [runs]);
  const linear = params.activation === 'linear';

  const pick = (step: number) => {
    const i = focus?.records.findIndex((r) => r.step === step) ?? -1;
    if (i >= 0) trainingActions.setTrainingScrub(i);
  };
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
      <TrainingHead settings={view.settings} />
      <TrainingPresets />
      <TrainingForm view={view} params={params} />
      <p className="plot-note">
        Targets: {targetsText(params, view.settings.noise)}. Runs in a background worker; the page
        stays usable.
      </p>
      <TrainingTransport training={training} estimate={estimate} blocked={blocked} />
      <TrainingCharts
        loss={loss}
        kappa={kappa}
        comparison={comparison}
        hasRecords={hasRecords}
        maxStep={maxStep}
        markerStep={markerStep}
        onPick={pick}
      />
      <TrainingLegend runs={runs} comparison={comparison} />
      <Observation training={training} linear={linear} />
      <TrainingHistogram
        runs={runs}
        focusIndex={focusIndex}
        record={record}
        rtol={focus?.config.rtol ?? params.rtol}
      />
      {focus && focus.records.length > 0 ? <TrainingTable run={focus} /> : null}
    </section>
  );
}
