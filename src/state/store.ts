/**
 * The one store: params (what the user chose), view (UI state) and results (worker output).
 * Vanilla zustand so that computation and URL sync subscribe outside React.
 */
import { createStore } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import { NUM_SPECS, defaultConfig } from '../core/config';
import type { GnConfig } from '../core/types';
import { createParamsSlice } from './slices/paramsSlice';
import { createResultsSlice } from './slices/resultsSlice';
import { createViewSlice } from './slices/viewSlice';
import { defaultSweepSettings } from '../model/urlCodec';
import type { SweepSettings } from '../model/urlCodec';
import type { AppState, StoreDeps } from './storeTypes';
import { createTrainingSlice } from './slices/trainingSlice';
import { createClassroomSlice } from './slices/classroomSlice';
import { createDirectionSlice } from './slices/directionSlice';
import { afterNextPaint, createAfterPaintStore } from './afterPaint';

export type { AppState } from './storeTypes';

/** Seeds drawn by "new seed": short enough to read aloud from a projector. */
const RANDOM_SEED_LIMIT = 1_000_000;

function defaultRandomSeed(): number {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return Math.min(NUM_SPECS.seed.max, word[0]! % RANDOM_SEED_LIMIT);
}

export interface CreateAppStoreOptions {
  params?: GnConfig;
  sweepSettings?: SweepSettings;
  deps?: Partial<StoreDeps>;
}

export function createAppStore(options: CreateAppStoreOptions = {}) {
  const deps: StoreDeps = { randomSeed: defaultRandomSeed, ...options.deps };
  return createStore<AppState>()(
    subscribeWithSelector((...a) => ({
      ...createParamsSlice(options.params ?? defaultConfig(), deps)(...a),
      ...createViewSlice(options.sweepSettings ?? defaultSweepSettings())(...a),
      ...createResultsSlice(...a),
      ...createTrainingSlice()(...a),
      ...createClassroomSlice()(...a),
      ...createDirectionSlice()(...a),
    })),
  );
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The page's store (tests create their own with {@link createAppStore}). */
export const appStore: AppStore = createAppStore();

/**
 * The page's store one frame late, for the panels drawn after κ and the histogram (afterPaint.ts,
 * docs/architecture.md §7). While the current point computes it waits up to 250 ms for the
 * answer: a slider step's job takes 30–100 ms, and drawing its "computing" state there would
 * take the main thread from the worker's core for nothing (the dimming starts after 300 ms).
 */
export const appStoreAfterPaint = createAfterPaintStore(appStore, afterNextPaint, {
  holdWhile: (s) => s.current.status === 'computing',
  maxHoldMs: 250,
});
