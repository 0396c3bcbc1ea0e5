/**
 * The look-ahead (issue "Speed"): while the workers are idle, the likely next configurations
 * (src/model/lookAhead.ts: the last slider step continued, then undone) are computed one at a
 * time, at a priority between the current point and the sweep, into the result cache. A request
 * for the configuration a worker is computing ahead adopts that job (see currentRequest.ts).
 */
import { estimateCost } from '../core/cost';
import type { EvalResult, GnConfig } from '../core/types';
import { lookAheadConfigs } from '../model/lookAhead';
import { LOOK_AHEAD_PRIORITY, configKey, jobTimeLimitMs } from './jobs';
import type { EvaluateApi } from './jobs';
import type { LruCache } from '../core/lruCache';
import type { WorkerPool } from './workerPool';

/** Configurations estimated (src/core/cost.ts) to take longer than this are not computed ahead. */
export const LOOK_AHEAD_MAX_MS = 400;

/** A configuration being computed ahead of any request for it. */
interface AheadJob {
  key: string;
  promise: Promise<EvalResult>;
  abort: AbortController;
  /** a worker has it (a queued one is cancelled instead of adopted) */
  started: boolean;
}

/** A predicted configuration still to compute, with its key and estimate (computed once). */
interface Prediction {
  config: GnConfig;
  key: string;
  ms: number;
}

export interface LookAheadDeps {
  pool: Pick<WorkerPool<EvaluateApi>, 'submit'>;
  results: LruCache<EvalResult>;
  /** nothing else waits: the current point is answered */
  idle: () => boolean;
  /** compute ahead at all (the page's setting; off for tests and the CLI-like cold runs) */
  configured: boolean;
}

export class LookAheadRunner {
  private job: AheadJob | null = null;
  private queue: Prediction[] = [];
  private enabled: boolean;

  constructor(private readonly deps: LookAheadDeps) {
    this.enabled = deps.configured;
  }

  /** The result of the job a worker is computing ahead for `key`, if any. */
  running(key: string): Promise<EvalResult> | null {
    const job = this.job;
    return job && job.key === key && job.started ? job.promise : null;
  }

  /** Forgets the predictions (they were for an older configuration). */
  clearQueue(): void {
    this.queue = [];
  }

  /** Drops the job waiting for a worker; one a worker has finishes into the cache. */
  cancelQueued(): void {
    if (this.job && !this.job.started) {
      this.job.abort.abort();
      this.job = null;
    }
  }

  /** Replaces the predictions by those after the change `previous` → `latest`. */
  predict(previous: GnConfig | null, latest: GnConfig): void {
    if (!this.enabled) return;
    this.queue = [];
    for (const config of lookAheadConfigs(previous, latest)) {
      const key = configKey(config);
      if (this.deps.results.has(key) || this.job?.key === key) continue;
      const estimate = estimateCost(config);
      if (estimate.level === 'interactive' && estimate.ms <= LOOK_AHEAD_MAX_MS)
        this.queue.push({ config, key, ms: estimate.ms });
    }
  }

  /** Computes the next prediction, one at a time, only while nothing else waits. */
  pump(): void {
    if (this.job || !this.deps.idle() || !this.enabled) return;
    const next = this.queue.shift();
    if (!next) return;
    const { config, key } = next;
    const job: AheadJob = {
      key,
      abort: new AbortController(),
      started: false,
      promise: Promise.resolve(null as unknown as EvalResult),
    };
    job.promise = this.deps.pool.submit(
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
    this.job = job;
    job.promise.then(
      (result) => this.deps.results.set(job.key, result),
      () => undefined,
    );
    job.promise
      .catch(() => undefined)
      .finally(() => {
        if (this.job !== job) return;
        this.job = null;
        this.pump();
      });
  }

  /** On: as configured. Off: nothing is computed ahead (queued work is dropped). */
  setEnabled(on: boolean): void {
    this.enabled = on && this.deps.configured;
    if (!on) {
      this.queue = [];
      this.cancelQueued();
    }
  }

  stop(): void {
    this.job?.abort.abort();
    this.job = null;
    this.queue = [];
  }
}
