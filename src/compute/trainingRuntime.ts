/**
 * The page's training controller, created on first use with the page's store and the real
 * training worker. Before the first play there is no run to reset, so creating it lazily (when
 * the panel is first used) behaves exactly like creating it at start-up, and a page that never
 * trains never starts a training worker.
 */
import { appStore } from '../state/store';
import { createTrainWorker } from './trainClient';
import { TrainingController } from './trainingController';

let controller: TrainingController | null = null;

export function trainingController(): TrainingController {
  controller ??= new TrainingController(appStore, createTrainWorker);
  return controller;
}
