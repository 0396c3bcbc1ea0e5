/**
 * The real training worker (workers/train.worker.ts) behind a {@link TrainWorkerHandle}, through
 * the worker client (workerClient.ts): every call settles, so a reset that terminates the worker
 * never leaves a call hanging, and a worker that fails to load is reported instead of waited for.
 */
import type { TrainWorkerApi } from '../../workers/train.worker';
import type { TrainWorkerHandle } from './trainingController';
import { createWorkerClient } from './workerClient';

export function createTrainWorker(): TrainWorkerHandle {
  const client = createWorkerClient<TrainWorkerApi>(
    () =>
      new Worker(new URL('../../workers/train.worker.ts', import.meta.url), {
        type: 'module',
        name: 'train',
      }),
    { label: 'the training worker' },
  );
  return {
    api: {
      start: (id, config, settings) => client.call((remote) => remote.start(id, config, settings)),
      advance: (id, maxSteps, budgetMs) =>
        client.call((remote) => remote.advance(id, maxSteps, budgetMs)),
      stop: (id) => client.call((remote) => remote.stop(id)),
    },
    terminate: () => client.terminate(),
    isDead: () => client.isDead(),
  };
}
