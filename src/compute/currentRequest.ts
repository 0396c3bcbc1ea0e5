/**
 * The current point (docs/architecture.md §3): the configuration the page shows. The
 * newest request wins: a newer one aborts the older (its worker is stopped after the pool's
 * grace time) and the store drops any answer whose key is not the newest. κ and the histogram
 * are committed as soon as the worker streams the spectrum; the bounds follow. Each job gets a
 * time limit from the size guard's estimate ({@link jobTimeLimitMs}).
 *
 * Size guard (src/core/cost.ts): a point that would not be interactive is not sent until the
 * user says so (`forceCurrent`); one that would exhaust the browser is never sent.
 */
import { estimateCost } from '../core/cost';
import type { EvalResult, GnConfig, JobProgress } from '../core/types';
import { suggestedSamples } from '../model/sizeGuard';
import type { AppStore } from '../state/store';
import { CURRENT_PRIORITY, jobTimeLimitMs } from './jobs';
import type { ComputationHooks, EvaluateApi } from './jobs';
import type { LookAheadRunner } from './lookAheadRunner';
import type { LruCache } from '../core/lruCache';
import { errorMessage, isAbortError } from './workerPool';
import type { WorkerPool } from './workerPool';

/**
 * How a request was answered: at once from the cache, by adopting the look-ahead job computing
 * it, held back by the size guard (nothing runs), or sent to a worker.
 */
export type RequestOutcome = 'cache' | 'adopted' | 'held' | 'sent';

/** Jobs estimated at least this long show their progress (the brief: anything over ~300 ms). */
export const PROGRESS_MIN_ESTIMATE_MS = 300;

export interface CurrentRequestDeps {
  store: AppStore;
  pool: Pick<WorkerPool<EvaluateApi>, 'submit'>;
  results: LruCache<EvalResult>;
  lookAhead: LookAheadRunner;
  hooks: ComputationHooks;
  /** answers may come from the cache and the look-ahead (off: every request from scratch) */
  reuse: () => boolean;
  /** a request sent to a worker (or adopted) is answered, failed or not */
  onSettled: () => void;
}

export class CurrentRequest {
  private active: AbortController | null = null;
  private answered = true;

  constructor(private readonly deps: CurrentRequestDeps) {}

  /** Nothing runs for the current point (answered, failed, or held back). */
  get settled(): boolean {
    return this.answered;
  }

  /** Asks for `params` (key `key`), superseding any older request. */
  request(params: GnConfig, key: string): RequestOutcome {
    const { store, results, lookAhead } = this.deps;
    this.active?.abort();
    this.active = null;
    // The old predictions are for the old configuration; one already on a worker finishes (it is
    // short by construction) and fills the cache, one still queued is dropped.
    lookAhead.clearQueue();
    const reuse = this.deps.reuse();
    const cached = reuse ? results.get(key) : undefined;
    if (cached) {
      lookAhead.cancelQueued();
      store.getState().beginCurrent(key);
      store.getState().commitCurrent(key, cached);
      this.deps.hooks.onResult?.(0, 'cache');
      this.answered = true;
      return 'cache';
    }
    const ahead = reuse ? lookAhead.running(key) : null;
    if (ahead) {
      this.follow(key, ahead);
      return 'adopted';
    }
    lookAhead.cancelQueued();
    const estimate = estimateCost(params);
    const forced = estimate.level === 'confirm' && store.getState().forcedKey === key;
    if (estimate.level !== 'interactive' && !forced) {
      this.answered = true;
      store.getState().guardCurrent({ key, estimate, suggestedN: suggestedSamples(params) });
      return 'held';
    }
    this.send(params, key, estimate.ms);
    return 'sent';
  }

  /** Cancels the request in flight. */
  stop(): void {
    this.active?.abort();
    this.active = null;
  }

  private begin(key: string): AbortController {
    const abort = new AbortController();
    this.active = abort;
    this.answered = false;
    this.deps.store.getState().beginCurrent(key);
    return abort;
  }

  /** Marks the request answered, unless a newer one took its place. */
  private finish(abort: AbortController): void {
    if (this.active !== abort) return;
    this.answered = true;
    this.deps.onSettled();
  }

  private send(params: GnConfig, key: string, estimateMs: number): void {
    const { store, hooks, results } = this.deps;
    const timeLimitMs = jobTimeLimitMs(estimateMs);
    const abort = this.begin(key);
    let shownSpectrum = false;
    const onSpectrum = (partial: EvalResult): boolean => {
      if (abort.signal.aborted || this.active !== abort) return false; // superseded
      shownSpectrum = true;
      store.getState().commitSpectrum(key, partial);
      hooks.onResult?.(partial.ms, 'worker');
      return true;
    };
    // Large jobs report where they are (docs/gn-math.md §13); the store keeps the newest only.
    // A slider step's job is over before a bar could be read: it reports nothing, so the page
    // does not insert and remove a progress bar on every step.
    const onProgress =
      estimateMs >= PROGRESS_MIN_ESTIMATE_MS
        ? (progress: JobProgress): void => {
            if (abort.signal.aborted || this.active !== abort) return;
            store.getState().progressCurrent(key, progress, performance.now());
          }
        : undefined;
    this.deps.pool
      .submit((api) => api.evaluate(params, onSpectrum, onProgress), {
        priority: CURRENT_PRIORITY,
        signal: abort.signal,
        timeLimitMs,
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
          store.getState().failCurrent(key, errorMessage(error));
        },
      )
      .finally(() => this.finish(abort));
  }

  /** Answers the request with the look-ahead job already computing it (it fills the cache). */
  private follow(key: string, job: Promise<EvalResult>): void {
    const { store, hooks } = this.deps;
    const abort = this.begin(key);
    job
      .then(
        (result) => {
          if (abort.signal.aborted) return;
          store.getState().commitCurrent(key, result);
          hooks.onResult?.(result.ms, 'look-ahead');
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          store.getState().failCurrent(key, errorMessage(error));
        },
      )
      .finally(() => this.finish(abort));
  }
}
