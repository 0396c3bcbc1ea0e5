/**
 * The training panel's state in the one store: the view (settings and compared runs, in the URL)
 * and the runs with their records (worker output, never in the URL). The run controller
 * (trainingController.ts) writes the runs; every such write carries the generation it was made
 * for, so a chunk that arrives after a reset is dropped here even if the controller missed it
 * (the newest settings win).
 *
 * The creator is typed over this slice alone (it never reads other slices), so the combined store
 * (whose state includes this slice) can compose it, and tests can build a store of it alone.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { TrainRecord } from '../../core/gn/train';
import type { GnConfig } from '../../core/types';
import type { StoreMutators } from '../storeTypes';
import { MAX_TRAIN_RUNS, TRAIN_NUM_SPECS, defaultTrainingView } from '../../model/trainCodec';
import type { TrainCompareSpec, TrainingSettingsView, TrainingView } from '../../model/trainCodec';
import type { PlannedRun } from '../../model/trainingPlan';
import { clampToRow } from '../../core/paramRows';

/**
 * `ready`: nothing started (or reset); `starting`: the worker prepares data, targets and step 0;
 * `running`: chunks stream in; `pausing`: the chunk in flight finishes, then `paused`;
 * `stepping`: one step of each run; `done`: every run reached its last step; `error`: every run
 * failed.
 */
export type TrainingStatus =
  'ready' | 'starting' | 'running' | 'pausing' | 'paused' | 'stepping' | 'done' | 'error';

export interface TrainingRun {
  key: string;
  label: string;
  config: GnConfig;
  /** step 0 first, then one every `every` steps */
  records: TrainRecord[];
  /** null until the worker has started the run */
  totalSteps: number | null;
  step: number;
  epoch: number;
  done: boolean;
  /** why the run stopped early (diverged, not trainable, worker failure) */
  error: string | null;
}

export interface TrainingState {
  view: TrainingView;
  status: TrainingStatus;
  runs: TrainingRun[];
  /** increments on every reset; writes for an older generation are ignored */
  generation: number;
  /** record index shown by the histogram and the plot marker; null follows the newest */
  scrub: number | null;
  /** the run whose histogram and table are shown */
  focusRun: number;
  /** why the run was reset or stopped, for the status line */
  message: string | null;
  /** measured training speed over the last chunk (steps per second, all runs) */
  stepsPerSecond: number | null;
}

export interface TrainingChunk {
  records: TrainRecord[];
  step: number;
  epoch: number;
  done: boolean;
}

export interface TrainingSlice {
  training: TrainingState;
  /** Changes settings (clamped and rounded as the URL carries them). */
  setTrainingSettings: (patch: Partial<TrainingSettingsView>) => void;
  setTrainingCompare: (compare: TrainCompareSpec | null) => void;
  replaceTrainingView: (view: TrainingView) => void;
  setTrainingScrub: (index: number | null) => void;
  setTrainingFocusRun: (index: number) => void;
  /** Controller: forget every run (a new generation); returns the new generation. */
  trainingReset: (message: string | null) => number;
  /** Controller: the runs of the current generation exist now (no records yet). */
  trainingBegin: (generation: number, runs: readonly PlannedRun[]) => void;
  trainingSetStatus: (generation: number, status: TrainingStatus, message?: string | null) => void;
  trainingStarted: (
    generation: number,
    run: number,
    first: TrainRecord,
    totalSteps: number,
  ) => void;
  trainingAppend: (
    generation: number,
    run: number,
    chunk: TrainingChunk,
    stepsPerSecond?: number,
  ) => void;
  trainingFailRun: (generation: number, run: number, message: string) => void;
}

function applySettingsPatch(
  settings: TrainingSettingsView,
  patch: Partial<TrainingSettingsView>,
): TrainingSettingsView {
  const S = TRAIN_NUM_SPECS;
  const next = { ...settings };
  if (patch.lr !== undefined) next.lr = clampToRow(S.lr, patch.lr, settings.lr);
  if (patch.epochs !== undefined) next.epochs = clampToRow(S.epochs, patch.epochs, settings.epochs);
  if (patch.every !== undefined) next.every = clampToRow(S.every, patch.every, settings.every);
  if (patch.noise !== undefined) next.noise = clampToRow(S.noise, patch.noise, settings.noise);
  if (patch.batch !== undefined) {
    next.batch =
      patch.batch === null ? null : clampToRow(S.batch, patch.batch, settings.batch ?? 1);
  }
  return next;
}

function initialTraining(view: TrainingView): TrainingState {
  return {
    view,
    status: 'ready',
    runs: [],
    generation: 0,
    scrub: null,
    focusRun: 0,
    message: null,
    stepsPerSecond: null,
  };
}

type TrainingCreator = StateCreator<TrainingSlice, StoreMutators, [], TrainingSlice>;
type SetTraining = Parameters<TrainingCreator>[0];
type GetTraining = Parameters<TrainingCreator>[1];
type ViewActions = Pick<
  TrainingSlice,
  | 'setTrainingSettings'
  | 'setTrainingCompare'
  | 'replaceTrainingView'
  | 'setTrainingScrub'
  | 'setTrainingFocusRun'
