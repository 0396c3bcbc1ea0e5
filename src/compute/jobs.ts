/**
 * What every evaluation job shares (docs/architecture.md §3): the API a GN worker offers,
 * the pool priorities, the time limit from the size guard's estimate, the key of a request, and
 * the timers the orchestrator's parts take (injected by tests).
 */
import { configJson } from '../core/fingerprint';
import type { ImageSource } from '../core/data/images';
import type { DirectionResult } from '../core/explain/direction';
import type { ExplainResult } from '../core/explain/explain';
import type { EvalResult, GnConfig, JobProgress } from '../core/types';
import type { BriefResult, DatasetPreview } from '../state/slices/resultsSlice';
import type { LruCache } from '../core/lruCache';
import { errorMessage, isAbortError } from './workerPool';
import type { WorkerPool } from './workerPool';

/** What the orchestrator needs from a worker. */
export interface EvaluateApi {
  /**
   * `onSpectrum` receives κ and the spectrum before the bounds are computed and answers whether
   * the configuration is still wanted (false: the worker skips the bounds; the answer is then
   * the partial result, which the page ignores).
   */
  evaluate(
    config: GnConfig,
    onSpectrum?: (partial: EvalResult) => boolean,
    onProgress?: (progress: JobProgress) => void,
  ): Promise<EvalResult>;
  /** κ and the bounds only (sweep points) */
  evaluateBrief(config: GnConfig): Promise<BriefResult>;
  datasetPreview(source: ImageSource, count: number): Promise<Omit<DatasetPreview, 'source'>>;
  /** the explanation views of one configuration (the current point, after its result) */
  explain(config: GnConfig): Promise<ExplainResult>;
  /** the eigenvectors of λ_min⁺ and λ_max mapped back to the network (docs/gn-math.md §12) */
  direction(config: GnConfig): Promise<DirectionResult>;
  warmUp(): Promise<number>;
}

export const CURRENT_PRIORITY = 0;
export const LOOK_AHEAD_PRIORITY = 1;
export const SWEEP_PRIORITY = 2;
/** The explanation of the current point: after the current point, before the sweep. */
export const EXPLAIN_PRIORITY = LOOK_AHEAD_PRIORITY;

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

/**
 * A stable key for a configuration (the newest-wins identity of a request, and the result
 * cache's key). Imported matrices enter by their content fingerprint, not as JSON text.
 */
export function configKey(config: GnConfig): string {
  return configJson(config);
}

/** Timers and the clock (the page's by default; tests pass their own). */
export interface Clock {
  setTimeout: (handler: () => void, ms: number) => unknown;
  clearTimeout: (id: unknown) => void;
  now: () => number;
}

export function clockWith(overrides: Partial<Clock>): Clock {
  return {
    setTimeout: overrides.setTimeout ?? ((h, ms) => globalThis.setTimeout(h, ms)),
    clearTimeout:
      overrides.clearTimeout ??
      ((id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>)),
    now: overrides.now ?? (() => performance.now()),
  };
}

/** Where a keyed job of the current point's views (the explanation, the direction) reports. */
export interface KeyedJobSinks<T> {
  cache: LruCache<T>;
  commit: (key: string, result: T) => void;
  fail: (key: string, message: string) => void;
}

/**
 * Runs `call` on the pool for configuration `key`: its answer goes into the cache and to
 * `commit`, an error to `fail`, unless `abort` fired first (the configuration changed). Resolves
 * once the job settled, whatever the outcome.
 */
export function submitKeyed<T>(
  pool: Pick<WorkerPool<EvaluateApi>, 'submit'>,
  call: (api: EvaluateApi) => Promise<T>,
  key: string,
  abort: AbortController,
  limits: { priority: number; timeLimitMs: number },
  sinks: KeyedJobSinks<T>,
): Promise<void> {
  return pool.submit(call, { ...limits, signal: abort.signal }).then(
    (result) => {
      if (abort.signal.aborted) return;
      sinks.cache.set(key, result);
      sinks.commit(key, result);
    },
    (error: unknown) => {
      if (abort.signal.aborted || isAbortError(error)) return;
      sinks.fail(key, errorMessage(error));
    },
  );
}
