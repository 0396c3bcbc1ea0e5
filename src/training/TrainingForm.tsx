/**
 * The training settings (learning rate, batch, epochs, record interval, teacher noise) and the
 * compared runs. Every change is a new view in the store; the controller then resets the run.
 */
import { useState } from 'react';
import { NumberField } from '../components/NumberField';
import { SelectField } from '../components/SelectField';
import type { GnConfig } from '../core/types';
import { actions } from '../state/useAppStore';
import {
  TRAIN_COMPARE_KINDS,
  TRAIN_COMPARE_KIND_ORDER,
  TRAIN_NUM_SPECS,
  defaultTrainCompare,
  parseTrainCompareValues,
} from '../model/trainCodec';
import type { TrainCompareKind, TrainCompareSpec, TrainingView } from '../model/trainCodec';
import { usesImageLabels } from '../model/trainingPlan';
import { trainingActions } from './useTraining';

const commit = () => actions.commitHistory();

function range(key: keyof typeof TRAIN_NUM_SPECS) {
  const s = TRAIN_NUM_SPECS[key];
  return { min: s.min, max: s.max, integer: s.integer, digits: s.digits };
}

type CompareChoice = 'none' | TrainCompareKind;

const COMPARE_OPTIONS: { value: CompareChoice; label: string }[] = [
  { value: 'none', label: 'No: one run' },
  ...TRAIN_COMPARE_KIND_ORDER.map((kind) => ({
    value: kind as CompareChoice,
    label: TRAIN_COMPARE_KINDS[kind].label,
  })),
];

export interface TrainingFormProps {
  view: TrainingView;
  params: GnConfig;
}

/** The comma list of compared values, applied on Enter or when the box is left. */
function CompareValues({ compare }: { compare: TrainCompareSpec }) {
  const text = compare.values.join(', ');
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const apply = () => {
    if (draft === null) return;
    const { values, notices } = parseTrainCompareValues(compare.kind, draft);
    setProblem(notices[0] ?? null);
    setDraft(null);
    if (values.length > 0) {
      trainingActions.setTrainingCompare({ kind: compare.kind, values });
      commit();
    }
  };
  const spec = TRAIN_COMPARE_KINDS[compare.kind];
  return (
    <div className="field training-compare-values">
      <label htmlFor="training-compare-values">Values of {spec.symbol}</label>
      <input
        id="training-compare-values"
        className="text-input"
        type="text"
        inputMode="decimal"
        value={draft ?? text}
        aria-describedby="training-compare-hint"
        aria-invalid={problem ? true : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply();
          if (event.key === 'Escape') setDraft(null);
        }}
      />
      <p id="training-compare-hint" className="field-hint">
        {problem ?? `comma-separated, ${spec.hint}; at most 6 runs`}
      </p>
    </div>
  );
}

export function TrainingForm({ view, params }: TrainingFormProps) {
  const { settings, compare } = view;
  const images = usesImageLabels(params);
  return (
    <form className="training-form" onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor="training-lr">Learning rate η</label>
        <NumberField
          id="training-lr"
          value={settings.lr}
          range={range('lr')}
          onValue={(lr) => trainingActions.setTrainingSettings({ lr })}
          onCommit={commit}
        />
      </div>
      <div className="field">
        <label htmlFor="training-batch">Batch size</label>
        <div className="training-batch-row">
          <NumberField
            id="training-batch"
            value={settings.batch ?? Math.min(64, params.data.n)}
            range={range('batch')}
            disabled={settings.batch === null}
            onValue={(batch) => trainingActions.setTrainingSettings({ batch })}
            onCommit={commit}
          />
          <span className="checkbox-field">
            <input
              id="training-full-batch"
              type="checkbox"
              checked={settings.batch === null}
              onChange={(event) => {
                trainingActions.setTrainingSettings({
                  batch: event.target.checked ? null : Math.min(64, params.data.n),
                });
                commit();
              }}
            />
            <label htmlFor="training-full-batch">Full batch (GD)</label>
          </span>
        </div>
      </div>
      <div className="field">
        <label htmlFor="training-epochs">Epochs</label>
        <NumberField
          id="training-epochs"
          value={settings.epochs}
          range={range('epochs')}
          onValue={(epochs) => trainingActions.setTrainingSettings({ epochs })}
          onCommit={commit}
        />
      </div>
      <div className="field">
        <label htmlFor="training-every">Record every (steps)</label>
        <NumberField
          id="training-every"
          value={settings.every}
          range={range('every')}
          onValue={(every) => trainingActions.setTrainingSettings({ every })}
          onCommit={commit}
        />
      </div>
      <div className={`field${images ? ' is-disabled' : ''}`}>
        <label htmlFor="training-noise">Teacher noise σ</label>
        <NumberField
          id="training-noise"
          value={settings.noise}
          range={range('noise')}
          disabled={images}
          onValue={(noise) => trainingActions.setTrainingSettings({ noise })}
          onCommit={commit}
        />
      </div>
      <SelectField<CompareChoice>
        id="training-compare"
        label="Compare runs over"
        value={compare ? compare.kind : 'none'}
        options={COMPARE_OPTIONS}
        onChoose={(choice) => {
          trainingActions.setTrainingCompare(
            choice === 'none' ? null : defaultTrainCompare(choice),
          );
          commit();
        }}
      />
      {compare ? <CompareValues key={compare.kind} compare={compare} /> : null}
    </form>
  );
}