>;
type RunActions = Omit<TrainingSlice, 'training' | keyof ViewActions>;

/** What the panel shows and the URL carries: settings, compared runs, scrub, focus. */
function viewActions(set: SetTraining): ViewActions {
  return {
    setTrainingSettings: (patch) =>
      set((s) => {
        const settings = applySettingsPatch(s.training.view.settings, patch);
        const same = (Object.keys(settings) as (keyof TrainingSettingsView)[]).every(
          (k) => settings[k] === s.training.view.settings[k],
        );
        return same ? {} : { training: { ...s.training, view: { ...s.training.view, settings } } };
      }),
    setTrainingCompare: (compare) =>
      set((s) => ({
        training: {
          ...s.training,
          view: {
            ...s.training.view,
            compare:
              compare && compare.values.length > 0
                ? { kind: compare.kind, values: compare.values.slice(0, MAX_TRAIN_RUNS) }
                : null,
          },
        },
      })),
    replaceTrainingView: (view) => set((s) => ({ training: { ...s.training, view } })),
    setTrainingScrub: (index) =>
      set((s) => {
        const focus = s.training.runs[s.training.focusRun];
        const last = (focus?.records.length ?? 0) - 1;
        // Scrubbing to the newest record means "follow the newest" while training goes on.
        const scrub =
          index === null || last < 0 || index >= last ? null : Math.max(0, Math.round(index));
        return scrub === s.training.scrub ? {} : { training: { ...s.training, scrub } };
      }),
    setTrainingFocusRun: (index) =>
      set((s) =>
        index >= 0 && index < Math.max(1, s.training.runs.length)
          ? { training: { ...s.training, focusRun: index } }
          : {},
      ),
  };
}

/** The runs' life, each message tagged with its generation (stale ones are ignored). */
function runActions(set: SetTraining, get: GetTraining): RunActions {
  /** Applies `change` to run `index` of generation `generation` (ignored when stale). */
  const updateRun = (
    generation: number,
    index: number,
    change: (run: TrainingRun) => TrainingRun,
    extra: (t: TrainingState, runs: TrainingRun[]) => Partial<TrainingState> = () => ({}),
  ) =>
    set((s) => {
      const t = s.training;
      const run = t.runs[index];
      if (t.generation !== generation || !run) return {};
      const runs = t.runs.slice();
      runs[index] = change(run);
      return { training: { ...t, runs, ...extra(t, runs) } };
    });

  return {
    trainingReset: (message) => {
      set((s) => ({
        training: {
          ...initialTraining(s.training.view),
          generation: s.training.generation + 1,
          message,
        },
      }));
      return get().training.generation;
    },
    trainingBegin: (generation, runs) =>
      set((s) =>
        s.training.generation !== generation
          ? {}
          : {
              training: {
                ...s.training,
                status: 'starting',
                message: null,
                focusRun: Math.min(s.training.focusRun, Math.max(0, runs.length - 1)),
                runs: runs.map((r) => ({
                  key: r.key,
                  label: r.label,
                  config: r.config,
                  records: [],
                  totalSteps: null,
                  step: 0,
                  epoch: 0,
                  done: false,
                  error: null,
                })),
              },
            },
      ),
    trainingSetStatus: (generation, status, message) =>
      set((s) =>
        s.training.generation !== generation
          ? {}
          : {
              training: {
                ...s.training,
                status,
                ...(message !== undefined ? { message } : {}),
              },
            },
      ),
    trainingStarted: (generation, index, first, totalSteps) =>
      updateRun(generation, index, (run) => ({
        ...run,
        records: [first],
        totalSteps,
        step: first.step,
        epoch: first.epoch,
        done: totalSteps === 0,
      })),
    trainingAppend: (generation, index, chunk, stepsPerSecond) =>
      updateRun(
        generation,
        index,
        (run) => ({
          ...run,
          records: chunk.records.length > 0 ? [...run.records, ...chunk.records] : run.records,
          step: chunk.step,
          epoch: chunk.epoch,
          done: chunk.done,
        }),
        () => (stepsPerSecond !== undefined ? { stepsPerSecond } : {}),
      ),
    trainingFailRun: (generation, index, message) =>
      updateRun(generation, index, (run) => ({ ...run, error: message, done: true })),
  };
}

export const createTrainingSlice =
  (initial: TrainingView = defaultTrainingView()): TrainingCreator =>
  (set, get) => ({
    training: initialTraining(initial),
    ...viewActions(set),
    ...runActions(set, get),
  });

/** The record shown for run `run` at the scrub position (the newest when following). */
export function scrubbedRecord(t: TrainingState, run: number): TrainRecord | null {
  const records = t.runs[run]?.records ?? [];
  if (records.length === 0) return null;
  const i = t.scrub === null ? records.length - 1 : Math.min(t.scrub, records.length - 1);
  return records[i] ?? null;
}
