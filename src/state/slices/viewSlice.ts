/** UI state: the sweep the page draws (in the URL), notices for the user, history commits. */
import type { StateCreator } from 'zustand/vanilla';
import type { BoundId } from '../../core/types';
import { compareConflicts } from '../../model/compare';
import type { CompareSpec } from '../../model/compare';
import { SWEEP_AXES, defaultSweepSettings, roundAxisValue } from '../../model/urlCodec';
import type { SweepAxis, SweepSettings } from '../../model/urlCodec';
import type { AppState, StoreMutators } from '../storeTypes';
import { clampToRow } from '../../core/paramRows';
import { viewParam } from '../../model/viewParams';
import { defaultPlaySettings } from '../../model/sweepMotion';
import type { PlaySettings, PlaySpeed } from '../../model/sweepMotion';

export interface Notice {
  id: number;
  text: string;
}

export interface ViewSlice {
  sweepSettings: SweepSettings;
  notices: Notice[];
  /**
   * Counts deliberate commits (slider released, button pressed). The URL sync pushes a history
   * entry for the first change after a commit and replaces it while a drag goes on, so Back
   * returns to the state before the drag, not to each pixel of it.
   */
  historyCommits: number;
  /** the paper-experiments gallery is open (UI only, not in the URL) */
  presetsOpen: boolean;
  setPresetsOpen: (open: boolean) => void;
  /**
   * Switches the sweep axis and resets the range to that axis' defaults; a comparison that sets
   * the new axis' parameter is dropped (with a notice).
   */
  setSweepAxis: (axis: SweepAxis) => void;
  /** Sets or clears the compare series (the drawn bound goes with them). */
  setCompare: (compare: CompareSpec | null) => void;
  setShowBound: (id: BoundId | null) => void;
  /** Changes range, points, seeds, log x or band; values are clamped and rounded. */
  updateSweepSettings: (patch: Partial<Omit<SweepSettings, 'axis'>>) => void;
  replaceSweepSettings: (settings: SweepSettings) => void;
  /**
   * The sweep's play button (src/model/sweepMotion.ts; src/compute/sweepPlayer.ts steps it):
   * playing, speed and loop. UI only, not in the URL; the stepped parameter is.
   */
  sweepPlay: PlaySettings;
  setPlaying: (playing: boolean) => void;
  togglePlay: () => void;
  setPlaySpeed: (speed: PlaySpeed) => void;
  setPlayLoop: (loop: boolean) => void;
  addNotices: (texts: readonly string[]) => void;
  dismissNotice: (id: number) => void;
  dismissAllNotices: () => void;
  commitHistory: () => void;
}

function applySweepPatch(
  settings: SweepSettings,
  patch: Partial<Omit<SweepSettings, 'axis'>>,
): SweepSettings {
  const next = { ...settings, ...patch };
  const { axis } = settings;
  next.from = Number.isFinite(next.from) ? roundAxisValue(axis, next.from) : settings.from;
  next.to = Number.isFinite(next.to) ? roundAxisValue(axis, next.to) : settings.to;
  if (next.from >= next.to) {
    // Keep the range non-empty by moving the end the user did not just edit.
    if (patch.from !== undefined) next.to = settings.to > next.from ? settings.to : next.from;
    if (patch.to !== undefined) next.from = settings.from < next.to ? settings.from : next.to;
  }
  next.points = clampToRow(viewParam('pts'), next.points, settings.points);
  next.seeds = clampToRow(viewParam('seeds'), next.seeds, settings.seeds);
  if (!SWEEP_AXES[axis].logChoice) next.logX = SWEEP_AXES[axis].defaults.logX;
  return next;
}

export const createViewSlice =
  (initial: SweepSettings): StateCreator<AppState, StoreMutators, [], ViewSlice> =>
  (set, get) => {
    let nextNoticeId = 1;
    return {
      sweepSettings: initial,
      notices: [],
      historyCommits: 0,
      presetsOpen: false,
      setPresetsOpen: (open) => set({ presetsOpen: open }),
      setSweepAxis: (axis) => {
        const current = get().sweepSettings;
        if (current.axis === axis) return;
        const conflict = current.compare && compareConflicts(current.compare.kind, axis);
        set({
          sweepSettings: {
            ...defaultSweepSettings(axis),
            seeds: current.seeds,
            spread: current.spread,
            compare: conflict ? null : current.compare,
            showBound: conflict ? null : current.showBound,
          },
        });
        if (conflict) {
          get().addNotices([
            'The comparison set the parameter this sweep varies; it was turned off.',
          ]);
        }
      },
      setCompare: (compare) =>
        set((s) => ({
          sweepSettings: {
            ...s.sweepSettings,
            compare:
              compare &&
              compare.values.length > 0 &&
              !compareConflicts(compare.kind, s.sweepSettings.axis)
                ? { kind: compare.kind, values: [...compare.values] }
                : null,
            showBound: compare ? s.sweepSettings.showBound : null,
          },
        })),
      setShowBound: (id) =>
        set((s) => ({
          sweepSettings: { ...s.sweepSettings, showBound: s.sweepSettings.compare ? id : null },
        })),
      updateSweepSettings: (patch) =>
        set((s) => ({ sweepSettings: applySweepPatch(s.sweepSettings, patch) })),
      replaceSweepSettings: (settings) => set({ sweepSettings: settings }),
      sweepPlay: defaultPlaySettings(),
      setPlaying: (playing) => set((s) => ({ sweepPlay: { ...s.sweepPlay, playing } })),
      togglePlay: () =>
        set((s) => ({ sweepPlay: { ...s.sweepPlay, playing: !s.sweepPlay.playing } })),
      setPlaySpeed: (speed) => set((s) => ({ sweepPlay: { ...s.sweepPlay, speed } })),
      setPlayLoop: (loop) => set((s) => ({ sweepPlay: { ...s.sweepPlay, loop } })),
      addNotices: (texts) =>
        set((s) => {
          // A notice already on screen is not repeated (a slider dragged past a limit).
          const fresh = [...new Set(texts)].filter((t) => !s.notices.some((n) => n.text === t));
          return fresh.length === 0
            ? {}
            : { notices: [...s.notices, ...fresh.map((text) => ({ id: nextNoticeId++, text }))] };
        }),
      dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
      dismissAllNotices: () => set({ notices: [] }),
      commitHistory: () => set((s) => ({ historyCommits: s.historyCommits + 1 })),
    };
  };
