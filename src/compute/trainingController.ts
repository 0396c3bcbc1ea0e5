/**
 * The run controller of the training panel, outside React: play, pause, step and reset drive
 * the training worker in chunks (`advance` with a time budget), so the page never blocks and the
 * run goes on while the reader scrolls or looks at other panels. Knows nothing about comlink: it
 * talks to a {@link TrainWorkerLike}, so the logic is tested with a fake worker.
 *
 * Newest settings win: a change of the network (params) or of the training view resets the run
 * (a new generation); chunks of the old generation are dropped, and a chunk still running in the
 * worker is cut short by terminating the worker (a fresh one starts with the next run).
 *
 * Compared runs live in the same worker under their own run ids and advance round-robin, one
 * chunk each in turn.
 */
import type { TrainRecord, TrainSettings } from '../core/gn/train';
import type { GnConfig } from '../core/types';
import type { StoreMutators } from '../state/storeTypes';
import type { Mutate, StoreApi } from 'zustand/vanilla';
import {
  coreTrainSettings,
  plannedRuns,
  trainingEstimate,
  trainingSupport,
} from '../model/trainingPlan';
import type { TrainingChunk, TrainingSlice } from '../state/slices/trainingSlice';
import { errorMessage } from './workerPool';

/** What the controller needs from the training worker (workers/train.worker.ts). */
export interface TrainWorkerLike {
  start(
    id: number,
    config: GnConfig,
    settings: TrainSettings,
  ): Promise<{ first: TrainRecord; totalSteps: number }>;
  advance(id: number, maxSteps: number, budgetMs?: number): Promise<TrainingChunk>;
  stop(id: number): Promise<boolean>;
}

export interface TrainWorkerHandle {
  api: TrainWorkerLike;
  /** ends the worker; calls still pending reject */
  terminate(): void;
  /** true once the worker cannot answer any more (it failed to load, or died): replaced */
  isDead?(): boolean;
}

/** The part of the app's state the controller reads: the params and this slice. */
export type TrainingHost = TrainingSlice & { params: GnConfig };
export type TrainingStore = Mutate<StoreApi<TrainingHost>, StoreMutators>;

/** Wall time of one chunk in the worker: short enough for ~6 updates per second. */
export const CHUNK_BUDGET_MS = 150;
/** `advance` without a step limit (the time budget ends the chunk). */
const UNLIMITED_STEPS = 1_000_000_000;

export const RESET_MESSAGES = {
  params: 'The network changed: the training run was reset.',
  view: 'The training settings changed: the training run was reset.',
  user: null,
} as const;

export class TrainingController {
  private worker: TrainWorkerHandle | null = null;
  private nextId = 1;
  /** worker run ids of the current generation, by run index */
  private ids: number[] = [];
  /** calls sent to the worker and not answered yet */
  private inFlight = 0;
  /** the generation a play loop or step is working for (one at a time) */
  private busy: number | null = null;
  private readonly stopSubscriptions: () => void;

  constructor(
    private readonly store: TrainingStore,
    private readonly createWorker: () => TrainWorkerHandle,
    private readonly options: { budgetMs?: number; now?: () => number } = {},
  ) {
    let paramsKey = JSON.stringify(store.getState().params);
    const stopParams = store.subscribe(
      (s) => s.params,
      (params) => {
        // Actions build new objects even for unchanged values (a slider at its end).
        const key = JSON.stringify(params);
        if (key === paramsKey) return;
        paramsKey = key;
        this.resetFor('params');
      },
    );
    let viewKey = JSON.stringify(store.getState().training.view);
    const stopView = store.subscribe(
      (s) => s.training.view,
      (view) => {
        const key = JSON.stringify(view);
        if (key === viewKey) return;
        viewKey = key;
        this.resetFor('view');
      },
    );
    this.stopSubscriptions = () => {
      stopParams();
      stopView();
    };
  }

