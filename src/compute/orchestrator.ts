/**
 * Computation, orchestrated outside React: params change → the current point goes to the pool
 * first (priority 0), then the sweep (priority 1, one `evaluateBrief` job per (series, point,
 * seed)), results stream into the store. The newest request wins: a newer request aborts the
 * older one, and the store drops any answer whose key is not the newest.
 *
 * A sweep whose configurations did not change (e.g. dragging the swept parameter itself) is kept;
 * only its "you are here" marker moves.
 *
 * Speed (issue "Speed"): completed results are kept by key (a step back answers at once); while
 * the workers are idle, the likely next configurations (src/state/lookAhead.ts: the last slider
 * step continued, then undone) are computed ahead, one at a time, at a priority between the
 * current point and the sweep; a request for a configuration being computed ahead adopts that
 * job. A sweep starts only once the parameters have been still for `sweepQuietMs`, so a drag is
 * not slowed down by sweep jobs it would cancel a moment later.
 *
 * Size guard (src/core/cost.ts): a current point that would not be interactive is not sent until
 * the user says so (`forceCurrent`); one that would exhaust the browser is never sent. Sweep
 * points the guard refuses are skipped (gaps in the plot), and a sweep whose summed estimate
 * exceeds {@link SWEEP_CONFIRM_MS} waits for `approveSweep`.
 */
import { estimateCost } from '../core/cost';
import { configJson } from '../core/fingerprint';
import { isImageSource } from '../core/data/images';
import type { ImageSource } from '../core/data/images';
import type { EvalResult, GnConfig } from '../core/types';
import { lookAheadConfigs } from '../model/lookAhead';
import { selectParams, selectSweepSettings } from '../state/selectors';
import { suggestedSamples } from '../model/sizeGuard';
import { toSweepSample } from '../state/slices/resultsSlice';
import type { BriefResult, DatasetPreview } from '../state/slices/resultsSlice';
import type { AppStore } from '../state/store';
import { SWEEP_CONFIRM_MS, sweepPlan } from '../model/sweepPlan';
import type { SweepPlan } from '../model/sweepPlan';
import { LruCache } from './resultCache';
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
export const LOOK_AHEAD_PRIORITY = 1;
export const SWEEP_PRIORITY = 2;

/** The shortest time limit of a job, however small its estimate (a cold worker, a busy machine). */
export const MIN_JOB_LIMIT_MS = 20_000;
/** The longest time limit of a job, however large its estimate ("compute anyway" included). */
export const MAX_JOB_LIMIT_MS = 20 * 60_000;
/** How far past its estimate a job may run before it counts as hung. */
export const JOB_LIMIT_FACTOR = 25;

/**
 * The time limit of a job whose cost src/core/cost.ts estimates at `estimateMs` (issue
 * "Robustness": a worker that hangs past a limit is stopped and replaced): generous, since the
 * estimate is this machine's rough figure, but in proportion, so a 50 ms evaluation that hangs
 * is stopped after 20 s rather than after many minutes.
 */
export function jobTimeLimitMs(estimateMs: number): number {
  const scaled = Number.isFinite(estimateMs)
    ? JOB_LIMIT_FACTOR * Math.max(0, estimateMs)
    : Infinity;
  return Math.round(Math.min(MAX_JOB_LIMIT_MS, Math.max(MIN_JOB_LIMIT_MS, scaled)));
}

/** Configurations estimated (src/core/cost.ts) to take longer than this are not computed ahead. */
export const LOOK_AHEAD_MAX_MS = 400;

/** Where the answer to a request came from. */
export type ResultSource = 'worker' | 'look-ahead' | 'cache';

export interface ComputationHooks {
  /**
   * called when a current-point result has been committed to the store, with the worker's own
   * time for it (ms, from the start of the evaluation to the spectrum or the whole result; 0 for
   * a result from the cache) and where it came from
   */
  onResult?: (workerMs: number, source: ResultSource) => void;
}

