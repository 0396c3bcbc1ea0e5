/**
 * The direction view's worker output (docs/gn-math.md §12): the eigenvectors of λ_min⁺ and
 * λ_max of the current point, mapped back to the network. Never in the URL (which end is shown
 * is the classroom key `dir`). Every write carries the key of the configuration it answers, and
 * an answer whose key is not the newest request's is dropped (the newest request wins).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { DirectionResult } from '../../core/explain/direction';
import type { AppState, StoreMutators } from '../storeTypes';
import type { ComputeStatus } from './resultsSlice';

export interface DirectionState {
  status: ComputeStatus;
  /** the last direction computed (kept, dimmed, while the next one computes) */
  result: DirectionResult | null;
  error: string | null;
  /** key of the configuration asked for last */
  requestKey: string | null;
  /** key of the configuration `result` belongs to */
  resultKey: string | null;
}

export interface DirectionSlice {
  direction: DirectionState;
  beginDirection: (requestKey: string) => void;
  commitDirection: (requestKey: string, result: DirectionResult) => void;
  failDirection: (requestKey: string, message: string) => void;
}

export function emptyDirection(): DirectionState {
  return { status: 'idle', result: null, error: null, requestKey: null, resultKey: null };
}

export const createDirectionSlice =
  (): StateCreator<AppState, StoreMutators, [], DirectionSlice> => (set) => ({
    direction: emptyDirection(),
    beginDirection: (requestKey) =>
      set((s) => ({ direction: { ...s.direction, status: 'computing', error: null, requestKey } })),
    commitDirection: (requestKey, result) =>
      set((s) =>
        s.direction.requestKey !== requestKey
          ? {}
          : {
              direction: {
                status: 'idle',
                result,
                error: null,
                requestKey,
                resultKey: requestKey,
              },
            },
      ),
    failDirection: (requestKey, message) =>
      set((s) =>
        s.direction.requestKey !== requestKey
          ? {}
          : { direction: { ...s.direction, status: 'error', error: message } },
      ),
  });

export const selectDirection = (s: AppState) => s.direction;
