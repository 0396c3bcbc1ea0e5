/**
 * A fixed pool of worker_threads evaluating configurations in parallel (CLI sweeps use every
 * core, issue "Speed"). Jobs are handed out as threads free up, so uneven job costs (a sweep
 * over depth) still balance. Each thread keeps its own data cache and warm JIT between runs.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { EvalResult, GnConfig } from '../core/types';

/** Outcome of one job: a result or the core's error message. */
export type JobOutcome =
  { result: EvalResult; error?: undefined } | { result?: undefined; error: string };

type Reply = { id: number; result?: EvalResult; error?: string };

/** dist-node/sweep-worker.mjs, beside the bundled CLI. */
function workerPath(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), 'sweep-worker.mjs');
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export class ThreadPool {
  private readonly threads: Worker[];

  constructor(size = defaultWorkerCount()) {
    this.threads = Array.from({ length: Math.max(1, size) }, () => new Worker(workerPath()));
  }

  get size(): number {
    return this.threads.length;
  }

  /**
   * Evaluates `configs`; `onResult` is called as each finishes (any order). Resolves with the
   * outcomes in input order. One run at a time per pool.
   */
  async run(
    configs: readonly GnConfig[],
    onResult?: (index: number, outcome: JobOutcome) => void,
  ): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = new Array<JobOutcome>(configs.length);
    let next = 0;
    await Promise.all(
      this.threads.map(
        (thread) =>
          new Promise<void>((resolveThread, rejectThread) => {
            const onMessage = (msg: Reply): void => {
              const outcome: JobOutcome =
                msg.error !== undefined ? { error: msg.error } : { result: msg.result! };
              outcomes[msg.id] = outcome;
              onResult?.(msg.id, outcome);
              dispatch();
            };
            const onError = (e: Error): void => {
              thread.off('message', onMessage);
              rejectThread(e);
            };
            const dispatch = (): void => {
              if (next >= configs.length) {
                thread.off('message', onMessage);
                thread.off('error', onError);
                resolveThread();
                return;
              }
              const id = next++;
              thread.postMessage({ id, config: configs[id] });
            };
            thread.on('message', onMessage);
            thread.on('error', onError);
            dispatch();
          }),
      ),
    );
    return outcomes;
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}

/** Evaluates `configs` on a fresh pool of `workers` threads, then closes it. */
export async function evaluateAll(
  configs: readonly GnConfig[],
  workers = defaultWorkerCount(),
  onResult?: (index: number, outcome: JobOutcome) => void,
): Promise<JobOutcome[]> {
  const pool = new ThreadPool(Math.max(1, Math.min(workers, configs.length)));
  try {
    return await pool.run(configs, onResult);
  } finally {
    await pool.close();
  }
}