export interface ComputationOptions extends ComputationHooks {
  /** completed results kept by configuration (0: none; the default) */
  cacheSize?: number;
  /** compute the likely next configurations while the workers are idle (default false) */
  lookAhead?: boolean;
  /** a sweep starts after the parameters have been still this long (ms; default 0) */
  sweepQuietMs?: number;
  /**
   * Runs the look-ahead's start (default: at once). The page passes "after the next frame", so
   * the result just committed is drawn before a worker takes the other core.
   */
  afterFrame?: (run: () => void) => void;
  setTimeout?: (handler: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
  now?: () => number;
}

/** The running computation: stop it, or switch the look-ahead (the browser benchmark's cold run). */
export interface Computation {
  (): void;
  stop(): void;
  /**
   * Off: every request is computed from scratch (no look-ahead, no answers from the cache), as
   * the browser benchmark measures the cold path. On: as configured at the start.
   */
  setLookAhead(on: boolean): void;
}

/**
 * A stable key for a configuration (the newest-wins identity of a request, and the result
 * cache's key). Imported matrices enter by their content fingerprint, not as JSON text.
 */
export function configKey(config: GnConfig): string {
  return configJson(config);
}

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

/** A configuration being computed ahead of any request for it. */
interface AheadJob {
  key: string;
  promise: Promise<EvalResult>;
  abort: AbortController;
  /** a worker has it (a queued one is cancelled instead of adopted) */
  started: boolean;
}

/**
 * Starts the subscriptions; returns the computation, callable (or `.stop()`) to stop them and
 * cancel all work.
 */
export function startComputation(
  store: AppStore,
  pool: WorkerPool<EvaluateApi>,
  options: ComputationOptions = {},
): Computation {
  const hooks: ComputationHooks = options;
  const startTimer = options.setTimeout ?? ((h, ms) => globalThis.setTimeout(h, ms));
  const stopTimer =
    options.clearTimeout ?? ((id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>));
  const now = options.now ?? (() => performance.now());
  const sweepQuietMs = Math.max(0, options.sweepQuietMs ?? 0);
  const afterFrame = options.afterFrame ?? ((run: () => void) => run());
  const lookAheadConfigured = options.lookAhead ?? false;
  let lookAheadOn = lookAheadConfigured;
  let reuseOn = true;
  const results = new LruCache<EvalResult>(options.cacheSize ?? 0);

  let currentAbort: AbortController | null = null;
  let currentSettled = true;
  /** the configuration before the newest change, and the newest (for the look-ahead) */
  let previousParams: GnConfig | null = null;
  let latestParams: GnConfig | null = null;
  let lastChangeAt = -Infinity;
  let sweepTimer: unknown = null;
  let ahead: AheadJob | null = null;
  /** predicted configurations still to compute ahead, with their estimated ms */
  let aheadQueue: { config: GnConfig; key: string; ms: number }[] = [];
  let sweepAbort: AbortController | null = null;
  /** the plan waiting for the current point to finish */
  let pendingSweep: SweepPlan | null = null;
  /** key of the sweep that is pending, running or finished */
  let sweepKey: string | null = null;

  /** a long sweep waiting for the user's approval */
  let awaitingApproval: SweepPlan | null = null;

  function requestCurrent(params: GnConfig, key = configKey(params)): void {
    currentAbort?.abort();
    currentAbort = null;
    // The old predictions are for the old configuration; one already on a worker finishes (it is
    // short by construction) and fills the cache, one still queued is dropped.
    aheadQueue = [];
    const cached = reuseOn ? results.get(key) : undefined;
    if (cached) {
      cancelQueuedAhead();
      store.getState().beginCurrent(key);
      store.getState().commitCurrent(key, cached);
      hooks.onResult?.(0, 'cache');
      currentSettled = true;
      planSweep();
      afterSettled();
      return;
    }
    if (reuseOn && ahead && ahead.key === key && ahead.started) {
      adoptAhead(ahead, key);
      planSweep();
      return;
    }
    cancelQueuedAhead();
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
      hooks.onResult?.(partial.ms, 'worker');
      return true;
    };
    pool
      .submit((api) => api.evaluate(params, onSpectrum), {
        priority: CURRENT_PRIORITY,
        signal: abort.signal,
        timeLimitMs: jobTimeLimitMs(estimate.ms),
      })
      .then(
        (result) => {
          if (abort.signal.aborted) return;
          results.set(key, result);
          store.getState().commitCurrent(key, result);
          if (!shownSpectrum) hooks.onResult?.(result.ms, 'worker');
        },
        (error: unknown) => {
          if (abort.signal.aborted || isAbortError(error)) return;
          store.getState().failCurrent(key, messageOf(error));
        },
      )
      .finally(() => {
        if (currentAbort !== abort) return;
        currentSettled = true;
        afterSettled();
      });
    planSweep();
  }