  /** Starts (or resumes) training; a pause that has not taken effect yet is cancelled. */
  play(): void {
    const t = this.store.getState().training;
    if (t.status === 'pausing') {
      this.store.getState().trainingSetStatus(t.generation, 'running');
      return;
    }
    if (t.status !== 'ready' && t.status !== 'paused') return;
    const generation = t.generation;
    void this.run(generation, async () => {
      if (!(await this.ensureStarted(generation))) return;
      if (this.stale(generation)) return;
      // Pause pressed while the runs were starting.
      if (this.store.getState().training.status === 'pausing') {
        this.setStatus(generation, 'paused');
        return;
      }
      this.setStatus(generation, 'running');
      await this.loop(generation);
    });
  }

  /** Stops after the chunk in flight (its records still arrive: the worker has taken them). */
  pause(): void {
    const t = this.store.getState().training;
    if (t.status === 'running' || t.status === 'starting') {
      this.store.getState().trainingSetStatus(t.generation, 'pausing');
    }
  }

  /** Exactly one more step of every run (starting the runs first when needed). */
  step(): void {
    const t = this.store.getState().training;
    if (t.status !== 'ready' && t.status !== 'paused') return;
    const generation = t.generation;
    void this.run(generation, async () => {
      if (!(await this.ensureStarted(generation))) return;
      if (this.stale(generation)) return;
      this.setStatus(generation, 'stepping');
      const runs = this.store.getState().training.runs;
      for (let i = 0; i < runs.length; i++) {
        if (runs[i]!.done) continue;
        await this.advanceRun(generation, i, 1);
        if (this.stale(generation)) return;
      }
      this.finishOr(generation, 'paused');
    });
  }

  /** Forgets every run; the next play starts from step 0 with the current settings. */
  reset(): void {
    this.resetFor('user');
  }

  dispose(): void {
    this.stopSubscriptions();
    this.store.getState().trainingReset(null);
    this.worker?.terminate();
    this.worker = null;
  }

  private resetFor(reason: keyof typeof RESET_MESSAGES): void {
    const t = this.store.getState().training;
    const hadRuns = t.runs.length > 0;
    this.store.getState().trainingReset(hadRuns ? RESET_MESSAGES[reason] : null);
    const ids = this.ids;
    this.ids = [];
    this.busy = null;
    if (!this.worker) return;
    if (this.inFlight > 0) {
      // A chunk (or a start) is running in the worker and cannot be interrupted there: end the
      // worker so the next run does not wait behind stale work.
      this.worker.terminate();
      this.worker = null;
      this.inFlight = 0;
    } else {
      for (const id of ids) this.worker.api.stop(id).catch(() => undefined);
    }
  }

  /** Runs `job` unless another play/step is working for this generation. */
  private async run(generation: number, job: () => Promise<void>): Promise<void> {
    if (this.busy === generation) return;
    this.busy = generation;
    try {
      await job();
    } finally {
      if (this.busy === generation) this.busy = null;
    }
  }

  private stale(generation: number): boolean {
    return this.store.getState().training.generation !== generation;
  }

  private setStatus(generation: number, status: TrainingSlice['training']['status']): void {
    this.store.getState().trainingSetStatus(generation, status);
  }

  private api(): TrainWorkerLike {
    this.worker ??= this.createWorker();
    return this.worker.api;
  }

  private async call<T>(send: (api: TrainWorkerLike) => Promise<T>): Promise<T> {
    const api = this.api();
    const worker = this.worker;
    this.inFlight++;
    try {
      return await send(api);
    } finally {
      this.inFlight = Math.max(0, this.inFlight - 1);
      // A dead worker is replaced by a fresh one at the next call.
      if (worker && worker === this.worker && worker.isDead?.()) {
        worker.terminate();
        this.worker = null;
      }
    }
  }

