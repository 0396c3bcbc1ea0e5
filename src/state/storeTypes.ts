/** The combined store type, shared by the slices (zustand slices pattern). */
import type { ParamsSlice } from './slices/paramsSlice';
import type { ResultsSlice } from './slices/resultsSlice';
import type { ViewSlice } from './slices/viewSlice';
import type { TrainingSlice } from './slices/trainingSlice';
import type { ClassroomSlice } from './slices/classroomSlice';
import type { DirectionSlice } from './slices/directionSlice';

export type AppState = ParamsSlice &
  ViewSlice &
  ResultsSlice &
  TrainingSlice &
  ClassroomSlice &
  DirectionSlice;

/** Middleware applied on the combined store, which each slice creator must declare. */
export type StoreMutators = [['zustand/subscribeWithSelector', never]];

/** Side-effecting helpers injected so that the store stays testable. */
export interface StoreDeps {
  /** a fresh seed for "new seed" */
  randomSeed: () => number;
}
