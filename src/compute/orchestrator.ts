/**
 * Computation, orchestrated outside React: params change → the current point goes to the pool
 * first (priority 0), then the sweep (priority 1, one `evaluateBrief` job per (series, point,
 * seed)), results stream into the store. The newest request wins: a newer request aborts the
 * older one, and the store drops any answer whose key is not the newest.
 *
 * A sweep whose configurations did not change (e.g. dragging the swept parameter itself) is kept;
 * only its "you are here" marker moves.
 *
 * Size guard (src/core/cost.ts): a current point that would not be interactive is not sent until
 * the user says so (`forceCurrent`); one that would exhaust the browser is never sent. Sweep
 * points the guard refuses are skipped (gaps in the plot), and a sweep whose summed estimate
 * exceeds {@link SWEEP_CONFIRM_MS} waits for `approveSweep`.
 */
import { estimateCost } from '../core/cost';
import { isImageSource } from '../core/data/images';
import type { ImageSource } from '../core/data/images';
import type { EvalResult, GnConfig } from '../core/types';
import { selectParams, selectSweepSettings } from '../state/selectors';
import { suggestedSamples } from '../state/sizeGuard';
import { toSweepSample } from '../state/slices/resultsSlice';
import type { BriefResult, DatasetPreview } from '../state/slices/resultsSlice';
import type { AppStore } from '../state/store';
import { SWEEP_CONFIRM_MS, sweepPlan } from '../state/sweepPlan';
import type { SweepPlan } from '../state/sweepPlan';
import { isAbortError } from './workerPool';
import type { WorkerPool } from './workerPool';

/** What the orchestrator needs from a worker. */
export interface EvaluateApi {
  /**
   * `onSpectrum` receives κ and the spectrum before the bounds are computed and answers whether
   * the configuration is still wanted (false: the worker skips the bounds; the answer is then
   * the partial result, which the page ignores).
   */
  evaluate(config: GnConfig, onSpectrum?: (partial: EvalResult) => boolean): Promise<EvalResult>;
  /** κ and the bounds only (sweep points) */
  evaluateBrief(config: GnConfig): Promise<BriefResult>;
  datasetPreview(source: ImageSource, count: number): Promise<Omit<DatasetPreview, 'source'>>;
  warmUp(): Promise<number>;
}

/** Thumbnails shown for image data. */
export const PREVIEW_COUNT = 16;

export const CURRENT_PRIORITY = 0;
export const SWEEP_PRIORITY = 1;

export interface ComputationHooks {
  /**
   * called when a current-point result has been committed to the store, with the worker's own
   * time for it (ms, from the start of the evaluation to the spectrum or the whole result)
   */
  onResult?: (workerMs: number) => void;
}

/** A stable key for a configuration (the newest-wins identity of a request). */
export function configKey(config: GnConfig): string {
  return JSON.stringify(config);
}

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

