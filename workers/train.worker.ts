/**
 * The training worker: a thin comlink adapter over src/core/gn/train.ts. Stateful by design
 * (documented): it keeps the runs the page started, keyed by the page's run id, so a run can be
 * played, paused, stepped and resumed in chunks while the page stays responsive. `stop` frees one.
 */
import * as Comlink from 'comlink';
import { DataCache } from '../src/core/data/synthetic';
import { ensureImages, workerImages } from './imageLoader';
import { Trainer, type TrainRecord, type TrainSettings } from '../src/core/gn/train';
import { installFastestKernel } from '../src/core/linalg/kernels';
import type { GnConfig } from '../src/core/types';

installFastestKernel();

const runs = new Map<number, Trainer>();

function now(): number {
  return performance.now();
}

const api = {
  /** Starts run `id` (replacing one with the same id); returns step 0 and the planned step count. */
  async start(
    id: number,
    config: GnConfig,
    settings: TrainSettings,
  ): Promise<{ first: TrainRecord; totalSteps: number }> {
    await ensureImages(config);
    const trainer = new Trainer(config, settings, {
      cache: new DataCache(1, workerImages),
      images: workerImages, // the one-hot labels of image data come from here
    });
    runs.set(id, trainer);
    return { first: trainer.records[0]!, totalSteps: trainer.totalSteps };
  },
  /**
   * Advances run `id` by at most `maxSteps` steps or about `budgetMs` of work, whichever comes
   * first, and returns the records made meanwhile.
   */
  advance(
    id: number,
    maxSteps: number,
    budgetMs = 150,
  ): { records: TrainRecord[]; step: number; epoch: number; done: boolean } {
    const trainer = runs.get(id);
    if (!trainer) throw new Error(`no training run ${id} (it was stopped or never started)`);
    const t0 = now();
    const records: TrainRecord[] = [];
    let left = maxSteps;
    while (left > 0 && !trainer.done && now() - t0 < budgetMs) {
      records.push(...trainer.advance(1));
      left--;
    }
    return { records, step: trainer.step, epoch: trainer.epoch, done: trainer.done };
  },
  /** The current weights of run `id` (for export or "evaluate here"). */
  weights(id: number): number[][][] {
    const trainer = runs.get(id);
    if (!trainer) throw new Error(`no training run ${id}`);
    return trainer.weights();
  },
  stop(id: number): boolean {
    return runs.delete(id);
  },
};

export type TrainWorkerApi = typeof api;

Comlink.expose(api, self as unknown as Comlink.Endpoint);
