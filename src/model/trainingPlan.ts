/**
 * What a training view asks for, before anything runs: the runs (one, or one per compared
 * value), the core's settings, whether the network can be trained, what the targets are, and
 * what it will cost. Pure.
 */
import { IMAGE_DATASETS, isImageSource } from '../core/data/images';
import { estimateCost } from '../core/cost';
import type { TrainSettings } from '../core/gn/train';
import type { GnConfig } from '../core/types';
import { applyTrainCompare, trainRunLabel } from './trainCodec';
import type { TrainingSettingsView, TrainingView } from './trainCodec';

export interface PlannedRun {
  /** stable id within a plan (`main`, or `<kind>:<token>`) */
  key: string;
  /** legend text ('' for the single run) */
  label: string;
  config: GnConfig;
}

/** More records than this would hold too many spectra in memory: record less often. */
export const MAX_RECORDS = 2000;
/**
 * Dense products and back-propagation in TypeScript, flops per ms: measured for the training
 * step of the landing network in a Chromium worker on a 2-core machine (≈ 0.5 GFlop/s; the
 * training loops in src/core/gn/train.ts are plain, not blocked).
 */
export const TRAIN_FLOPS_PER_MS = 5e5;
/** Above this total estimate the panel says the run is long (it can still be paused). */
export const LONG_RUN_MS = 5 * 60 * 1000;

/** The runs of a view: the configuration itself, or one variant per compared value. */
export function plannedRuns(config: GnConfig, view: TrainingView): PlannedRun[] {
  const { compare } = view;
  if (!compare || compare.values.length === 0) return [{ key: 'main', label: '', config }];
  return compare.values.map((token) => ({
    key: `${compare.kind}:${token}`,
    label: trainRunLabel(compare.kind, token),
    config: applyTrainCompare(config, compare.kind, token),
  }));
}

/** The core's settings (src/core/gn/train.ts) for the view's settings. */
export function coreTrainSettings(settings: TrainingSettingsView): TrainSettings {
  return {
    epochs: settings.epochs,
    lr: settings.lr,
    every: settings.every,
    ...(settings.batch !== null ? { batch: settings.batch } : {}),
    ...(settings.noise > 0 ? { noise: settings.noise } : {}),
  };
}

/** Why this configuration cannot be trained (the core's restrictions, in words), or null. */
export function trainingSupport(config: GnConfig): string | null {
  if (config.model !== 'mlp') {
    return 'Training runs on MLPs; choose the MLP model (the 1-D CNN is evaluated at initialisation only).';
  }
  if (config.batchNorm) {
    return 'Training with batch norm is not available: turn batch norm off to train.';
  }
  return null;
}

/** Whether the targets are image labels (otherwise a random linear teacher). */
export function usesImageLabels(config: GnConfig): boolean {
  return !config.Y && !config.X && isImageSource(config.data.source);
}

/** What the network is trained to fit, in words (src/core/gn/train.ts `trainingTargets`). */
export function targetsText(config: GnConfig, noise: number): string {
  if (config.Y) return 'the explicit targets Y of the configuration';
  const source = config.data.source;
  if (!config.X && isImageSource(source)) {
    const info = IMAGE_DATASETS[source];
    return `the one-hot labels (${info.classes} classes) of the first ${config.data.n} ${info.title.split(' (')[0]} images`;
  }
  return `a random linear teacher y = T x, T a seeded Gaussian ${config.k} × ${config.d} matrix${
    noise > 0 ? `, plus Gaussian noise σ = ${noise}` : ' (no noise)'
  }`;
}

export interface TrainingEstimate {
  samples: number;
  /** examples per step */
  batch: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** step 0 included */
  records: number;
  stepMs: number;
  recordMs: number;
  /** estimated wall time of one run to the end */
  totalMs: number;
  /** `refuse`: it will not start; `long`: it may take a while */
  level: 'ok' | 'long' | 'refuse';
  /** why it is not `ok`, in words */
  reason?: string;
}

function denseWeights(config: GnConfig): number {
  const sizes = [config.d, ...config.m, config.k];
  let p = 0;
  for (let l = 1; l < sizes.length; l++) p += sizes[l]! * sizes[l - 1]!;
  return p;
}

/**
 * The size of a run (steps, records) and its estimated time: a step costs ≈ 6·b·p flops
 * (forward 2bp, backward 4bp), a record the full-data loss (2np) plus one evaluation
 * ({@link estimateCost}). Refused when one evaluation is refused or there would be more than
 * {@link MAX_RECORDS} records.
 */
export function trainingEstimate(
  config: GnConfig,
  settings: TrainingSettingsView,
): TrainingEstimate {
  const samples = config.X ? config.X.length : config.data.n;
  const batch = settings.batch === null ? samples : Math.min(samples, settings.batch);
  const stepsPerEpoch = Math.ceil(samples / batch);
  const totalSteps = settings.epochs * stepsPerEpoch;
  const records = Math.floor(totalSteps / settings.every) + 1;
  const p = denseWeights(config);
  const stepMs = (6 * batch * p) / TRAIN_FLOPS_PER_MS;
  const cost = estimateCost(config);
  const recordMs = (2 * samples * p) / TRAIN_FLOPS_PER_MS + cost.ms;
  const totalMs = totalSteps * stepMs + records * recordMs;
  const base = { samples, batch, stepsPerEpoch, totalSteps, records, stepMs, recordMs, totalMs };
  if (cost.level === 'refuse') {
    return { ...base, level: 'refuse', reason: `each record is too large: ${cost.reason ?? ''}` };
  }
  if (records > MAX_RECORDS) {
    const every = Math.ceil(totalSteps / (MAX_RECORDS - 1));
    return {
      ...base,
      level: 'refuse',
      reason: `${records} records would keep too many spectra (at most ${MAX_RECORDS}): record every ${every} steps or more`,
    };
  }
  if (totalMs > LONG_RUN_MS) {
    return { ...base, level: 'long', reason: 'a long run: it can be paused at any time' };
  }
  return { ...base, level: 'ok' };
}
