/**
 * React binding of the store. Components select; they never start computations. Inside
 * {@link AfterPaint} the same hooks read the store one frame late (docs/architecture.md §7).
 */
import { createContext, createElement, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { appStore, appStoreAfterPaint } from './store';
import type { AppState } from './storeTypes';

const AfterPaintContext = createContext(false);

/**
 * Its children are drawn in the frame after a change, not in the one that shows κ and the
 * histogram: for read-only panels whose work would otherwise delay that frame. No controlled
 * input may read the store in here (it would show its old value for a frame while typing).
 */
export function AfterPaint({ children }: { children: ReactNode }) {
  return createElement(AfterPaintContext.Provider, { value: true }, children);
}

function useTimedStore() {
  return useContext(AfterPaintContext) ? appStoreAfterPaint : appStore;
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useTimedStore(), selector);
}

/** For selectors that build a new object or array on each call: compared shallowly. */
export function useAppStoreShallow<T>(selector: (state: AppState) => T): T {
  return useStore(useTimedStore(), useShallow(selector));
}

/**
 * The panels inside {@link AfterPaint} show the same current point as the rest of the page (the
 * status indicator's `idle` waits for it, docs/architecture.md §7).
 */
export function useAfterPaintCaughtUp(): boolean {
  const live = useStore(appStore, (s) => s.current);
  return useStore(appStoreAfterPaint, (s) => s.current) === live;
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
