/**
 * The training panel's only comlink user: the real training worker (workers/train.worker.ts)
 * behind a {@link TrainWorkerHandle}. comlink never settles a call whose worker died or was
 * terminated, so every call races a promise that rejects then: a reset never leaves a call
 * hanging, and a worker that fails to load is reported instead of waited for.
 */
import { wrap } from 'comlink';
import type { TrainWorkerApi } from '../../workers/train.worker';
import type { TrainWorkerHandle } from './trainingController';

export function createTrainWorker(): TrainWorkerHandle {
  const worker = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), {
    type: 'module',
    name: 'train',
  });
  const remote = wrap<TrainWorkerApi>(worker);
  let dead = false;
  let reject: (error: Error) => void = () => undefined;
  const ended = new Promise<never>((_, r) => {
    reject = r;
  });
  const fail = (error: Error) => {
    dead = true;
    reject(error);
  };
  ended.catch(() => undefined);
  worker.addEventListener('error', (event) =>
    fail(new Error(`the training worker stopped: ${event.message || 'it could not start'}`)),
  );
  worker.addEventListener('messageerror', () =>
    fail(new Error('the training worker stopped: a message could not be read')),
  );
  const guard = <T>(call: Promise<T>): Promise<T> => Promise.race([call, ended]);
  return {
    api: {
      start: (id, config, settings) => guard(remote.start(id, config, settings)),
      advance: (id, maxSteps, budgetMs) => guard(remote.advance(id, maxSteps, budgetMs)),
      stop: (id) => guard(remote.stop(id)),
    },
    terminate: () => {
      worker.terminate();
      fail(new Error('training worker terminated'));
    },
    isDead: () => dead,
  };
}
