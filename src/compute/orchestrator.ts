/**
 * Computation, orchestrated outside React (docs/architecture.md §3): params change → the
 * current point goes to the pool first (currentRequest.ts, priority 0), then the sweep
 * (sweepRunner.ts, one `evaluateBrief` job per (series, point, seed)); while the workers are
 * idle the likely next configurations are computed ahead (lookAheadRunner.ts), and image data
 * get thumbnails (previews.ts), and answered points their directions (directionRunner.ts). Results stream into the store. This module only wires them to
 * the store's subscriptions:
 *
 * - the current point is answered → predict the next request, then let the sweep go;
 * - a new configuration → the current request, then the sweep's plan (kept if unchanged);
 * - new sweep settings → a new plan; an approval → the long sweep waiting for it;
 * - "compute anyway" for the point the size guard held back → the current request again;
 * - the current point answered → its explanation (explainRunner.ts, when `explain` is on).
 *
 * Completed results are kept by key (a step back answers at once, issue "Speed").
 */
import type { ExplainResult } from '../core/explain/explain';
import type { EvalResult, GnConfig } from '../core/types';
import { selectParams, selectSweepSettings } from '../state/selectors';
import type { AppStore } from '../state/store';
import { CurrentRequest } from './currentRequest';
import { ExplainRunner } from './explainRunner';
import { startDirections } from './directionRunner';
import { clockWith, configKey } from './jobs';
import type { Clock, ComputationHooks, EvaluateApi } from './jobs';
import { LookAheadRunner } from './lookAheadRunner';
import { startPreviews } from './previews';
import { LruCache } from '../core/lruCache';
import { SweepRunner } from './sweepRunner';
import type { WorkerPool } from './workerPool';

export {
  CURRENT_PRIORITY,
  EXPLAIN_PRIORITY,
  JOB_LIMIT_FACTOR,
  LOOK_AHEAD_PRIORITY,
  MAX_JOB_LIMIT_MS,
  MIN_JOB_LIMIT_MS,
  SWEEP_PRIORITY,
  configKey,
  jobTimeLimitMs,
} from './jobs';
export type { ComputationHooks, EvaluateApi, ResultSource } from './jobs';
export { LOOK_AHEAD_MAX_MS } from './lookAheadRunner';
export { PREVIEW_COUNT } from './previews';

export interface ComputationOptions extends ComputationHooks, Partial<Clock> {
  /** completed results kept by configuration (0: none; the default) */
  cacheSize?: number;
  /** compute the likely next configurations while the workers are idle (default false) */
  lookAhead?: boolean;
  /** explain each answered current point (which layer limits κ, the predicted spectrum; default false) */
  explain?: boolean;
  /** a sweep starts after the parameters have been still this long (ms; default 0) */
  sweepQuietMs?: number;
  /**
   * Runs the look-ahead's start and the explanation's submission (default: at once). The page
   * passes "after the next frame", so the result just committed is drawn before a worker takes
   * the other core.
   */
  afterFrame?: (run: () => void) => void;
  /** compute the direction view's eigenvectors once each current point is answered (default false) */
  directions?: boolean;
  /** a direction starts after the answered point has been still this long (ms; default 0) */
  directionQuietMs?: number;
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
 * Starts the subscriptions; returns the computation, callable (or `.stop()`) to stop them and
 * cancel all work.
 */
/**
 * The size guard's two buttons: "Compute anyway" sends the held request, Cancel stops a forced
 * one and hands it back to the guard (forcedKey is cleared by the store).
 */
function guardSubscriptions(
  store: AppStore,
  request: (params: GnConfig, key: string) => void,
  stopCurrent: () => void,
): (() => void)[] {
  return [
    store.subscribe(
      (s) => s.forcedKey,
      (forcedKey) => {
        const { params, current: shown } = store.getState();
        const key = configKey(params);
        if (forcedKey !== null && shown.guard?.key === forcedKey && key === forcedKey)
          request(params, key);
      },
    ),
    store.subscribe(
      (s) => s.cancelledKey,
      (cancelled) => {
        const { params } = store.getState();
        const key = configKey(params);
        if (cancelled !== null && key === cancelled) {
          stopCurrent();
          request(params, key);
        }
      },
    ),
  ];
}

export function startComputation(
  store: AppStore,
  pool: WorkerPool<EvaluateApi>,
  options: ComputationOptions = {},
): Computation {
  const clock = clockWith(options);
  const afterFrame = options.afterFrame ?? ((run: () => void) => run());
  const results = new LruCache<EvalResult>(options.cacheSize ?? 0);
  /** the configuration before the newest change, the newest, its key, and when it came */
  const change = {
    previous: null as GnConfig | null,
    latest: null as GnConfig | null,
    key: null as string | null,
    at: -Infinity,
  };
  let reuse = true;

  const lookAhead = new LookAheadRunner({
    pool,
    results,
    idle: () => current.settled,
    configured: options.lookAhead ?? false,
  });
  const current: CurrentRequest = new CurrentRequest({
    store,
    pool,
    results,
    lookAhead,
    hooks: options,
    reuse: () => reuse,
    onSettled: afterSettled,
  });
  const explainer = options.explain
    ? new ExplainRunner({
        store,
        pool,
        results: new LruCache<ExplainResult>(options.cacheSize ?? 0),
        afterFrame,
      })
    : null;
  const sweep = new SweepRunner({
    store,
    pool,
    currentSettled: () => current.settled,
    lastChangeAt: () => change.at,
    quietMs: Math.max(0, options.sweepQuietMs ?? 0),
    clock,
  });

  /** The current point is answered: predict the next request, then let the sweep go. */
  function afterSettled(): void {
    if (change.latest && change.key) explainer?.request(change.latest, change.key);
    if (change.latest) lookAhead.predict(change.previous, change.latest);
    afterFrame(() => lookAhead.pump());
    sweep.tryStart();
  }

  function request(params: GnConfig, key: string): void {
    const outcome = current.request(params, key);
    // after the new request is queued, so the slot the old explanation frees goes to it
    explainer?.stop();
    sweep.plan();
    if (outcome === 'cache') afterSettled();
    // Held back: nothing runs, so the sweep (whose points have their own guard) may go.
    else if (outcome === 'held') sweep.tryStart();
  }

  const unsubscribe = [
    store.subscribe(
      selectParams,
      (params) => {
        // Actions build new objects even for an unchanged value (e.g. a slider at its end).
        const key = configKey(params);
        if (key === change.key) return;
        Object.assign(change, { previous: change.latest, latest: params, key, at: clock.now() });
        request(params, key);
      },
      { fireImmediately: true },
    ),
    store.subscribe(selectSweepSettings, () => sweep.plan()),
    ...guardSubscriptions(store, request, () => current.stop()),
    store.subscribe(
      (s) => s.approvedSweepKey,
      (approved) => sweep.approve(approved),
    ),
    startPreviews(store, pool),
    ...(options.directions
      ? [startDirections(store, pool, { quietMs: options.directionQuietMs ?? 0, clock })]
      : []),
  ];

  const stop = (): void => {
    for (const off of unsubscribe) off();
    current.stop();
    explainer?.stop();
    sweep.stop();
    lookAhead.stop();
  };
  return Object.assign(stop, {
    stop,
    setLookAhead: (on: boolean) => {
      reuse = on;
      lookAhead.setEnabled(on);
    },
  });
}
