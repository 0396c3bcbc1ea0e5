/**
 * The eigenvalue histogram of the scrubbed record of the focused run, with the run picker when
 * several runs are compared and the record's rank, κ, loss and epoch under it.
 */
import type { TrainRecord } from '../core/gn/train';
import { useElementWidth } from '../hooks/useElementWidth';
import { formatNumber } from '../plots/format';
import { SpectrumPlot } from '../plots/SpectrumPlot';
import type { TrainingRun } from '../state/slices/trainingSlice';
import { trainingActions } from './useTraining';

/** Records carry no discarded eigenvalues; one shared empty array keeps the plot's memo valid. */
const NO_DISCARDED: readonly number[] = [];

export interface TrainingHistogramProps {
  runs: readonly TrainingRun[];
  /** the run shown (index into runs) */
  focusIndex: number;
  /** the scrubbed record of that run (null: none yet) */
  record: TrainRecord | null;
  /** the relative threshold below which eigenvalues count as zero */
  rtol: number;
}

export function TrainingHistogram({ runs, focusIndex, record, rtol }: TrainingHistogramProps) {
  const [histRef, histWidth] = useElementWidth<HTMLDivElement>();
  const histHeight = Math.round(Math.min(300, Math.max(220, histWidth * 0.32)));
  const focus = runs[focusIndex];
  const focusLabel = focus?.label ? ` (${focus.label})` : '';

  return (
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
              onChange={(event) => trainingActions.setTrainingFocusRun(Number(event.target.value))}
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
            rtol={rtol}
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
  );
}
