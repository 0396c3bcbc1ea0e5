/** React binding of the training slice: components select; the controller runs the worker. */
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { appStore } from '../state/store';
import type { TrainingHost, TrainingStore } from '../compute/trainingController';
import type { TrainingSlice } from '../state/slices/trainingSlice';

const store: TrainingStore = appStore;

export function useTraining<T>(selector: (state: TrainingHost) => T): T {
  return useStore(store, selector);
}

export function useTrainingShallow<T>(selector: (state: TrainingHost) => T): T {
  return useStore(store, useShallow(selector));
}

/** The slice's view actions (stable functions). */
export const trainingActions: Pick<
  TrainingSlice,
  'setTrainingSettings' | 'setTrainingCompare' | 'setTrainingScrub' | 'setTrainingFocusRun'
> = {
  setTrainingSettings: (patch) => store.getState().setTrainingSettings(patch),
  setTrainingCompare: (compare) => store.getState().setTrainingCompare(compare),
  setTrainingScrub: (index) => store.getState().setTrainingScrub(index),
  setTrainingFocusRun: (index) => store.getState().setTrainingFocusRun(index),
};
