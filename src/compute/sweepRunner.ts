/**
 * The sweep (docs/architecture.md §3): one `evaluateBrief` job per (series, point, seed)
 * of the plan src/model/sweepPlan.ts makes from the parameters and the sweep settings, at the
 * lowest priority. Its life is one explicit state ({@link SweepState}):
 *
 *   idle ─plan→ confirm ─approve→ waiting ─(current point answered, parameters quiet)→ running
 *                                   ↑plan                                               │
 *                                   └──────────── a new plan aborts it ─────────────────┘→ done
 *
 * A plan whose key did not change (e.g. dragging the swept parameter itself) is kept; only its
 * "you are here" marker moves. A sweep starts only once the current point is answered and the
 * parameters have been still for `quietMs`, so a drag is not slowed down by sweep jobs it would
 * cancel a moment later. Points the size guard refuses are skipped (gaps in the plot); a sweep
 * whose summed estimate exceeds {@link SWEEP_CONFIRM_MS} waits for `approveSweep`.
 */
import { sweepPlan, SWEEP_CONFIRM_MS } from '../model/sweepPlan';
import type { SweepPlan } from '../model/sweepPlan';
import { toSweepSample } from '../state/slices/resultsSlice';
import type { AppStore } from '../state/store';
import { SWEEP_PRIORITY, jobTimeLimitMs } from './jobs';
import type { Clock, EvaluateApi } from './jobs';
import { errorMessage, isAbortError } from './workerPool';
import type { WorkerPool } from './workerPool';

export type SweepState =
  /** no plan yet (or stopped) */
  | { kind: 'idle' }
  /** a long sweep waiting for the user's approval */
  | { kind: 'confirm'; plan: SweepPlan }
  /** waiting for the current point and the quiet period; `timer` wakes it when only the latter */
  | { kind: 'waiting'; plan: SweepPlan; timer: unknown }
  /** its jobs are in the pool; `done` of `total` have settled */
  | { kind: 'running'; plan: SweepPlan; abort: AbortController; done: number; total: number }
  /** every job settled (the store holds the samples) */
  | { kind: 'done'; plan: SweepPlan };

export interface SweepRunnerDeps {
  store: AppStore;
  pool: Pick<WorkerPool<EvaluateApi>, 'submit'>;
  /** the current point is answered (a slider drag must stay fluid while a sweep waits) */
  currentSettled: () => boolean;
  /** when the parameters last changed (the clock's time) */
  lastChangeAt: () => number;
  /** the parameters must have been still this long (ms) */
  quietMs: number;
  clock: Clock;
}

export class SweepRunner {
  private current: SweepState = { kind: 'idle' };

  constructor(private readonly deps: SweepRunnerDeps) {}

  get state(): SweepState {
    return this.current;
  }

  /** Plans the sweep of the store's parameters and settings; a new plan replaces the old. */
  plan(): void {
    const state = this.deps.store.getState();
    const plan = sweepPlan(state.params, state.sweepSettings);
    if (this.current.kind !== 'idle' && this.current.plan.key === plan.key) return;
    this.leave();
    const needsApproval = plan.estimateMs > SWEEP_CONFIRM_MS && state.approvedSweepKey !== plan.key;
    this.current = needsApproval
      ? { kind: 'confirm', plan }
      : { kind: 'waiting', plan, timer: null };
    state.beginSweep(plan, needsApproval);
    this.tryStart();
  }

  /** The user approved the long sweep `key`. */
  approve(key: string | null): void {
    if (this.current.kind !== 'confirm' || this.current.plan.key !== key) return;
    this.current = { kind: 'waiting', plan: this.current.plan, timer: null };
    this.tryStart();
  }

  /** Starts a waiting sweep if the current point is answered and the parameters are quiet. */
  tryStart(): void {
    const waiting = this.current;
    if (waiting.kind !== 'waiting' || !this.deps.currentSettled()) return;
    const { clock, quietMs } = this.deps;
    const wait = this.deps.lastChangeAt() + quietMs - clock.now();
    if (wait > 0) {
      if (waiting.timer === null)
        waiting.timer = clock.setTimeout(() => {
          waiting.timer = null;
          if (this.current === waiting) this.tryStart();
        }, wait);
      return;
    }
    this.run(waiting.plan);
  }

  /** Cancels every sweep job and timer. */
  stop(): void {
    this.leave();
    this.current = { kind: 'idle' };
  }

  /** Ends the present state's work (its jobs, its timer). */
  private leave(): void {
    const state = this.current;
    if (state.kind === 'running') state.abort.abort();
    if (state.kind === 'waiting' && state.timer !== null) {
      this.deps.clock.clearTimeout(state.timer);
      state.timer = null;
    }
  }

  private run(plan: SweepPlan): void {
    const { store, pool } = this.deps;
    const indices = plan.configs.flatMap((_, index) => (plan.skipped[index] ? [] : [index]));
    const running: SweepState = {
      kind: 'running',
      plan,
      abort: new AbortController(),
      done: 0,
      total: indices.length,
    };
    const { signal } = running.abort;
    this.current = running;
    store.getState().markSweepRunning(plan.key);
    const settled = () => {
      running.done++;
      if (this.current === running && running.done === running.total)
        this.current = { kind: 'done', plan };
    };
    if (indices.length === 0) this.current = { kind: 'done', plan };
    for (const index of indices) {
      pool
        .submit((api) => api.evaluateBrief(plan.configs[index]!), {
          priority: SWEEP_PRIORITY,
          signal,
          timeLimitMs: jobTimeLimitMs(plan.pointMs[index] ?? Infinity),
        })
        .then(
          (result) => {
            if (!signal.aborted)
              store.getState().addSweepSample(plan.key, index, toSweepSample(result));
          },
          (error: unknown) => {
            if (signal.aborted || isAbortError(error)) return;
            store.getState().addSweepSample(plan.key, index, { error: errorMessage(error) });
          },
        )
        .finally(settled);
    }
  }
}