/** Starts the subscriptions; returns a function that stops them and cancels all work. */
export function startComputation(
  store: AppStore,
  pool: WorkerPool<EvaluateApi>,
  hooks: ComputationHooks = {},
): () => void {
  let currentAbort: AbortController | null = null;
  let currentSettled = true;
  let sweepAbort: AbortController | null = null;
  /** the plan waiting for the current point to finish */
  let pendingSweep: SweepPlan | null = null;
  /** key of the sweep that is pending, running or finished */
  let sweepKey: string | null = null;

  /** a long sweep waiting for the user's approval */
  let awaitingApproval: SweepPlan | null = null;

  function requestCurrent(params: GnConfig): void {
    const key = configKey(params);
    currentAbort?.abort();
    currentAbort = null;
    const estimate = estimateCost(params);
    const forced = estimate.level === 'confirm' && store.getState().forcedKey === key;
    if (estimate.level !== 'interactive' && !forced) {
      // Held back: nothing runs, so the sweep (whose points have their own guard) may go.
      currentSettled = true;
      store.getState().guardCurrent({ key, estimate, suggestedN: suggestedSamples(params) });
      planSweep();
      startPendingSweep();
      return;
    }
    const abort = new AbortController();
    currentAbort = abort;
    currentSettled = false;
    store.getState().beginCurrent(key);
    // κ and the histogram are committed as soon as the worker streams the spectrum (the slider
    // latency the page promises); the bounds follow in the final result.
    let shownSpectrum = false;
    const onSpectrum = (partial: EvalResult): boolean => {
      if (abort.signal.aborted || currentAbort !== abort) return false; // superseded
      shownSpectrum = true;
      store.getState().commitSpectrum(key, partial);
      hooks.onResult?.(partial.ms);
      return true;
    };
    pool
      .submit((api) => api.evaluate(params, onSpectrum), {
        priority: CURRENT_PRIORITY,
        signal: abort.signal,
      })
      .then(
        (result) => {
          if (abort.signal.aborted) return;
          store.getState().commitCurrent(key, result);
          if (!shownSpectrum) hooks.onResult?.(result.ms);
        },
        (error: unknown) => {
          if (abort.signal.aborted || isAbortError(error)) return;
          store.getState().failCurrent(key, messageOf(error));
        },
      )
      .finally(() => {
        if (currentAbort !== abort) return;
        currentSettled = true;
        startPendingSweep();
      });
    planSweep();
  }

  function planSweep(): void {
    const state = store.getState();
    const plan = sweepPlan(state.params, state.sweepSettings);
    if (plan.key === sweepKey) return;
    sweepAbort?.abort();
    sweepAbort = null;
    sweepKey = plan.key;
    const needsApproval = plan.estimateMs > SWEEP_CONFIRM_MS && state.approvedSweepKey !== plan.key;
    pendingSweep = needsApproval ? null : plan;
    awaitingApproval = needsApproval ? plan : null;
    state.beginSweep(plan, needsApproval);
    startPendingSweep();
  }

  function startPendingSweep(): void {
    // The current point first: a slider drag must stay fluid while a sweep is waiting.
    if (!pendingSweep || !currentSettled) return;
    const plan = pendingSweep;
    pendingSweep = null;
    const abort = new AbortController();
    sweepAbort = abort;
    store.getState().markSweepRunning(plan.key);
    plan.configs.forEach((config, index) => {
      if (plan.skipped[index]) return;
      pool
        .submit((api) => api.evaluateBrief(config), {
          priority: SWEEP_PRIORITY,
          signal: abort.signal,
        })
        .then(
          (result) => {
            if (!abort.signal.aborted) {
              store.getState().addSweepSample(plan.key, index, toSweepSample(result));
            }
          },
          (error: unknown) => {
            if (abort.signal.aborted || isAbortError(error)) return;
            store.getState().addSweepSample(plan.key, index, { error: messageOf(error) });
          },
        );
    });
  }

  let lastParamsKey: string | null = null;
  const stopParams = store.subscribe(
    selectParams,
    (params) => {
      // Actions build new objects even for an unchanged value (e.g. a slider at its end).
      const key = configKey(params);
      if (key === lastParamsKey) return;
      lastParamsKey = key;
      requestCurrent(params);
    },
    { fireImmediately: true },
  );
  const stopSweep = store.subscribe(selectSweepSettings, planSweep);
  const stopForce = store.subscribe(
    (s) => s.forcedKey,
    (forcedKey) => {
      const { params, current } = store.getState();
      if (forcedKey !== null && current.guard?.key === forcedKey && configKey(params) === forcedKey)
        requestCurrent(params);
    },
  );
  const stopApprove = store.subscribe(
    (s) => s.approvedSweepKey,
    (approved) => {
      if (awaitingApproval && awaitingApproval.key === approved) {
        pendingSweep = awaitingApproval;
        awaitingApproval = null;
        startPendingSweep();
      }
    },
  );

  // Thumbnails of the image data set in use (fetched and decoded by a worker).
  let previewAbort: AbortController | null = null;
  const stopPreview = store.subscribe(
    (s) => s.params.data.source,
    (source) => {
      if (!isImageSource(source) || store.getState().preview?.source === source) return;
      previewAbort?.abort();
      const abort = new AbortController();
      previewAbort = abort;
      pool
        .submit((api) => api.datasetPreview(source, PREVIEW_COUNT), {
          priority: CURRENT_PRIORITY,
          signal: abort.signal,
        })
        .then(
          (preview) => {
            if (!abort.signal.aborted) store.getState().setPreview({ source, ...preview });
          },
          (error: unknown) => {
            if (!abort.signal.aborted && !isAbortError(error))
              store.getState().failPreview(source, messageOf(error));
          },
        );
    },
    { fireImmediately: true },
  );

  return () => {
    stopParams();
    stopSweep();
    stopForce();
    stopApprove();
    stopPreview();
    currentAbort?.abort();
    sweepAbort?.abort();
    previewAbort?.abort();
  };
}
