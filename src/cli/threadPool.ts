/**
 * A fixed pool of worker_threads evaluating configurations in parallel (CLI sweeps use every
 * core, issue "Speed"). Jobs are handed out as workers free up, so uneven job costs (a sweep
 * over depth) still balance.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { EvalResult, GnConfig } from '../core/types';

/** Outcome of one job: a result or the core's error message. */
export type JobOutcome =
  { result: EvalResult; error?: undefined } | { result?: undefined; error: string };

/** dist-node/sweep-worker.mjs, beside the bundled CLI. */
function workerPath(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), 'sweep-worker.mjs');
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Evaluates `configs` on `workers` threads; `onResult` is called as each finishes (any order).
 * Resolves with the outcomes in input order.
 */
export async function evaluateAll(
  configs: readonly GnConfig[],
  workers = defaultWorkerCount(),
  onResult?: (index: number, outcome: JobOutcome) => void,
): Promise<JobOutcome[]> {
  const count = Math.max(1, Math.min(workers, configs.length));
  const outcomes: JobOutcome[] = new Array<JobOutcome>(configs.length);
  let next = 0;
  const threads = Array.from({ length: count }, () => new Worker(workerPath()));
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolveThread, rejectThread) => {
            const dispatch = (): void => {
              if (next >= configs.length) {
                resolveThread();
                return;
              }
              const id = next++;
              thread.postMessage({ id, config: configs[id] });
            };
            thread.on('message', (msg: { id: number; result?: EvalResult; error?: string }) => {
              const outcome: JobOutcome =
                msg.error !== undefined ? { error: msg.error } : { result: msg.result! };
              outcomes[msg.id] = outcome;
              onResult?.(msg.id, outcome);
              dispatch();
            });
            thread.on('error', rejectThread);
            dispatch();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return outcomes;
}
