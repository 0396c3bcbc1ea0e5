/**
 * The direction view's computation (docs/gn-math.md §12; docs/architecture.md §3): once the
 * current point is answered, its eigenvectors of λ_min⁺ and λ_max are computed by a worker's
 * `direction` call at the current point's priority, so it runs before look-ahead and sweep jobs
 * and never delays the spectrum. The newest request wins: a new configuration aborts the
 * direction in flight (its worker is stopped after the pool's grace time), and the store drops
 * an answer whose key is not the newest (src/state/slices/directionSlice.ts). Completed
 * directions are kept by key, so a step back answers at once.
 */
import { estimateCost } from '../core/cost';
import type { DirectionResult } from '../core/explain/direction';
import type { AppStore } from '../state/store';
import { CURRENT_PRIORITY, clockWith, configKey, jobTimeLimitMs, submitKeyed } from './jobs';
import type { Clock, EvaluateApi } from './jobs';
import { LruCache } from '../core/lruCache';
import type { WorkerPool } from './workerPool';

/** Directions kept by configuration key. */
export const DIRECTION_CACHE_SIZE = 8;

export interface DirectionRunnerOptions {
  /**
   * A direction starts only once the current point has been answered and still for this long
   * (ms; 0: at once), so a slider drag does not start (and abort) one per step.
   */
  quietMs?: number;
  clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
}

/** Starts computing directions as current points are answered; returns the function that stops it. */
export function startDirections(
  store: AppStore,
  pool: Pick<WorkerPool<EvaluateApi>, 'submit'>,
  options: DirectionRunnerOptions = {},
): () => void {
  const cache = new LruCache<DirectionResult>(DIRECTION_CACHE_SIZE);
  const quietMs = Math.max(0, options.quietMs ?? 0);
  const clock = clockWith(options.clock ?? {});
  let active: { key: string; abort: AbortController } | null = null;
  let timer: { key: string; id: unknown } | null = null;

  const cancelStale = (newest: string | null): void => {
    if (active && active.key !== newest) {
      active.abort.abort();
      active = null;
    }
    if (timer && timer.key !== newest) {
      clock.clearTimeout(timer.id);
      timer = null;
    }
  };

  /** The key of the answered current point whose direction is still to compute, else null. */
  const wanted = (): string | null => {
    const state = store.getState();
    const { current } = state;
    const key = current.requestKey;
    // only an answered current point (bounds included), and only the configuration shown now
    if (key === null || current.status !== 'idle' || current.resultKey !== key) return null;
    if (configKey(state.params) !== key || active?.key === key) return null;
    if (state.direction.resultKey === key && state.direction.status === 'idle') return null;
    return key;
  };

  const unsubscribe = store.subscribe(
    (s) => s.current,
    (current) => {
      cancelStale(current.requestKey);
      const key = wanted();
      if (key === null || timer?.key === key) return;
      if (quietMs === 0 || cache.has(key)) {
        start(key);
        return;
      }
      const id = clock.setTimeout(() => {
        timer = null;
        if (wanted() === key) start(key);
      }, quietMs);
      timer = { key, id };
    },
    { fireImmediately: true },
  );

  function start(key: string): void {
    const state = store.getState();
    state.beginDirection(key);
    const cached = cache.get(key);
    if (cached) {
      state.commitDirection(key, cached);
      return;
    }
    const abort = new AbortController();
    active = { key, abort };
    const params = state.params;
    void submitKeyed(
      pool,
      (api) => api.direction(params),
      key,
      abort,
      // the matrix build as estimated, and the eigenvector reduction on top of it
      { priority: CURRENT_PRIORITY, timeLimitMs: jobTimeLimitMs(2 * estimateCost(params).ms) },
      { cache, commit: state.commitDirection, fail: state.failDirection },
    ).finally(() => {
      if (active?.abort === abort) active = null;
    });
  }

  return () => {
    unsubscribe();
    active?.abort.abort();
    active = null;
    if (timer) clock.clearTimeout(timer.id);
    timer = null;
  };
}