  /** Starts the planned runs in the worker unless they are started; false when nothing can run. */
  private async ensureStarted(generation: number): Promise<boolean> {
    const state = this.store.getState();
    if (state.training.runs.length > 0) return true;
    const { params } = state;
    const { view } = state.training;
    const why = trainingSupport(params) ?? this.refusal(params, view);
    if (why) {
      this.store.getState().trainingSetStatus(generation, 'error', why);
      return false;
    }
    const plan = plannedRuns(params, view);
    this.store.getState().trainingBegin(generation, plan);
    this.ids = plan.map(() => this.nextId++);
    const settings = coreTrainSettings(view.settings);
    for (let i = 0; i < plan.length; i++) {
      try {
        const { first, totalSteps } = await this.call((api) =>
          api.start(this.ids[i]!, plan[i]!.config, settings),
        );
        if (this.stale(generation)) return false;
        this.store.getState().trainingStarted(generation, i, first, totalSteps);
      } catch (error) {
        if (this.stale(generation)) return false;
        this.store.getState().trainingFailRun(generation, i, errorMessage(error));
      }
    }
    return !this.allFailed(generation);
  }

  private refusal(params: GnConfig, view: TrainingHost['training']['view']): string | null {
    for (const run of plannedRuns(params, view)) {
      const why = trainingSupport(run.config);
      if (why) return `${run.label ? `${run.label}: ` : ''}${why}`;
      const estimate = trainingEstimate(run.config, view.settings);
      if (estimate.level === 'refuse') {
        return `${run.label ? `${run.label}: ` : ''}not started: ${estimate.reason ?? ''}`;
      }
    }
    return null;
  }

  /** True (and status `error`) when every run has failed. */
  private allFailed(generation: number): boolean {
    const { runs } = this.store.getState().training;
    if (runs.length === 0 || runs.some((r) => !r.error)) return false;
    this.store.getState().trainingSetStatus(generation, 'error', runs[0]!.error);
    return true;
  }

  /** `done` when every run has finished (or `error` when all failed), else `otherwise`. */
  private finishOr(generation: number, otherwise: 'paused'): void {
    const { runs } = this.store.getState().training;
    if (runs.every((r) => r.done)) {
      if (!this.allFailed(generation)) this.setStatus(generation, 'done');
      // Finished runs keep their records here; the worker's copies (data, weights) can go.
      for (const id of this.ids) this.worker?.api.stop(id).catch(() => undefined);
    } else this.setStatus(generation, otherwise);
  }

  private async advanceRun(generation: number, index: number, maxSteps: number): Promise<void> {
    const now = this.options.now ?? (() => performance.now());
    const before = this.store.getState().training.runs[index]!.step;
    const t0 = now();
    try {
      const chunk = await this.call((api) =>
        api.advance(this.ids[index]!, maxSteps, this.options.budgetMs ?? CHUNK_BUDGET_MS),
      );
      if (this.stale(generation)) return;
      const seconds = (now() - t0) / 1000;
      const rate = seconds > 0 ? (chunk.step - before) / seconds : undefined;
      this.store.getState().trainingAppend(generation, index, chunk, rate);
    } catch (error) {
      if (this.stale(generation)) return;
      this.store.getState().trainingFailRun(generation, index, errorMessage(error));
    }
  }

  /** Round-robin chunks until paused, finished, or a newer generation. */
  private async loop(generation: number): Promise<void> {
    let last = -1;
    for (;;) {
      const t = this.store.getState().training;
      if (t.generation !== generation) return;
      if (t.status === 'pausing') {
        this.setStatus(generation, 'paused');
        return;
      }
      if (t.status !== 'running') return;
      const pending = t.runs.flatMap((r, i) => (r.done ? [] : [i]));
      if (pending.length === 0) {
        this.finishOr(generation, 'paused');
        return;
      }
      // The next unfinished run after the last one served (runs finish at different times).
      last = pending.find((i) => i > last) ?? pending[0]!;
      await this.advanceRun(generation, last, UNLIMITED_STEPS);
    }
  }
}
