/** Play / pause / step / reset, the progress line (`role="status"`) and the scrub slider. */
import { formatCount, formatNumber } from '../plots/format';
import type { TrainingEstimate } from '../model/trainingPlan';
import { trainingController } from '../compute/trainingRuntime';
import type { TrainingState } from '../state/slices/trainingSlice';
import { trainingActions } from './useTraining';

export interface TrainingTransportProps {
  training: TrainingState;
  /** the planned steps and records of one run, and the estimated time of all runs */
  estimate: TrainingEstimate | null;
  /** why training cannot start, or null */
  blocked: string | null;
}

function formatSeconds(ms: number): string {
  if (ms < 1000) return '< 1 s';
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function statusText(t: TrainingState, estimate: TrainingEstimate | null, blocked: string | null) {
  const focus = t.runs[t.focusRun] ?? t.runs[0];
  if (t.status === 'ready') {
    if (blocked) return `Cannot train: ${blocked}`;
    const est = estimate
      ? ` ${formatCount(estimate.totalSteps)} steps, ${formatCount(estimate.records)} records, about ${formatSeconds(estimate.totalMs)} (estimate).`
      : '';
    return `${t.message ? `${t.message} ` : ''}Ready: press Play.${est}`;
  }
  if (t.status === 'error') return `Stopped: ${t.message ?? 'the training failed'}`;
  if (!focus) return 'Starting…';
  if (t.status === 'starting' && focus.records.length === 0) {
    return 'Starting: preparing the data, the targets and step 0…';
  }
  const of = focus.totalSteps !== null ? ` of ${formatCount(focus.totalSteps)}` : '';
  const runs = t.runs.length > 1 ? ` (${t.runs.length} runs)` : '';
  const rate =
    t.status === 'running' && t.stepsPerSecond !== null && t.stepsPerSecond > 0
      ? ` · ${formatNumber(t.stepsPerSecond, 2)} steps/s`
      : '';
  const state =
    t.status === 'running'
      ? 'Training'
      : t.status === 'pausing'
        ? 'Pausing'
        : t.status === 'stepping'
          ? 'Stepping'
          : t.status === 'done'
            ? 'Done'
            : t.status === 'paused'
              ? 'Paused'
              : 'Starting';
  const failed = t.runs.filter((r) => r.error);
  const failures =
    failed.length > 0
      ? ` · ${failed.map((r) => `${r.label || 'run'} stopped: ${r.error}`).join('; ')}`
      : '';
  return `${state}${runs}: step ${formatCount(focus.step)}${of}, epoch ${formatCount(focus.epoch)}, ${formatCount(focus.records.length)} records${rate}${failures}`;
}

export function TrainingTransport({ training: t, estimate, blocked }: TrainingTransportProps) {
  const controller = trainingController;
  const playing = t.status === 'running' || t.status === 'starting';
  const busy = t.status === 'pausing' || t.status === 'stepping';
  const canStart = !blocked && (t.status === 'ready' || t.status === 'paused');
  const focus = t.runs[t.focusRun] ?? t.runs[0];
  const records = focus?.records ?? [];
  const total = focus?.totalSteps ?? estimate?.totalSteps ?? 0;
  const progress = total > 0 && focus ? Math.min(1, focus.step / total) : 0;
  const index = t.scrub ?? Math.max(0, records.length - 1);
  const shown = records[index];

  return (
    <div className="training-transport">
      <div className="training-buttons" role="group" aria-label="Training controls">
        <button
          type="button"
          className="button training-play"
          disabled={!playing && !canStart && t.status !== 'pausing'}
          onClick={() => (playing ? controller().pause() : controller().play())}
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={!canStart || busy}
          onClick={() => controller().step()}
        >
          Step
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={t.status === 'ready' && t.runs.length === 0 && t.message === null}
          onClick={() => controller().reset()}
        >
          Reset
        </button>
        <span
          className={`training-status${t.status === 'error' || blocked ? ' is-error' : ''}`}
          role="status"
          aria-live="polite"
          data-testid="training-status"
        >
          {statusText(t, estimate, blocked)}
        </span>
      </div>
      <div
        className="progress-bar training-progress"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={focus?.step ?? 0}
      >
        <div className="progress-fill" style={{ width: `${Math.round(progress * 100)}%` }} />
      </div>
      <div className="field training-scrub">
        <label htmlFor="training-scrub">Show recorded step</label>
        <input
          id="training-scrub"
          type="range"
          min={0}
          max={Math.max(0, records.length - 1)}
          step={1}
          value={index}
          disabled={records.length < 2}
          aria-valuetext={
            shown
              ? `step ${shown.step} (record ${index + 1} of ${records.length})${t.scrub === null ? ', following the newest' : ''}`
              : 'no records yet'
          }
          onChange={(event) => trainingActions.setTrainingScrub(Number(event.target.value))}
        />
        <output htmlFor="training-scrub" className="training-scrub-value">
          {shown ? `step ${formatCount(shown.step)}` : '—'}
          {t.scrub === null && records.length > 1 ? ' (newest)' : ''}
        </output>
        {t.scrub !== null ? (
          <button
            type="button"
            className="button-link"
            onClick={() => trainingActions.setTrainingScrub(null)}
          >
            Follow the newest
          </button>
        ) : null}
      </div>
    </div>
  );
}
