/** React binding of the store. Components select; they never start computations. */
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { appStore } from './store';
import type { AppState } from './storeTypes';

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

/** For selectors that build a new object or array on each call: compared shallowly. */
export function useAppStoreShallow<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, useShallow(selector));
}

/** The store's actions (stable functions; reading state through this would be stale). */
export const actions: Pick<
  AppState,
  | 'updateParams'
  | 'setWidth'
  | 'newSeed'
  | 'resetParams'
  | 'setSweepAxis'
  | 'updateSweepSettings'
  | 'dismissNotice'
  | 'dismissAllNotices'
  | 'commitHistory'
  | 'setCompare'
  | 'setShowBound'
  | 'forceCurrent'
  | 'cancelCurrent'
  | 'approveSweep'
  | 'addNotices'
  | 'setPresetsOpen'
  | 'setPlaying'
  | 'togglePlay'
  | 'setPlaySpeed'
  | 'setPlayLoop'
> = appStore.getState();
