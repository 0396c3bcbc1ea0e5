/**
 * What the user chose: the one configuration the page computes (in the URL, drives the workers).
 * Every change goes through the pure edits of src/model/paramEdits.ts (image data fix d and k,
 * the CNN is linear, …); what they had to change is reported in the notice area.
 */
import type { StateCreator } from 'zustand/vanilla';
import { NUM_SPECS, defaultConfig, reconcileConfig } from '../../core/config';
import type { GnConfig } from '../../core/types';
import { nextParams, paramsWithWidth } from '../../model/paramEdits';
import type { ParamsPatch } from '../../model/paramEdits';
import type { AppState, StoreDeps, StoreMutators } from '../storeTypes';

export type { ParamsPatch };

export interface ParamsSlice {
  params: GnConfig;
  /** Applies a patch; numbers are clamped and rounded as the URL carries them. */
  updateParams: (patch: ParamsPatch) => void;
  /** Sets every hidden width to `width`. */
  setWidth: (width: number) => void;
  /** A fresh random seed, everything else unchanged. */
  newSeed: () => void;
  /** Replaces the whole configuration (a decoded link, Back/Forward). */
  replaceParams: (config: GnConfig) => void;
  resetParams: () => void;
}

export function createParamsSlice(
  initial: GnConfig,
  deps: StoreDeps,
): StateCreator<AppState, StoreMutators, [], ParamsSlice> {
  return (set, get) => {
    /** Stores a reconciled configuration and reports what had to change. */
    const store = ({ config, notices }: { config: GnConfig; notices: string[] }) => {
      set({ params: config });
      if (notices.length > 0) get().addNotices(notices);
    };
    return {
      params: initial,
      updateParams: (patch) => store(nextParams(get().params, patch)),
      setWidth: (width) => store(paramsWithWidth(get().params, width)),
      newSeed: () =>
        set((s) => {
          let seed = deps.randomSeed();
          // A "new" seed that equals the old one would look like a broken button.
          if (seed === s.params.seed) seed = (seed + 1) % (NUM_SPECS.seed.max + 1);
          return { params: { ...s.params, seed } };
        }),
      replaceParams: (config) => store(reconcileConfig(config)),
      resetParams: () => set({ params: defaultConfig() }),
    };
  };
}