  /** Answers the current request with the look-ahead job already computing it. */
  function adoptAhead(job: AheadJob, key: string): void {
    const abort = new AbortController();
    currentAbort = abort;
    currentSettled = false;
    store.getState().beginCurrent(key);
    job.promise
      .then(
        (result) => {
          if (abort.signal.aborted) return;
          store.getState().commitCurrent(key, result);
          hooks.onResult?.(result.ms, 'look-ahead');
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          store.getState().failCurrent(key, messageOf(error));
        },
      )
      .finally(() => {
        if (currentAbort !== abort) return;
        currentSettled = true;
        afterSettled();
      });
  }

  /** The current point is answered: predict the next request, then let the sweep go. */
  function afterSettled(): void {
    if (lookAheadOn && latestParams) {
      aheadQueue = [];
      for (const config of lookAheadConfigs(previousParams, latestParams)) {
        const key = configKey(config);
        if (results.has(key) || ahead?.key === key) continue;
        const estimate = estimateCost(config);
        if (estimate.level === 'interactive' && estimate.ms <= LOOK_AHEAD_MAX_MS)
          aheadQueue.push({ config, key, ms: estimate.ms });
      }
    }
    afterFrame(pumpAhead);
    startPendingSweep();
  }

  /** Computes the next predicted configuration, one at a time, only while nothing else waits. */
  function pumpAhead(): void {
    if (ahead || !currentSettled || !lookAheadOn) return;
    const next = aheadQueue.shift();
    if (!next) return;
    const { config, key } = next;
    const job: AheadJob = {
      key,
      abort: new AbortController(),
      started: false,
      promise: Promise.resolve(null as unknown as EvalResult),
    };
    job.promise = pool.submit(
      (api) => {
        job.started = true;
        return api.evaluate(config);
      },
      {
        priority: LOOK_AHEAD_PRIORITY,
        signal: job.abort.signal,
        timeLimitMs: jobTimeLimitMs(next.ms),
      },
    );
    ahead = job;
    job.promise.then(
      (result) => results.set(job.key, result),
      () => undefined,
    );
    job.promise
      .catch(() => undefined)
      .finally(() => {
        if (ahead !== job) return;
        ahead = null;
        pumpAhead();
      });
  }

  function cancelQueuedAhead(): void {
    if (ahead && !ahead.started) {
      ahead.abort.abort();
      ahead = null;
    }
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
    const wait = lastChangeAt + sweepQuietMs - now();
    if (wait > 0) {
      if (sweepTimer === null)
        sweepTimer = startTimer(() => {
          sweepTimer = null;
          startPendingSweep();
        }, wait);
      return;
    }
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
          timeLimitMs: jobTimeLimitMs(plan.pointMs[index] ?? Infinity),
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
      previousParams = latestParams;
      latestParams = params;
      lastChangeAt = now();
      requestCurrent(params, key);
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

  const stop = (): void => {
    stopParams();
    stopSweep();
    stopForce();
    stopApprove();
    stopPreview();
    currentAbort?.abort();
    sweepAbort?.abort();
    previewAbort?.abort();
    ahead?.abort.abort();
    ahead = null;
    aheadQueue = [];
    if (sweepTimer !== null) stopTimer(sweepTimer);
    sweepTimer = null;
  };
  return Object.assign(stop, {
    stop,
    setLookAhead: (on: boolean) => {
      lookAheadOn = on && lookAheadConfigured;
      reuseOn = on;
      if (!on) {
        aheadQueue = [];
        cancelQueuedAhead();
      }
    },
  });
}
