/**
 * Real GN workers for the pool, each behind the worker client (workerClient.ts, the only comlink
 * user). Everything else sees a {@link WorkerPool} of plain async functions ({@link EvaluateApi}).
 */
import type { GnWorkerApi } from '../../workers/gn.worker';
import type { DirectionResult } from '../core/explain/direction';
import type { EvaluateApi } from './jobs';
import { createWorkerClient, remoteCallback } from './workerClient';
import { WorkerPool } from './workerPool';
import type { PoolWorker } from './workerPool';

/** Up to this many workers; more would fight the page for cores and memory. */
export const MAX_POOL_SIZE = 4;
/** An aborted job's worker may finish within this time (and stay warm) before it is replaced. */
export const ABORT_GRACE_MS = 150;
/**
 * The pool's fallback time limit, for jobs without an estimate (thumbnails, warm-up). Jobs the
 * orchestrator sends carry their own limit from the size guard's estimate (`jobTimeLimitMs`,
 * jobs.ts); a hung or runaway worker is stopped and replaced either way.
 */
export const JOB_TIME_LIMIT_MS = 2 * 60_000;

/** navigator.hardwareConcurrency clamped to [1, MAX_POOL_SIZE]. */
export function poolSizeFor(hardwareConcurrency: number | undefined): number {
  const cores =
    hardwareConcurrency !== undefined && Number.isFinite(hardwareConcurrency)
      ? Math.floor(hardwareConcurrency)
      : 1;
  return Math.min(MAX_POOL_SIZE, Math.max(1, cores));
}

/** One GN worker for the pool (workers/gn.worker.ts behind the worker client). */
export function createGnWorker(): PoolWorker<EvaluateApi> {
  const client = createWorkerClient<GnWorkerApi>(
    () =>
      new Worker(new URL('../../workers/gn.worker.ts', import.meta.url), {
        type: 'module',
        name: 'gn',
      }),
    { label: 'the computation worker' },
  );
  // No signal or limit here: the pool owns cancellation (with its grace time) and time limits,
  // and terminates the worker through `terminate`.
  return {
    api: {
      evaluate: (config, onSpectrum, onProgress) =>
        client.call((remote) =>
          remote.evaluate(
            config,
            onSpectrum ? remoteCallback(onSpectrum) : undefined,
            onProgress ? remoteCallback(onProgress) : undefined,
          ),
        ),
      evaluateBrief: (config) => client.call((remote) => remote.evaluateBrief(config)),
      datasetPreview: (source, count) =>
        client.call((remote) => remote.datasetPreview(source, count)),
      direction: (config) => client.call<DirectionResult>((remote) => remote.direction(config)),
      warmUp: () => client.call((remote) => remote.warmUp()),
      explain: (config) => client.call((remote) => remote.explain(config)),
    },
    terminate: () => client.terminate(),
    isDead: () => client.isDead(),
  };
}

export function createGnPool(): WorkerPool<EvaluateApi> {
  const size = poolSizeFor(navigator.hardwareConcurrency);
  return new WorkerPool(createGnWorker, {
    size,
    abortGraceMs: ABORT_GRACE_MS,
    timeLimitMs: JOB_TIME_LIMIT_MS,
    // With 3+ workers one stays free for the current point, so a slider drag never waits for
    // sweep jobs; with 2 the sweep would halve its speed for it, so there it may use both.
    reservedSlots: size >= 3 ? 1 : 0,
  });
}
