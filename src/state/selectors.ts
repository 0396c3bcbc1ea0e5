/** Named selectors shared by components and subscriptions. */
import type { AppState } from './storeTypes';

export const selectParams = (s: AppState) => s.params;
export const selectSweepSettings = (s: AppState) => s.sweepSettings;
export const selectCurrent = (s: AppState) => s.current;
export const selectResult = (s: AppState) => s.current.result;
export const selectStatus = (s: AppState) => s.current.status;
export const selectNotices = (s: AppState) => s.notices;
export const selectHistoryCommits = (s: AppState) => s.historyCommits;
/** The sweep on screen: the new one once it has data, else the previous one (dimmed). */
export const selectShownSweep = (s: AppState) => {
  const fresh = s.sweep && s.sweep.done - s.sweep.failed > 0;
  return {
    run: fresh ? s.sweep : (s.previousSweep ?? s.sweep),
    stale: !fresh && s.previousSweep !== null,
  };
};
/** What the URL carries: the params, the sweep settings (and its play speed and loop), the training and classroom views. */
export const selectUrlState = (s: AppState) => ({
  params: s.params,
  sweepSettings: s.sweepSettings,
  trainingView: s.training.view,
  classroom: s.classroom,
  playSpeed: s.sweepPlay.speed,
  playLoop: s.sweepPlay.loop,
});
/** The current result when it belongs on screen (not after an error, not while the size guard holds). */
export const selectShownResult = (s: AppState) =>
  s.current.status === 'error' || s.current.guard ? null : s.current.result;
/**
 * The explanation of the result the page shows (null while none matches it: an older
 * configuration's explanation is never shown beside a newer result).
 */
export const shownExplanation = (s: AppState) => {
  const result = s.explanation.result;
  const key = selectShownResult(s) ? s.current.resultKey : null;
  return result && key !== null && s.explanation.resultKey === key ? result : null;
};
export const selectGuard = (s: AppState) => s.current.guard;
export const selectPreview = (s: AppState) => s.preview;
export const selectPreviewError = (s: AppState) => s.previewError;
