/**
 * The only place that talks comlink: real GN workers for the pool. Everything else sees a
 * {@link WorkerPool} of plain async functions ({@link EvaluateApi}).
 */
import { proxy, wrap } from 'comlink';
import type { GnWorkerApi } from '../../workers/gn.worker';
import type { EvaluateApi } from './orchestrator';
import { WorkerPool } from './workerPool';
import type { PoolWorker } from './workerPool';

/** Up to this many workers; more would fight the page for cores and memory. */
export const MAX_POOL_SIZE = 4;
/** An aborted job's worker may finish within this time (and stay warm) before it is replaced. */
export const ABORT_GRACE_MS = 150;
/**
 * The pool's fallback time limit, for jobs without an estimate (thumbnails, warm-up). Jobs the
 * orchestrator sends carry their own limit from the size guard's estimate ({@link
 * jobTimeLimitMs}); a hung or runaway worker is stopped and replaced either way.
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

function createGnWorker(): PoolWorker<EvaluateApi> {
  const worker = new Worker(new URL('../../workers/gn.worker.ts', import.meta.url), {
    type: 'module',
    name: 'gn',
  });
  const remote = wrap<GnWorkerApi>(worker);
  // comlink never settles a call whose worker died (failed to load, ran out of memory): race
  // every call against the worker's error event so the page reports it instead of waiting.
  let dead = false;
  const died = new Promise<never>((_, reject) => {
    const fail = (detail: string) => {
      dead = true;
      reject(new Error(`the computation worker stopped: ${detail}`));
    };
    worker.addEventListener('error', (event) => fail(event.message || 'it could not start'));
    worker.addEventListener('messageerror', () => fail('a message could not be read'));
  });
  died.catch(() => undefined);
  return {
    api: {
      evaluate: (config, onSpectrum) =>
        Promise.race([remote.evaluate(config, onSpectrum ? proxy(onSpectrum) : undefined), died]),
      evaluateBrief: (config) => Promise.race([remote.evaluateBrief(config), died]),
      datasetPreview: (source, count) => Promise.race([remote.datasetPreview(source, count), died]),
      warmUp: () => Promise.race([remote.warmUp(), died]),
    },
    terminate: () => worker.terminate(),
    isDead: () => dead,
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
